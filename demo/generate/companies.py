"""The companies of each generated næringshage, with their contact persons, key figures
each active year, and one to three enrolments one after the other."""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from demo.generate.bulk import BulkTable
from demo.generate.fiction import (
    FIRST_NAMES,
    LAST_NAMES,
    NAME_ENDINGS,
    NAME_STARTS,
    NAME_TRADES,
    STREETS,
    moment,
    organisation_number,
    phone,
    plain_ascii,
    stream,
)
from demo.generate.run import Garden, GeneratedCompany, Run
from demo.generate.scale import FIRST_YEAR, LAST_YEAR, apportion
from programmes.models import Company, ContactPerson, Enrolment, KeyFigures

COMPANY_FIELDS = [
    "naeringshage", "organisation_number", "name", "municipality", "address", "nace_code",
    "women_in_leadership", "organisation_form", "registry_status", "registry_data",
    "created_at", "updated_at",
]  # fmt: skip
CONTACT_FIELDS = ["company", "name", "role", "email", "phone", "updated_at"]
FIGURE_FIELDS = ["company", "year", "employees", "revenue", "value_creation", "source"]
ENROLMENT_FIELDS = [
    "company", "kind", "start_date", "end_date", "goals", "contract_reference", "created_at",
    "updated_at",
]  # fmt: skip


@dataclass(frozen=True)
class _Tables:
    companies: BulkTable
    contacts: BulkTable
    figures: BulkTable
    enrolments: BulkTable


def _tables() -> _Tables:
    companies = BulkTable(Company, COMPANY_FIELDS)
    return _Tables(
        companies=companies,
        contacts=BulkTable(ContactPerson, CONTACT_FIELDS, parents=(companies,)),
        figures=BulkTable(KeyFigures, FIGURE_FIELDS, parents=(companies,)),
        enrolments=BulkTable(Enrolment, ENROLMENT_FIELDS, parents=(companies,)),
    )


def companies_create(run: Run, gardens: list[Garden]) -> None:
    tables = _tables()
    counts = apportion(run.scale.companies, [g.size for g in gardens])
    names = [
        (start, trade, ending)
        for ending in NAME_ENDINGS
        for start in NAME_STARTS
        for trade in NAME_TRADES
    ]
    for garden, count in zip(gardens, counts, strict=True):
        rng = stream(run.seed, "companies", garden.index)
        chosen = rng.sample(range(len(names)), k=count)
        home_weights = [4 if i < 2 else 1 for i in range(len(garden.municipalities))]
        for choice in chosen:
            garden.companies.append(
                _company(run, tables, rng, garden, names[choice], choice, home_weights)
            )
    for table in (tables.companies, tables.contacts, tables.figures, tables.enrolments):
        table.flush()
    run.summary.counts.update(
        companies=tables.companies.written,
        contact_persons=tables.contacts.written,
        key_figures=tables.figures.written,
        enrolments=tables.enrolments.written,
    )


def _company(
    run: Run,
    tables: _Tables,
    rng: random.Random,
    garden: Garden,
    name_parts,
    choice: int,
    home_weights: list[int],
) -> GeneratedCompany:
    start, (trade, nace), ending = name_parts
    name = f"{start} {trade}{ending} AS"
    # Enrolled from 2012 on; those from before 2016 are still active then.
    joined = rng.choice(range(2012, LAST_YEAR + 1))
    first_year = max(joined, FIRST_YEAR)
    last_year = min(LAST_YEAR, first_year + rng.choice([1, 2, 3, 4, 6, 9, 12]) - 1)
    start_day = date(joined, 1, 1) + timedelta(days=rng.randrange(365))
    created = moment(start_day, rng)
    municipality = rng.choices(garden.municipalities, weights=home_weights)[0]
    company_id = tables.companies.add(
        garden.naeringshage.pk,
        organisation_number(rng, run.orgnrs),
        name,
        municipality.pk,
        f"{rng.choice(STREETS)} {rng.randrange(1, 60)}",
        nace,
        rng.choices(["yes", "no", "unknown"], weights=[4, 5, 1])[0],
        "AS" if name.endswith(" AS") else "",
        "",  # never asked of Enhetsregisteret: the numbers are made up
        "{}",
        created.isoformat(),
        created.isoformat(),
    )
    person = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    email = f"{plain_ascii(person.replace(' ', '.'))}@{plain_ascii(start + trade)}{choice}.example"
    tables.contacts.add(company_id, person, "daglig leder", email, phone(rng), created.isoformat())
    if rng.random() < 0.4:
        second = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        tables.contacts.add(company_id, second, "styreleder", "", "", created.isoformat())
    _enrol(rng, tables.enrolments, company_id, start_day, last_year, created)
    _key_figures(rng, tables.figures, company_id, first_year, last_year)
    return GeneratedCompany(
        id=company_id,
        name=name,
        first_year=first_year,
        last_year=last_year,
        weight=min(rng.paretovariate(1.2), 60.0),
        contact=person,
        email=email,
    )


def _key_figures(
    rng: random.Random, figures: BulkTable, company_id: int, first_year: int, last_year: int
) -> None:
    employees = rng.randrange(1, 40)
    revenue = rng.randrange(400, 45_000) * 1000
    for year in range(first_year, last_year + 1):
        figures.add(
            company_id, year, employees, revenue * 100, revenue * rng.randrange(20, 55),
            KeyFigures.Source.TYPED,
        )  # fmt: skip
        employees = max(1, employees + rng.choice([-1, 0, 0, 1, 2]))
        revenue = revenue * rng.randrange(92, 125) // 100


def _enrol(
    rng: random.Random,
    enrolments: BulkTable,
    company_id: int,
    start_day: date,
    last_year: int,
    created: datetime,
) -> None:
    """One to three enrolments one after the other: never two at once."""
    pattern = rng.choices(
        [["target"], ["other", "target"], ["member"], ["member", "target", "member"]],
        weights=[50, 20, 20, 10],
    )[0]
    end_of_all = date(last_year, 12, 31) if last_year < LAST_YEAR else None
    day = start_day
    for position, kind in enumerate(pattern):
        is_last = position == len(pattern) - 1
        if is_last:
            end = end_of_all
        else:
            end = day + timedelta(days=rng.randrange(120, 500))
            if end_of_all is not None and end >= end_of_all:
                end = end_of_all
                is_last = True
        enrolments.add(
            company_id,
            kind,
            day,
            end,
            rng.choice(["Økt omsetning gjennom nye markeder.", "Profesjonalisere styret.", ""]),
            f"NH-{day.year}-{rng.randrange(1, 999):03d}" if kind == "target" else "",
            created.isoformat(),
            created.isoformat(),
        )
        if is_last or end is None:
            return
        day = end + timedelta(days=1)
