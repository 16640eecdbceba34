import pytest
from django.utils import translation

from programmes.models import Naeringshage
from programmes.services import staff_membership_set


@pytest.fixture(autouse=True)
def _norwegian():
    # Messages are checked in Norwegian whatever an earlier test left active.
    with translation.override("nb"):
        yield


@pytest.fixture
def rorosregionen(reference_data) -> Naeringshage:
    return Naeringshage.objects.get(slug="rorosregionen")


@pytest.fixture
def staff_of_rorosregionen(rorosregionen, adviser, manager) -> Naeringshage:
    """The shared adviser and manager, both working for Rørosregionen."""
    staff_membership_set(user=adviser, naeringshage=rorosregionen)
    staff_membership_set(user=manager, naeringshage=rorosregionen)
    return rorosregionen


@pytest.fixture
def other_naeringshage(reference_data) -> Naeringshage:
    """A second næringshage in the same installation, whose data Rørosregionen's staff
    must never see."""
    roros = Naeringshage.objects.get(slug="rorosregionen")
    return Naeringshage.objects.create(
        slug="annen", name="Annen Næringshage AS", programme=roros.programme
    )
