"""The demo's years and days: from 2016 up to today, so that a demo installation always
opens on a year with figures, whenever it is made.

Every part of the demo draws from its own reproducible stream per year (`stream`), so
that a year made later (the demo seeded again in a new year) is the same as if it had
been made with the others, and a part changing leaves the others as they were.
"""

import random
from datetime import date, timedelta

# The first year of the demo: the year of Siva's tier model in the reference data.
FIRST_YEAR = 2016
# The same seed gives the same demo data on every machine.
DEMO_SEED = 2016


def demo_years(today: date) -> range:
    """Every year of the demo, 2016 up to this year."""
    return range(FIRST_YEAR, today.year + 1)


def closed_through(today: date) -> int:
    """The last year the demo closes: the year before last. Last year and this year stay
    open, so that services can still be recorded (and corrected) in them."""
    return today.year - 2


def stream(part: str, year: int | None = None) -> random.Random:
    """A reproducible random stream for one part of the demo (and one year)."""
    key = f"{DEMO_SEED}:{part}" if year is None else f"{DEMO_SEED}:{part}:{year}"
    return random.Random(key)  # noqa: S311 - demo data, not security


def days_of(year: int, today: date) -> tuple[date, date]:
    """The first and last day of `year` that the demo may date anything on: none after
    today."""
    return date(year, 1, 1), min(date(year, 12, 31), today)


def share_of_year(year: int, today: date) -> float:
    """How much of `year` has passed by today: 1 for a past year."""
    first, last = days_of(year, today)
    return ((last - first).days + 1) / ((date(year, 12, 31) - first).days + 1)


def random_day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def workday(rng: random.Random, first: date, last: date) -> date:
    """A day from `first` to `last`, moved off a weekend where the range allows."""
    day = random_day(rng, first, last)
    if day.weekday() < 5:
        return day
    back = day - timedelta(days=day.weekday() - 4)  # the Friday before
    if back >= first:
        return back
    ahead = day + timedelta(days=7 - day.weekday())  # the Monday after
    return ahead if ahead <= last else day
