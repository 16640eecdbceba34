"""The demo companies, their enrolments and key figures: plenty, valid, spread over the
region and the years, repeatable."""

import random
from collections import Counter
from datetime import date
from itertools import pairwise

import pytest
from stdnum.no import orgnr

from demo.companies import demo_companies, demo_intake, demo_key_figures, enrolled_in
from programmes.models import Company, ContactPerson, Enrolment, KeyFigures, Naeringshage
from tests.conftest import rows_for_the_module


def seeded(seed: int) -> random.Random:
    return random.Random(seed)  # noqa: S311 - demo data, not secrets


@pytest.fixture(scope="module")
def _companies(django_db_setup, django_db_blocker) -> list[int]:
    """The demo companies, made once for the module's tests."""
    with rows_for_the_module(django_db_blocker):
        roros = Naeringshage.objects.get(slug="rorosregionen")
        yield [company.pk for company in demo_companies(naeringshage=roros, rng=seeded(2016))]


@pytest.fixture
def demo(_companies, staff_of_rorosregionen):
    companies = Company.objects.select_related("municipality").in_bulk(_companies)
    return [companies[pk] for pk in _companies]  # in the order demo_companies gives


def test_sixty_companies_with_valid_numbers_spread_over_the_ten_municipalities(demo):
    assert len(demo) == 60
    assert all(orgnr.is_valid(company.organisation_number) for company in demo)
    per_municipality = Counter(company.municipality.slug for company in demo)
    assert len(per_municipality) == 10
    assert min(per_municipality.values()) == 6


def test_every_company_has_a_contact_and_a_third_were_enrolled_before_2016(demo):
    assert all(company.contact_persons.exists() for company in demo)
    enrolments = Enrolment.objects.filter(company__in=demo)
    assert enrolments.count() == 20
    assert {e.start_date.year for e in enrolments} == {2014, 2015}
    assert all(e.end_date is not None and e.end_date >= e.start_date for e in enrolments)


def test_the_names_are_fictional_and_the_emails_reserved(demo):
    assert all(company.name.endswith(" AS") for company in demo)
    emails = ContactPerson.objects.exclude(email="").values_list("email", flat=True)
    assert all(email.endswith(".example") for email in emails)


def test_each_year_takes_in_a_handful_of_companies_one_enrolment_at_a_time(
    demo, staff_of_rorosregionen
):
    today = date(2020, 12, 31)
    for year in range(2016, 2021):
        made = demo_intake(
            naeringshage=staff_of_rorosregionen, companies=demo, year=year, today=today
        )
        assert 5 <= made <= 8
        assert Enrolment.objects.filter(company__in=demo, start_date__year=year).count() == made
    kinds = Counter(Enrolment.objects.values_list("kind", flat=True))
    assert set(kinds) == {"target", "member", "other"}
    by_company = {}
    for enrolment in Enrolment.objects.order_by("start_date"):
        by_company.setdefault(enrolment.company_id, []).append(enrolment)
    for enrolments in by_company.values():
        for earlier, later in pairwise(enrolments):
            assert earlier.end_date < later.start_date


def test_this_year_s_intake_is_dated_up_to_today_and_made_once(demo, staff_of_rorosregionen):
    today = date(2026, 3, 10)

    made = demo_intake(naeringshage=staff_of_rorosregionen, companies=demo, year=2026, today=today)
    again = demo_intake(naeringshage=staff_of_rorosregionen, companies=demo, year=2026, today=today)

    started = Enrolment.objects.filter(start_date__year=2026)
    assert 1 <= made == started.count() <= 3  # a fifth of the year's intake
    assert all(e.start_date <= today for e in started)
    assert again == 0


def test_key_figures_are_made_for_the_companies_enrolled_in_the_year_once(demo):
    made = demo_key_figures(companies=demo, year=2016)
    again = demo_key_figures(companies=demo, year=2016)

    enrolled = enrolled_in(demo, 2016)
    assert made == len(enrolled) > 0
    assert again == 0
    figures = KeyFigures.objects.filter(year=2016)
    assert {f.company_id for f in figures} == {c.pk for c in enrolled}
    assert all(f.employees and f.revenue and 0 < f.value_creation < f.revenue for f in figures)


def test_running_it_again_creates_nothing(demo, staff_of_rorosregionen):
    counts = [model.objects.count() for model in (Company, ContactPerson, Enrolment)]

    again = demo_companies(naeringshage=staff_of_rorosregionen, rng=seeded(99))

    assert [c.pk for c in again] == [c.pk for c in demo]
    assert counts == [model.objects.count() for model in (Company, ContactPerson, Enrolment)]
