"""Funding tests start from the real reference data (`load_reference_data`)."""

from datetime import date
from decimal import Decimal

import pytest

from funding.models import Funder, Grant, TierModel
from funding.services import grant_create, service_record, service_void
from municipalities.models import Municipality
from programmes.models import Company, Naeringshage, StaffMembership


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


@pytest.fixture
def tynset_company(roros, reference_data):
    return Company.objects.create(
        naeringshage=roros,
        organisation_number="987654325",
        name="Tynset Trevare AS",
        municipality=Municipality.objects.get(slug="tynset"),
    )


@pytest.fixture
def services(tynset_company, roros_adviser, advice):
    """2016: 10 h × 1 000 on the frame; 2016: a voided one; 2021: 3 h × 900 at market price."""
    frame = service_record(
        draft=draft_for(tynset_company, roros_adviser, advice), recorded_by=roros_adviser
    )
    voided = service_record(
        draft=draft_for(
            tynset_company, roros_adviser, advice, hours=Decimal("1"), own_share=Decimal("250")
        ),
        recorded_by=roros_adviser,
    )
    service_void(service=voided, reason="Feil", voided_by=roros_adviser)
    market = service_record(
        draft=draft_for(
            tynset_company,
            roros_adviser,
            advice,
            date=date(2021, 2, 3),
            grant=None,
            own_share=None,
            hours=Decimal("3"),
            hourly_rate=Decimal("900"),
        ),
        recorded_by=roros_adviser,
    )
    return frame, market


FORMULA_NAMES = {
    "910000004": '=HYPERLINK("http://x","klikk")',
    "910000012": "=1+1",
    "910000020": "+47 123",
    "910000039": "@SUM(A1)",
    "910000047": "-2+3",
    "910000055": "\tTabulator AS",
}


@pytest.fixture
def formula_companies(roros, roros_adviser, advice):
    """A company for each name a spreadsheet would run as a formula, each with a service
    of 1 h × 1 000 (250 own share) whose description is a formula too."""
    for number, name in FORMULA_NAMES.items():
        company = Company.objects.create(
            naeringshage=roros,
            organisation_number=number,
            name=name,
            municipality=Municipality.objects.get(slug="tynset"),
        )
        service_record(
            draft=draft_for(
                company,
                roros_adviser,
                advice,
                hours=Decimal("1"),
                own_share=Decimal("250"),
                description="=cmd|' /C calc'!A0",
            ),
            recorded_by=roros_adviser,
        )
