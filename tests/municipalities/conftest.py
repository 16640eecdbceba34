import pytest
from django.core.management import call_command
from django.utils import translation


@pytest.fixture(autouse=True)
def _norwegian():
    # Messages are checked in Norwegian whatever an earlier test left active.
    with translation.override("nb"):
        yield


@pytest.fixture
def reference_data(db):
    """The counties, municipalities, programme and region of data/reference."""
    call_command("load_reference_data", verbosity=0)
