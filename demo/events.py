"""Demo events: KompetanseForum three times a year and a network meeting in the autumn,
with participants from the demo companies, every year up to today."""

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser

from demo.companies import person_name
from demo.timeline import FIRST_YEAR, stream
from programmes.models import Company, Event, Naeringshage, Office
from programmes.selectors import events_of
from programmes.services import event_create, participant_add

OSLO = ZoneInfo("Europe/Oslo")

KOMPETANSEFORUM_TITLES = [
    "Digital markedsføring for små bedrifter",
    "Lønnsomhet i lokalmat",
    "Eierskifte og generasjonsskifte",
    "Reiseliv hele året",
    "Innovasjon og virkemidler",
    "Rekruttering til distriktene",
    "Styrearbeid i små selskaper",
    "Bærekraft som konkurransefortrinn",
    "Kunstig intelligens i hverdagen",
    "Eksport fra fjellregionen",
    "Finansiering av vekst",
    "Salg og kundeservice",
    "Energi og klimatiltak i bedriften",
    "Kompetanse og læring på arbeidsplassen",
]
# (month, kind, title or None for the next KompetanseForum title)
PROGRAMME = [
    (2, Event.Kind.KOMPETANSEFORUM, None),
    (4, Event.Kind.KOMPETANSEFORUM, None),
    (9, Event.Kind.NETWORK_MEETING, "Nettverksmøte for reiselivsbedrifter"),
    (11, Event.Kind.KOMPETANSEFORUM, None),
]


def _title(kind: str, title: str | None, year: int, number: int) -> str:
    if title is not None:
        return title
    forums_a_year = sum(1 for _m, k, _t in PROGRAMME if k == Event.Kind.KOMPETANSEFORUM)
    index = (year - FIRST_YEAR) * forums_a_year + number
    return f"KompetanseForum: {KOMPETANSEFORUM_TITLES[index % len(KOMPETANSEFORUM_TITLES)]}"


def demo_events(
    *,
    naeringshage: Naeringshage,
    advisers: list[AbstractBaseUser],
    companies: list[Company],
    year: int,
    today: date,
) -> int:
    """The year's events that have begun by today, with participants. Nothing when the
    næringshage has events in the year already. Returns the number made. `advisers`
    must work for the næringshage (they are made responsible)."""
    offices = list(
        Office.objects.for_naeringshage(naeringshage).select_related("municipality").order_by("pk")
    )
    if not advisers or not offices or not companies:
        return 0
    if events_of(naeringshage=naeringshage).filter(starts_at__year=year).exists():
        return 0
    rng = stream("events", year)
    made = forums = 0
    for month, kind, title in PROGRAMME:
        day = date(year, month, rng.randrange(8, 23))
        if day.weekday() >= 5:
            day -= timedelta(days=day.weekday() - 3)  # the Thursday before
        name = _title(kind, title, year, forums)
        forums += kind == Event.Kind.KOMPETANSEFORUM
        if day > today:
            continue
        _event(
            naeringshage=naeringshage,
            office=rng.choice(offices),
            responsible=rng.choice(advisers),
            companies=companies,
            day=day,
            title=name,
            kind=kind,
            rng=rng,
        )
        made += 1
    return made


def _event(
    *,
    naeringshage: Naeringshage,
    office: Office,
    responsible: AbstractBaseUser,
    companies: list[Company],
    day: date,
    title: str,
    kind: str,
    rng: random.Random,
) -> None:
    starts_at = datetime(day.year, day.month, day.day, 9, 0, tzinfo=OSLO)
    event = event_create(
        naeringshage=naeringshage,
        title=title,
        kind=kind,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=rng.choice([3, 4, 6])),
        municipality=office.municipality,
        venue=f"Næringshagens kontor på {office.name}",
        responsible=responsible,
        description="Faglig innlegg, erfaringsdeling og nettverk. Lunsj serveres.",
    )
    for company in rng.sample(companies, min(len(companies), rng.randrange(4, 11))):
        contact = company.contact_persons.first()
        if contact is not None:
            participant_add(event=event, name=contact.name, company=company, email=contact.email)
    for _ in range(rng.randrange(0, 3)):
        participant_add(event=event, name=person_name(rng))
