"""The number, name and county of a municipality on a given day."""

from datetime import date

import pytest

from municipalities.models import County, Municipality
from municipalities.selectors import municipalities_valid_on, numbering_of, numberings_on

pytestmark = pytest.mark.usefixtures("reference_data")


def of(slug: str, day: date):
    return numbering_of(Municipality.objects.get(slug=slug), day)


def test_tynset_is_0437_in_hedmark_in_mid_2016():
    tynset = of("tynset", date(2016, 6, 30))

    assert (tynset.number, tynset.name) == ("0437", "Tynset")
    assert (tynset.county_number, tynset.county_name) == ("04", "Hedmark")


def test_tynset_is_3427_in_innlandet_in_2024():
    tynset = of("tynset", date(2024, 1, 1))

    assert tynset.number == "3427"
    assert (tynset.county_number, tynset.county_name) == ("34", "Innlandet")


def test_tynset_changes_number_on_new_years_day_2020():
    assert of("tynset", date(2019, 12, 31)).number == "0437"
    assert of("tynset", date(2020, 1, 1)).number == "3427"


def test_roros_is_1640_on_the_last_day_of_2017_and_5025_the_day_after():
    last_day = of("roros", date(2017, 12, 31))
    first_day = of("roros", date(2018, 1, 1))

    assert (last_day.number, last_day.county_name) == ("1640", "Sør-Trøndelag")
    assert (first_day.number, first_day.county_name) == ("5025", "Trøndelag")


def test_a_municipality_has_no_numbering_before_the_records_begin():
    assert of("roros", date(1975, 12, 31)) is None


def test_os_is_shown_with_the_county_of_the_day_because_the_name_is_shared():
    assert of("os", date(2016, 6, 30)).label == "Os (Hedmark)"
    assert of("os", date(2024, 1, 1)).label == "Os (Innlandet)"
    assert str(Municipality.objects.get(slug="os")) == "Os (Innlandet)"


def test_a_name_that_is_not_shared_is_shown_alone():
    assert of("tynset", date(2024, 1, 1)).label == "Tynset"
    assert str(Municipality.objects.get(slug="tynset")) == "Tynset"


def test_the_municipalities_valid_on_a_day_carry_that_days_numbers():
    numbers_2019 = {n.number for n in municipalities_valid_on(date(2019, 12, 31))}
    numbers_2024 = {n.number for n in municipalities_valid_on(date(2024, 1, 1))}

    assert numbers_2019 == {
        "0432", "0436", "0437", "0438", "0439", "0441", "5025", "5026", "5032", "5033",
    }  # fmt: skip
    assert numbers_2024 == {
        "3424", "3426", "3427", "3428", "3429", "3430", "5025", "5026", "5032", "5033",
    }  # fmt: skip


def test_the_queryset_method_finds_the_municipalities_that_existed_on_a_day():
    assert Municipality.objects.valid_on(date(2016, 1, 1)).count() == 10
    assert Municipality.objects.valid_on(date(1970, 1, 1)).count() == 0


def test_reading_the_numbering_of_a_day_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = list(numberings_on(date(2016, 6, 30)))

    assert len(rows) == 10
    assert {row.county_name for row in rows} == {"Hedmark", "Sør-Trøndelag"}


def test_a_county_is_named_as_it_was_on_the_day():
    hedmark = County.objects.with_history().get(slug="hedmark")

    assert hedmark.name_on(date(2016, 1, 1)) == "Hedmark"
    assert hedmark.numbering_on(date(2020, 1, 1)) is None
    assert str(hedmark) == "Hedmark"
