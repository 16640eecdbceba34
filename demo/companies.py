"""Demo companies, their contact persons, enrolments and key figures: a realistic, clearly
fictional set, so that a demo installation shows a living product. Never run in
production (`seed_demo` guards).

Names are made up from word parts no real company is meant to carry; organisation
numbers are random digits with a valid check digit; e-mail addresses use the reserved
`.example` domain.
"""

import random
from datetime import date
from decimal import Decimal

from django.db import transaction

from demo.generate.fiction import FIRST_NAMES, LAST_NAMES
from demo.timeline import FIRST_YEAR, days_of, random_day, share_of_year, stream, workday
from municipalities.models import Municipality
from programmes.models import Company, Enrolment, KeyFigures, Naeringshage, RegionMembership
from programmes.organisation_numbers import calc_check_digit
from programmes.selectors import companies_of, enrolments_of
from programmes.services import (
    company_create,
    contact_person_create,
    enrolment_create,
    key_figures_create,
)

COMPANY_COUNT = 60
# New enrolments a year (fewer in the year so far).
INTAKE_PER_YEAR = (5, 8)

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
ROLES = ["daglig leder", "styreleder", "økonomiansvarlig", "markedsansvarlig"]
STREETS = ["Storgata", "Kirkegata", "Bergmannsgata", "Sagveien", "Elvevegen", "Stasjonsvegen"]
GOALS = [
    "Økt omsetning gjennom nye markeder.",
    "Profesjonalisere styrearbeidet.",
    "Utvikle nye produkter for reiselivet.",
    "Forberede eierskifte.",
    "",
]
# How long an enrolment runs, in whole years after the year it starts in.
CONTRACT_YEARS = {
    Enrolment.Kind.TARGET: (1, 4),
    Enrolment.Kind.MEMBER: (0, 3),
    Enrolment.Kind.OTHER: (0, 1),
}


def _organisation_number(rng: random.Random, taken: set[str]) -> str:
    """Nine digits with a valid check digit, not yet used."""
    while True:
        first_eight = "9" + "".join(str(rng.randrange(10)) for _ in range(7))
        check = calc_check_digit(first_eight)
        if check is not None and first_eight + check not in taken:
            taken.add(first_eight + check)
            return first_eight + check


def person_name(rng: random.Random) -> str:
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


def _enrol(rng: random.Random, company: Company, start: date) -> Enrolment:
    """An enrolment from `start`, with a contract end some years on."""
    kind = rng.choices(
        [Enrolment.Kind.TARGET, Enrolment.Kind.MEMBER, Enrolment.Kind.OTHER], weights=[5, 3, 2]
    )[0]
    least, most = CONTRACT_YEARS[kind]
    end = date(start.year + rng.randint(least, most), 12, 31)
    return enrolment_create(
        company=company,
        kind=kind,
        start_date=start,
        end_date=end,
        goals=rng.choice(GOALS),
        contract_reference=f"NH-{start.year}-{rng.randrange(1, 99):02d}"
        if kind == Enrolment.Kind.TARGET
        else "",
    )


def _region_municipalities(naeringshage: Naeringshage) -> list[Municipality]:
    return sorted(
        {
            membership.municipality
            for membership in RegionMembership.objects.for_naeringshage(
                naeringshage
            ).select_related("municipality")
        },
        key=lambda municipality: municipality.slug,
    ) or list(Municipality.objects.order_by("slug"))  # a næringshage without a region yet


def _companies(*, naeringshage: Naeringshage, rng: random.Random) -> None:
    municipalities = _region_municipalities(naeringshage)
    rng.shuffle(municipalities)
    names = rng.sample(
        [(start, trade) for start in NAME_STARTS for trade in NAME_TRADES], COMPANY_COUNT
    )
    taken: set[str] = set()
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
            person = person_name(rng)
            contact_person_create(
                company=company,
                name=person,
                role=ROLES[position] if position < len(ROLES) else "",
                email=_email(person, name),
                phone=_phone(rng),
            )
        if index % 3 == 0:  # already in the programme when the demo's years begin
            _enrol(rng, company, random_day(rng, date(2014, 1, 1), date(2015, 12, 31)))


