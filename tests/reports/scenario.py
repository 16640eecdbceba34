"""A small 2016 (and 2024) world whose figures the tests work out by hand."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from funding.models import PricedService
from funding.services import service_record, service_void
from municipalities.models import Municipality
from programmes.models import Company, Enrolment, Event, Participant
from tests.funding.conftest import draft_for


@dataclass
class Scenario:
    fjellbakst: Company  # Røros
    tynsetsag: Company  # Tynset


def record(company, adviser, service_type, **fields) -> PricedService:
    return service_record(
        draft=draft_for(company, adviser, service_type, **fields), recorded_by=adviser
    )


def build(*, roros, company, adviser, advice) -> Scenario:
    """Services in 2016, drawn on the Siva frame (1 500 000 kr) unless at market price:

    | # | company            | date       | price                | own share | subsidy | half |
    |---|--------------------|------------|----------------------|-----------|---------|------|
    | 1 | Fjellbakst (Røros) | 10.03.2016 | 10 h × 1 000 = 10 000 | 2 500     | 7 500   | 1    |
    | 2 | Fjellbakst (Røros) | 15.09.2016 | 4 h × 1 000 = 4 000   | 1 000     | 3 000   | 2    |
    | 3 | Tynset Sag (Tynset)| 20.05.2016 | 3 h, fixed 8 000      | 2 000     | 6 000   | 1    |
    | 4 | Tynset Sag (Tynset)| 01.10.2016 | 5 h × 900 = 4 500, market | 4 500 | 0       | 2    |
    | 5 | Fjellbakst (Røros) | 01.11.2016 | 8 h × 1 000 = 8 000, VOIDED | 2 000 | 6 000 | 2  |
    """
    tynsetsag = Company.objects.create(
        naeringshage=roros,
        organisation_number="987654325",
        name="Tynset Sag AS",
        municipality=Municipality.objects.get(slug="tynset"),
    )
    record(company, adviser, advice, date=date(2016, 3, 10))
    record(
        company,
        adviser,
        advice,
        date=date(2016, 9, 15),
        hours=Decimal("4"),
        own_share=Decimal("1000"),
    )
    record(
        tynsetsag,
        adviser,
        advice,
        date=date(2016, 5, 20),
        hours=Decimal("3"),
        hourly_rate=None,
        fixed_price=Decimal("8000"),
        own_share=Decimal("2000"),
    )
    record(
        tynsetsag,
        adviser,
        advice,
        date=date(2016, 10, 1),
        hours=Decimal("5"),
        hourly_rate=Decimal("900"),
        own_share=None,
        grant=None,
    )
    voided = record(
        company,
        adviser,
        advice,
        date=date(2016, 11, 1),
        hours=Decimal("8"),
        own_share=Decimal("2000"),
    )
    service_void(service=voided, reason="Feilregistrert", voided_by=adviser)

    # New målbedrifter: Fjellbakst from 1 March 2016 (H1) counts; a member company and
    # a målbedrift from 2015 do not.
    Enrolment.objects.create(
        company=company, kind=Enrolment.Kind.TARGET, start_date=date(2016, 3, 1)
    )
    Enrolment.objects.create(
        company=tynsetsag, kind=Enrolment.Kind.MEMBER, start_date=date(2016, 8, 1)
    )
    Enrolment.objects.create(
        company=tynsetsag,
        kind=Enrolment.Kind.TARGET,
        start_date=date(2015, 6, 1),
        end_date=date(2016, 7, 31),  # enrolments of one company may not overlap
    )

    # Events: one in H1 with 3 participants, one in H2 with 1, one in 2015 with 2.
    for starts, names in (
        (datetime(2016, 4, 12, 9), ["Kari", "Ola", "Per"]),
        (datetime(2016, 12, 31, 23, 30), ["Anne"]),  # still 2016 in Oslo
        (datetime(2015, 11, 5, 9), ["Siri", "Nils"]),
    ):
        event = Event.objects.create(
            naeringshage=roros,
            title=f"KompetanseForum {starts:%d.%m.%Y}",
            kind=Event.Kind.KOMPETANSEFORUM,
            starts_at=timezone.make_aware(starts),
            municipality=Municipality.objects.get(slug="roros"),
        )
        for name in names:
            Participant.objects.create(event=event, name=name)
    return Scenario(fjellbakst=company, tynsetsag=tynsetsag)
