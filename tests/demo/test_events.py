"""The demo events: KompetanseForum and a network meeting every year, none after today."""

import random
from datetime import date

import pytest

from demo.companies import demo_companies
from demo.events import demo_events
from programmes.models import Event, Participant


@pytest.fixture
def companies(staff_of_rorosregionen):
    rng = random.Random(2016)  # noqa: S311 - demo data, not secrets
    return demo_companies(naeringshage=staff_of_rorosregionen, rng=rng)


def _events(naeringshage, adviser, manager, companies, year, today):
    return demo_events(
        naeringshage=naeringshage,
        advisers=[adviser, manager],
        companies=companies,
        year=year,
        today=today,
    )


def test_a_year_has_three_kompetanseforum_and_a_network_meeting_with_participants(
    staff_of_rorosregionen, adviser, manager, companies
):
    made = _events(staff_of_rorosregionen, adviser, manager, companies, 2017, date(2026, 1, 1))

    events = Event.objects.filter(starts_at__year=2017)
    assert made == events.count() == 4
    kinds = sorted(events.values_list("kind", flat=True))
    assert kinds == ["kompetanseforum"] * 3 + ["network_meeting"]
    assert all(event.participants.count() >= 4 for event in events)
    assert all(event.starts_at.weekday() < 5 for event in events)
    titles = {event.title for event in events}
    assert len(titles) == 4


def test_this_year_has_only_the_events_that_have_begun_and_they_are_made_once(
    staff_of_rorosregionen, adviser, manager, companies
):
    today = date(2026, 5, 1)

    made = _events(staff_of_rorosregionen, adviser, manager, companies, 2026, today)
    participants = Participant.objects.count()
    again = _events(staff_of_rorosregionen, adviser, manager, companies, 2026, today)

    events = Event.objects.filter(starts_at__year=2026)
    assert made == events.count() == 2  # February and April
    assert all(event.starts_at.date() <= today for event in events)
    assert again == 0
    assert Participant.objects.count() == participants


def test_the_kompetanseforum_titles_change_from_year_to_year(
    staff_of_rorosregionen, adviser, manager, companies
):
    for year in (2016, 2017):
        _events(staff_of_rorosregionen, adviser, manager, companies, year, date(2026, 1, 1))

    forums = Event.objects.filter(kind=Event.Kind.KOMPETANSEFORUM)
    assert forums.count() == 6
    assert len(set(forums.values_list("title", flat=True))) == 6
