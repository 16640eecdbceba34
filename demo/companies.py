"""Demo companies, enrolments and events: a realistic, clearly fictional set, so that a
demo installation shows a living product. Never run in production (`seed_demo` guards).

Names are made up from word parts no real company is meant to carry; organisation
numbers are random digits with a valid check digit; e-mail addresses use the reserved
`.example` domain.
"""

import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from municipalities.models import Municipality
from programmes.models import Company, Enrolment, Event, Naeringshage, Office, RegionMembership
from programmes.organisation_numbers import calc_check_digit
from programmes.selectors import companies_of
from programmes.services import (
    company_create,
    contact_person_create,
    enrolment_create,
    event_create,
    key_figures_create,
    participant_add,
)

COMPANY_COUNT = 60
OSLO = ZoneInfo("Europe/Oslo")

# Made-up place-like first parts and trades: “Lyngtind Bakeri AS”, “Myrkoll Sag AS”.
NAME_STARTS = [
    "Lyngtind", "Myrkoll", "Fjellbakst", "Elvemo", "Reinsli", "Kvitmyr", "Bjørkås",
    "Grålia", "Tjønnvik", "Furuhaug", "Steinsvoll", "Høgmo", "Vidde", "Snøklett",
    "Glimmerdal", "Sølvberg", "Kobberlia", "Ramsdal", "Sjølia", "Nordvang",
]  # fmt: skip
NAME_TRADES = [
    ("Bakeri", "10.710"), ("Sag", "16.100"), ("Snekkeri", "16.230"), ("Regnskap", "69.201"),
    ("Reiseliv", "79.900"), ("Gårdsmat", "10.890"), ("Kraft", "35.112"), ("Design", "74.100"),
    ("Bygg", "41.200"), ("Data", "62.010"), ("Ysteri", "10.510"), ("Husflid", "32.990"),
    ("Transport", "49.410"), ("Rørlegger", "43.220"), ("Fjellstue", "55.101"),
]  # fmt: skip
FIRST_NAMES = [
    "Kari", "Ola", "Ingrid", "Per", "Silje", "Jon", "Marit", "Erik", "Astrid", "Lars",
    "Guro", "Knut", "Hilde", "Trond", "Sigrid", "Bjørn", "Tone", "Arne", "Ragnhild", "Eirik",
]  # fmt: skip
LAST_NAMES = [
    "Haugen", "Moen", "Bakken", "Lien", "Solberg", "Vold", "Rønning", "Eggen", "Brekken",
    "Hagen", "Sletten", "Aune", "Kjelsås", "Gjelten", "Tørres",
]  # fmt: skip
ROLES = ["daglig leder", "styreleder", "økonomiansvarlig", "markedsansvarlig"]
STREETS = ["Storgata", "Kirkegata", "Bergmannsgata", "Sagveien", "Elvevegen", "Stasjonsvegen"]

EVENTS = [
    (date(2016, 2, 11), "KompetanseForum: Digital markedsføring for små bedrifter"),
    (date(2016, 4, 14), "KompetanseForum: Lønnsomhet i lokalmat"),
    (date(2016, 9, 22), "KompetanseForum: Eierskifte og generasjonsskifte"),
    (date(2016, 11, 17), "KompetanseForum: Reiseliv hele året"),
    (date(2017, 3, 9), "KompetanseForum: Innovasjon og virkemidler"),
    (date(2017, 5, 18), "KompetanseForum: Rekruttering til distriktene"),
    (date(2017, 10, 12), "KompetanseForum: Styrearbeid i små selskaper"),
]


def _organisation_number(rng: random.Random, taken: set[str]) -> str:
    """Nine digits with a valid check digit, not yet used."""
    while True:
        first_eight = "9" + "".join(str(rng.randrange(10)) for _ in range(7))
        check = calc_check_digit(first_eight)
        if check is not None and first_eight + check not in taken:
            taken.add(first_eight + check)
            return first_eight + check


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _ascii(text: str, separator: str) -> str:
    text = text.lower()
    for letter, plain in (("æ", "ae"), ("ø", "o"), ("å", "a")):
        text = text.replace(letter, plain)
    return separator.join(text.split())


def _email(person: str, company_name: str) -> str:
    return f"{_ascii(person, '.')}@{_ascii(company_name.removesuffix(' AS'), '')}.example"


def _phone(rng: random.Random) -> str:
    return f"+47 {rng.randrange(400, 999)} {rng.randrange(10, 99)} {rng.randrange(100, 999)}"


