"""Rows for the programme's tests, made through the services (so they are valid)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from municipalities.models import Municipality
from programmes.models import Company, Event, Naeringshage
from programmes.organisation_numbers import calc_check_digit
from programmes.services import company_create, enrolment_create, event_create

OSLO = ZoneInfo("Europe/Oslo")


def organisation_number(serial: int) -> str:
    """A valid organisation number per serial: 9 + seven digits + its check digit."""
    for offset in range(20):
        first_eight = f"9{serial * 20 + offset:07d}"
        check = calc_check_digit(first_eight)
        if check is not None:
            return first_eight + check
    raise AssertionError("no check digit")


def municipality(slug: str) -> Municipality:
    return Municipality.objects.get(slug=slug)


def make_company(
    naeringshage: Naeringshage, serial: int = 1, *, name: str | None = None, place: str = "roros"
) -> Company:
    return company_create(
        naeringshage=naeringshage,
        organisation_number=organisation_number(serial),
        name=name or f"Bedrift {serial:03d} AS",
        municipality=municipality(place),
    )


def enrol(company: Company, start: date, end: date | None = None, kind: str = "target"):
    return enrolment_create(company=company, kind=kind, start_date=start, end_date=end)


def oslo(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=OSLO)


def make_event(naeringshage: Naeringshage, responsible, **overrides) -> Event:
    fields = {
        "title": "KompetanseForum: Eierskifte",
        "kind": Event.Kind.KOMPETANSEFORUM,
        "starts_at": oslo(2016, 9, 22, 9, 0),
        "ends_at": oslo(2016, 9, 22, 13, 0),
        "municipality": municipality("tynset"),
        "venue": "Næringshagens kontor på Tynset",
        "responsible": responsible,
    }
    fields.update(overrides)
    return event_create(naeringshage=naeringshage, **fields)
