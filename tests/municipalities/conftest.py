import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _norwegian():
    # Messages are checked in Norwegian whatever an earlier test left active.
    with translation.override("nb"):
        yield
