"""Funding tests start from the real reference data (`load_reference_data`)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from funding.models import Funder, Grant, TierModel
from funding.services import grant_create
from programmes.models import Naeringshage, StaffMembership


@pytest.fixture
def reference(db):
    call_command("load_reference_data", verbosity=0)


@pytest.fixture
def roros(reference) -> Naeringshage:
    return Naeringshage.objects.get(slug="rorosregionen")


@pytest.fixture
def other_naeringshage(reference) -> Naeringshage:
    roros = Naeringshage.objects.get(slug="rorosregionen")
    return Naeringshage.objects.create(
        slug="annen", name="Annen Næringshage AS", programme=roros.programme
    )


@pytest.fixture
def siva(reference) -> Funder:
    return Funder.objects.get(slug="siva")


@pytest.fixture
def model_2016(reference) -> TierModel:
    return TierModel.objects.valid_in(2016).get()


@pytest.fixture
def staff(adviser, manager, roros):
    """The adviser and the manager work for Rørosregionen."""
    for user in (adviser, manager):
        StaffMembership.objects.create(user=user, naeringshage=roros)


def record_grant(naeringshage, funder, **overrides) -> Grant:
    fields = {
        "kind": Grant.Kind.REGIONAL_DEVELOPMENT,
        "first_year": 2016,
        "last_year": 2016,
        "amount": Decimal("400000"),
        "granted_on": date(2016, 2, 1),
    }
    fields.update(overrides)
    return grant_create(naeringshage=naeringshage, funder=funder, **fields)
