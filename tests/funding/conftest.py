"""Funding tests start from the real reference data (`load_reference_data`)."""

from datetime import date
from decimal import Decimal

import pytest

from funding.models import Funder, Grant, TierModel
from funding.services import grant_create
from programmes.models import Naeringshage, StaffMembership


@pytest.fixture
def roros(reference_data) -> Naeringshage:
    return Naeringshage.objects.get(slug="rorosregionen")


@pytest.fixture
def other_naeringshage(reference_data) -> Naeringshage:
    roros = Naeringshage.objects.get(slug="rorosregionen")
    return Naeringshage.objects.create(
        slug="annen", name="Annen Næringshage AS", programme=roros.programme
    )


@pytest.fixture
def siva(reference_data) -> Funder:
    return Funder.objects.get(slug="siva")


@pytest.fixture
def model_2016(reference_data) -> TierModel:
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


@pytest.fixture
def roros_municipality(reference_data):
    from municipalities.models import Municipality

    return Municipality.objects.get(slug="roros")


@pytest.fixture
def company(roros, roros_municipality):
    from programmes.models import Company

    return Company.objects.create(
        naeringshage=roros,
        organisation_number="912345688",
        name="Fjellbakst AS",
        municipality=roros_municipality,
    )


@pytest.fixture
def advice(reference_data):
    from programmes.models import ServiceType

    return ServiceType.objects.get(slug="radgivning")


@pytest.fixture
def frame_2016(roros) -> Grant:
    return Grant.objects.get(naeringshage=roros, kind=Grant.Kind.SIVA_FRAME, first_year=2016)


@pytest.fixture
def roros_adviser(adviser, roros):
    StaffMembership.objects.get_or_create(user=adviser, defaults={"naeringshage": roros})
    return adviser


def draft_for(company, adviser, service_type, **overrides):
    """A service draft: 10 hours at 1 000 kr on the 2016 Siva frame, 25 % own share."""
    from funding.services import ServiceDraft

    fields = {
        "naeringshage": company.naeringshage,
        "company": company,
        "adviser": adviser,
        "service_type": service_type,
        "date": date(2016, 9, 15),
        "hours": Decimal("10"),
        "hourly_rate": Decimal("1000"),
        "own_share": Decimal("2500"),
    }
    fields.update(overrides)
    if "grant" not in fields:
        fields["grant"] = Grant.objects.get(
            naeringshage=company.naeringshage, kind=Grant.Kind.SIVA_FRAME, first_year=2016
        )
    return ServiceDraft(**fields)
