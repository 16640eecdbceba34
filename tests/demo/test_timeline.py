"""The demo's years and days: 2016 up to today, nothing dated after today, weekdays."""

from datetime import date

import pytest

from demo.services import services_in
from demo.timeline import closed_through, days_of, demo_years, share_of_year, stream, workday


def test_the_demo_runs_from_2016_to_this_year_and_closes_up_to_the_year_before_last():
    today = date(2026, 12, 2)
    assert list(demo_years(today)) == list(range(2016, 2027))
    assert closed_through(today) == 2024


@pytest.mark.parametrize("today", [date(2027, 1, 1), date(2027, 1, 3), date(2027, 6, 30)])
def test_this_year_s_days_end_today_and_still_hold_a_service(today):
    first, last = days_of(today.year, today)
    assert (first, last) == (date(today.year, 1, 1), today)
    assert 0 < share_of_year(today.year, today) <= 0.5
    assert services_in(today.year, today) >= 1
    rng = stream("test", today.year)
    for _ in range(50):
        assert first <= workday(rng, first, last) <= last


def test_a_past_year_is_whole_and_its_workdays_are_weekdays():
    first, last = days_of(2019, date(2026, 12, 2))
    assert (first, last) == (date(2019, 1, 1), date(2019, 12, 31))
    assert share_of_year(2019, date(2026, 12, 2)) == 1
    rng = stream("test", 2019)
    days = [workday(rng, first, last) for _ in range(200)]
    assert all(day.weekday() < 5 for day in days)
    assert len({day.month for day in days}) == 12


def test_a_stream_is_the_same_on_every_run_and_differs_by_part_and_year():
    def draw(*key):
        return [stream(*key).random() for _ in range(3)]

    assert draw("services", 2020) == draw("services", 2020)
    assert draw("services", 2020) != draw("services", 2021)
    assert draw("services", 2020) != draw("events", 2020)