def _random_day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _enrol(rng: random.Random, company: Company) -> None:
    kind = rng.choices(
        [Enrolment.Kind.TARGET, Enrolment.Kind.MEMBER, Enrolment.Kind.OTHER], weights=[4, 4, 2]
    )[0]
    start = _random_day(rng, date(2014, 1, 1), date(2017, 10, 31))
    end = None
    if rng.random() < 0.2:
        end = min(start + timedelta(days=rng.randrange(180, 900)), date(2018, 12, 31))
    enrolment_create(
        company=company,
        kind=kind,
        start_date=start,
        end_date=end,
        goals=rng.choice(
            [
                "Økt omsetning gjennom nye markeder.",
                "Profesjonalisere styrearbeidet.",
                "Utvikle nye produkter for reiselivet.",
                "Forberede eierskifte.",
                "",
            ]
        ),
        contract_reference=f"NH-{start.year}-{rng.randrange(1, 99):02d}"
        if kind == Enrolment.Kind.TARGET
        else "",
    )


def _key_figures(rng: random.Random, company: Company) -> None:
    employees = rng.randrange(1, 40)
    revenue = Decimal(rng.randrange(400, 45_000)) * 1000
    for year in (2016, 2017):
        growth = Decimal(rng.randrange(90, 125)) / 100
        if year == 2017:
            revenue = (revenue * growth).quantize(Decimal("1000"))
            employees = max(1, employees + rng.choice([-1, 0, 0, 1, 2]))
        share = Decimal(rng.randrange(20, 55)) / 100
        key_figures_create(
            company=company,
            year=year,
            employees=employees,
            revenue=revenue,
            value_creation=(revenue * share).quantize(Decimal("1000")),
        )


def _companies(*, naeringshage: Naeringshage, rng: random.Random) -> list[Company]:
    municipalities = sorted(
        {
            membership.municipality
            for membership in RegionMembership.objects.for_naeringshage(
                naeringshage
            ).select_related("municipality")
        },
        key=lambda municipality: municipality.slug,
    ) or list(Municipality.objects.order_by("slug"))  # a næringshage without a region yet
    rng.shuffle(municipalities)
    names = rng.sample(
        [(start, trade) for start in NAME_STARTS for trade in NAME_TRADES], COMPANY_COUNT
    )
    taken: set[str] = set()
    companies = []
    for index, (start, (trade, nace)) in enumerate(names):
        name = f"{start} {trade} AS"
        company = company_create(
            naeringshage=naeringshage,
            organisation_number=_organisation_number(rng, taken),
            name=name,
            municipality=municipalities[index % len(municipalities)],
            address=f"{rng.choice(STREETS)} {rng.randrange(1, 60)}",
            nace_code=nace,
            women_in_leadership=rng.choices(
                list(Company.WomenInLeadership.values), weights=[4, 5, 1]
            )[0],
        )
        for position in range(rng.choice([1, 1, 2])):
            person = _person(rng)
            contact_person_create(
                company=company,
                name=person,
                role=ROLES[position] if position < len(ROLES) else "",
                email=_email(person, name),
                phone=_phone(rng),
            )
        _key_figures(rng, company)
        _enrol(rng, company)
        companies.append(company)
    return companies


def _events(
    *,
    naeringshage: Naeringshage,
    advisers: list[AbstractBaseUser],
    companies: list[Company],
    rng: random.Random,
) -> None:
    offices = list(Office.objects.for_naeringshage(naeringshage).select_related("municipality"))
    if not advisers or not offices:
        return
    for day, title in EVENTS:
        office = rng.choice(offices)
        starts_at = datetime(day.year, day.month, day.day, 9, 0, tzinfo=OSLO)
        event = event_create(
            naeringshage=naeringshage,
            title=title,
            kind=Event.Kind.KOMPETANSEFORUM,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=rng.choice([3, 4, 6])),
            municipality=office.municipality,
            venue=f"Næringshagens kontor på {office.name}",
            responsible=rng.choice(advisers),
            description="Faglig innlegg, erfaringsdeling og nettverk. Lunsj serveres.",
        )
        for company in rng.sample(companies, rng.randrange(5, 14)):
            contact = company.contact_persons.first()
            participant_add(event=event, name=contact.name, company=company, email=contact.email)
        for _ in range(rng.randrange(0, 4)):
            participant_add(event=event, name=_person(rng))


def demo_companies_and_events(
    *, naeringshage: Naeringshage, advisers: list[AbstractBaseUser], rng: random.Random
) -> list[Company]:
    """About 60 fictional companies spread over the næringshage's region, with contact
    persons, key figures for 2016 and 2017 and an enrolment each (avtalestart
    2014–2017), and a handful of KompetanseForum events in 2016–2017 with participants.

    The same `rng` seed gives the same data. When the næringshage already has
    companies, nothing is created and its companies are returned. `advisers` must work
    for the næringshage (they are made responsible for the events).
    """
    existing = list(companies_of(naeringshage=naeringshage))
    if existing:
        return existing
    with transaction.atomic():
        companies = _companies(naeringshage=naeringshage, rng=rng)
        _events(naeringshage=naeringshage, advisers=advisers, companies=companies, rng=rng)
    return companies
