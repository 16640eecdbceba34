"""The range of dates people may type: its bounds, as days and as times in Oslo, and the
message that names it."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.dates import (
    FIRST_DAY,
    LAST_DAY,
    range_message,
    validate_day_in_range,
    validate_moment_in_range,
)
from programmes import years

OSLO = ZoneInfo("Europe/Oslo")
NORWEGIAN_MESSAGE = "Datoen må være mellom 01.01.1990 og 31.12.2100."


def norwegian(error: ValidationError) -> str:
    with translation.override("nb"):
        return " ".join(error.messages)


def test_the_years_people_type_are_the_years_of_the_range():
    assert (years.FIRST_YEAR, years.LAST_YEAR) == (FIRST_DAY.year, LAST_DAY.year) == (1990, 2100)


@pytest.mark.parametrize("day", [date(1990, 1, 1), date(2016, 9, 15), date(2100, 12, 31)])
def test_days_from_the_first_to_the_last_pass(day):
    validate_day_in_range(day)


@pytest.mark.parametrize(
    "day", [date(1, 1, 1), date(1899, 12, 31), date(1989, 12, 31), date(2101, 1, 1), date.max]
)
def test_a_day_outside_is_refused_naming_the_range(day):
    with pytest.raises(ValidationError) as refused:
        validate_day_in_range(day)

    assert refused.value.code == "date_out_of_range"
    assert norwegian(refused.value) == NORWEGIAN_MESSAGE


@pytest.mark.parametrize(
    "moment",
    [
        datetime(1990, 1, 1, 0, 0, tzinfo=OSLO),
        datetime(2016, 9, 22, 9, 0, tzinfo=OSLO),
        datetime(2100, 12, 31, 23, 59, tzinfo=OSLO),
        datetime(1989, 12, 31, 23, 30, tzinfo=UTC),  # 00:30 on 1 January 1990 in Oslo
        datetime(2100, 12, 31, 22, 59, tzinfo=UTC),
        datetime(2016, 9, 22, 9, 0),  # naive: read as Oslo time
    ],
)
def test_times_of_the_days_of_the_range_in_oslo_pass(moment):
    validate_moment_in_range(moment)


@pytest.mark.parametrize(
    "moment",
    [
        datetime(1, 1, 1, 0, 0, tzinfo=OSLO),  # before Christ in UTC
        datetime(1989, 12, 31, 23, 59, tzinfo=OSLO),
        datetime(1989, 12, 31, 22, 59, tzinfo=UTC),  # 23:59 in Oslo
        datetime(2101, 1, 1, 0, 0, tzinfo=OSLO),
        datetime(9999, 12, 31, 23, 59, tzinfo=OSLO),
        datetime(1, 1, 1, 0, 0),
    ],
)
def test_a_time_outside_is_refused_naming_the_range(moment):
    with pytest.raises(ValidationError) as refused:
        validate_moment_in_range(moment)

    assert norwegian(refused.value) == NORWEGIAN_MESSAGE


def test_the_constraints_message_is_said_in_the_language_shown():
    with translation.override("nb"):
        assert str(range_message) == NORWEGIAN_MESSAGE
    with translation.override("en"):
        assert "1990" in str(range_message) and "2100" in str(range_message)


def test_the_message_writes_the_range_in_the_language_it_is_shown_in():
    # A form is checked in one request's language; the message may be read in another.
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        validate_day_in_range(date(1, 1, 1))

    assert norwegian(refused.value) == NORWEGIAN_MESSAGE
