"""The demo companies and events: plenty, valid, spread over the region, repeatable."""

import random
from collections import Counter

import pytest
from stdnum.no import orgnr

from demo.companies import demo_companies_and_events
from programmes.models import Company, ContactPerson, Enrolment, Event, KeyFigures, Participant


def seeded(seed: int) -> random.Random:
    return random.Random(seed)  # noqa: S311 - demo data, not secrets


@pytest.fixture
def demo(staff_of_rorosregionen, adviser, manager):
    return demo_companies_and_events(
        naeringshage=staff_of_rorosregionen, advisers=[adviser, manager], rng=seeded(2016)
    )


def test_sixty_companies_with_valid_numbers_spread_over_the_ten_municipalities(demo):
    assert len(demo) == 60
    assert all(orgnr.is_valid(company.organisation_number) for company in demo)
    per_municipality = Counter(company.municipality.slug for company in demo)
    assert len(per_municipality) == 10
    assert min(per_municipality.values()) == 6


def test_every_company_has_a_contact_key_figures_and_an_enrolment(demo):
    for company in demo:
        assert company.contact_persons.exists()
        assert sorted(company.key_figures.values_list("year", flat=True)) == [2016, 2017]
        assert company.enrolments.count() == 1
    kinds = Counter(Enrolment.objects.values_list("kind", flat=True))
    assert set(kinds) == {"target", "member", "other"}
    years = {e.start_date.year for e in Enrolment.objects.all()}
    assert years <= {2014, 2015, 2016, 2017}
    assert len(years) >= 3


def test_a_handful_of_kompetanseforum_events_with_participants(demo):
    events = Event.objects.all()
    assert 5 <= events.count() <= 10
    assert {event.kind for event in events} == {"kompetanseforum"}
    assert {event.starts_at.year for event in events} == {2016, 2017}
    assert all(event.participants.count() >= 5 for event in events)


def test_the_names_are_fictional_and_the_emails_reserved(demo):
    assert all(company.name.endswith(" AS") for company in demo)
    emails = ContactPerson.objects.exclude(email="").values_list("email", flat=True)
    assert all(email.endswith(".example") for email in emails)


def test_the_same_seed_gives_the_same_data(
    staff_of_rorosregionen, other_naeringshage, adviser, django_user_model
):
    from programmes.services import staff_membership_set

    first = demo_companies_and_events(
        naeringshage=staff_of_rorosregionen, advisers=[adviser], rng=seeded(7)
    )
    colleague = django_user_model.objects.create_user("kollega")
    staff_membership_set(user=colleague, naeringshage=other_naeringshage)
    second = demo_companies_and_events(
        naeringshage=other_naeringshage, advisers=[colleague], rng=seeded(7)
    )

    def fingerprint(companies):
        return [(c.organisation_number, c.name, c.nace_code) for c in companies]

    # The other næringshage has no region in the reference data, so only names and
    # numbers are compared (municipalities differ).
    assert fingerprint(first) == fingerprint(second)


def test_running_it_again_creates_nothing(demo, staff_of_rorosregionen, adviser):
    counts = [
        model.objects.count()
        for model in (Company, ContactPerson, KeyFigures, Enrolment, Event, Participant)
    ]

    again = demo_companies_and_events(
        naeringshage=staff_of_rorosregionen, advisers=[adviser], rng=seeded(99)
    )

    assert {c.pk for c in again} == {c.pk for c in demo}
    assert counts == [
        model.objects.count()
        for model in (Company, ContactPerson, KeyFigures, Enrolment, Event, Participant)
    ]