def demo_companies(*, naeringshage: Naeringshage, rng: random.Random) -> list[Company]:
    """About 60 fictional companies spread over the næringshage's region, with contact
    persons; a third of them enrolled before 2016 (avtalestart 2014–2015).

    The same `rng` seed gives the same data. When the næringshage already has
    companies, nothing is created. Returns its companies by organisation number (an
    order that does not depend on when they were made).
    """
    if not companies_of(naeringshage=naeringshage).exists():
        with transaction.atomic():
            _companies(naeringshage=naeringshage, rng=rng)
    return sorted(companies_of(naeringshage=naeringshage), key=lambda c: c.organisation_number)


def demo_intake(
    *, naeringshage: Naeringshage, companies: list[Company], year: int, today: date
) -> int:
    """The year's new enrolments (avtalestart in `year`, up to today): a handful of the
    companies not enrolled on the day. Nothing when some enrolment already starts in
    the year. Returns the number made."""
    enrolments = list(enrolments_of(naeringshage=naeringshage))
    if any(enrolment.start_date.year == year for enrolment in enrolments):
        return 0
    rng = stream("intake", year)
    first, last = days_of(year, today)
    least, most = INTAKE_PER_YEAR
    wanted = max(1, round(rng.randint(least, most) * share_of_year(year, today)))
    starts = sorted(workday(rng, first, last) for _ in range(wanted))
    made = 0
    for start in starts:
        # One enrolment at a time: only companies whose every enrolment ended before.
        busy = {e.company_id for e in enrolments if e.end_date is None or e.end_date >= start}
        free = [company for company in companies if company.pk not in busy]
        if not free:
            break
        enrolments.append(_enrol(rng, rng.choice(free), start))
        made += 1
    return made


def _key_figure_series(company: Company, last_year: int) -> dict[int, tuple[int, Decimal]]:
    """The company's employees and revenue each year from 2016: its own stream, so a
    year's figures are the same whenever they are made."""
    rng = stream(f"figures:{company.organisation_number}")
    employees = rng.randrange(1, 40)
    revenue = Decimal(rng.randrange(400, 45_000)) * 1000
    series = {}
    for year in range(FIRST_YEAR, last_year + 1):
        if year > FIRST_YEAR:
            revenue = (revenue * Decimal(rng.randrange(90, 125)) / 100).quantize(Decimal("1000"))
            employees = max(1, employees + rng.choice([-1, 0, 0, 1, 2]))
        series[year] = (employees, revenue)
    return series


def enrolled_in(companies: list[Company], year: int) -> list[Company]:
    """The companies with an enrolment running at some time in `year`."""
    ids = set(
        Enrolment.objects.filter(company__in=companies)
        .overlapping(date(year, 1, 1), date(year, 12, 31))
        .values_list("company_id", flat=True)
    )
    return [company for company in companies if company.pk in ids]


def demo_key_figures(*, companies: list[Company], year: int) -> int:
    """Key figures for `year` of every company enrolled in it that has none yet.
    Returns the number made."""
    known = set(
        KeyFigures.objects.filter(company__in=companies, year=year).values_list(
            "company_id", flat=True
        )
    )
    made = 0
    for company in enrolled_in(companies, year):
        if company.pk in known:
            continue
        employees, revenue = _key_figure_series(company, year)[year]
        share = Decimal(stream(f"value:{company.organisation_number}", year).randrange(20, 55))
        key_figures_create(
            company=company,
            year=year,
            employees=employees,
            revenue=revenue,
            value_creation=(revenue * share / 100).quantize(Decimal("1000")),
        )
        made += 1
    return made
