"""Periods of days (core.periods): the one overlap rule, in Python and as a query, and
how a period is written."""

from datetime import date

import pytest
from django.utils import translation

from core.periods import format_period, overlapping_q, periods_overlap, year_bounds
from municipalities.models import County, CountyNumbering

D = date


@pytest.mark.parametrize(
    ("first", "second", "overlap"),
    [
        ((D(2016, 1, 1), D(2016, 12, 31)), (D(2016, 12, 31), D(2017, 12, 31)), True),  # one day
        ((D(2016, 1, 1), D(2016, 12, 31)), (D(2017, 1, 1), D(2017, 12, 31)), False),  # next day
        ((D(2016, 1, 1), None), (D(2030, 1, 1), D(2030, 1, 1)), True),  # open-ended
        ((D(2016, 1, 1), None), (D(2000, 1, 1), None), True),
        ((D(2016, 1, 1), D(2016, 1, 31)), (D(2000, 1, 1), D(2015, 12, 31)), False),
        ((D(2016, 3, 1), D(2016, 3, 1)), (D(2016, 1, 1), None), True),
    ],
)
def test_two_periods_overlap_when_they_share_a_day(first, second, overlap):
    assert periods_overlap(*first, *second) is overlap
    assert periods_overlap(*second, *first) is overlap


@pytest.mark.django_db
def test_the_query_finds_the_rows_the_rule_finds():
    periods = [
        (D(2010, 1, 1), D(2017, 12, 31)),
        (D(2018, 1, 1), None),
        (D(2016, 6, 1), D(2016, 6, 30)),
        (D(1995, 1, 1), D(1999, 12, 31)),
    ]
    # Dated rows of four counties of their own (one county's periods may not overlap).
    rows = [
        CountyNumbering.objects.create(
            county=County.objects.create(slug=f"periode-{number}"),
            number=f"{90 + number}",
            name=f"Periode {number}",
            valid_from=start,
            valid_to=end,
        )
        for number, (start, end) in enumerate(periods)
    ]
    for asked in [(D(2016, 1, 1), D(2016, 12, 31)), (D(2017, 12, 31), None), year_bounds(1998)]:
        found = set(
            CountyNumbering.objects.filter(pk__in=[row.pk for row in rows])
            .filter(overlapping_q(*asked))
            .values_list("pk", flat=True)
        )
        expected = {row.pk for row in rows if periods_overlap(row.valid_from, row.valid_to, *asked)}
        assert found == expected


def test_a_period_is_written_with_an_en_dash_or_from_its_first_day():
    with translation.override("nb"):
        assert format_period(D(2014, 1, 1), D(2019, 12, 31)) == "01.01.2014\u201331.12.2019"
        assert format_period(D(2020, 1, 1), None) == "fra 01.01.2020"


def test_a_year_is_its_first_and_last_day():
    assert year_bounds(2016) == (D(2016, 1, 1), D(2016, 12, 31))
