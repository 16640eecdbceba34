"""What the database refuses by itself, even when model validation is bypassed."""

from datetime import date

import pytest
from django.db import DataError, IntegrityError, connection, transaction

from municipalities.models import County, CountyNumbering, Municipality, MunicipalityNumbering

pytestmark = pytest.mark.usefixtures("reference_data")


def insert_tynset(**changes):
    fields = {
        "municipality": Municipality.objects.get(slug="tynset"),
        "number": "3427",
        "name": "Tynset",
        "county": County.objects.get(slug="innlandet"),
        "valid_from": date(2040, 1, 1),
        "valid_to": None,
    }
    with transaction.atomic():
        MunicipalityNumbering.objects.create(**{**fields, **changes})


@pytest.mark.parametrize("number", ["437", "34270", "34a7"])
def test_the_database_refuses_a_number_that_is_not_four_digits(number):
    # PostgreSQL refuses five characters for the column's length (DataError) before it
    # reaches the check; SQLite does not enforce lengths, so the check refuses them.
    with pytest.raises((IntegrityError, DataError)):
        insert_tynset(number=number)


def test_the_database_refuses_an_end_before_the_start():
    with pytest.raises(IntegrityError):
        insert_tynset(valid_from=date(2040, 1, 1), valid_to=date(2039, 1, 1))


def test_the_database_refuses_a_second_numbering_from_the_same_day():
    with pytest.raises(IntegrityError):
        insert_tynset(valid_from=date(2020, 1, 1), number="3499")


def test_the_database_refuses_a_county_number_that_is_not_two_digits():
    with pytest.raises(IntegrityError), transaction.atomic():
        CountyNumbering.objects.create(
            county=County.objects.get(slug="innlandet"),
            number="3",
            name="Innlandet",
            valid_from=date(2040, 1, 1),
        )


@pytest.fixture
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("Only PostgreSQL can forbid overlapping periods (exclusion constraint).")


@pytest.mark.usefixtures("postgresql_only")
def test_postgresql_refuses_overlapping_numbering_of_one_municipality():
    with pytest.raises(IntegrityError):
        insert_tynset(number="3499", valid_from=date(2030, 1, 1))


@pytest.mark.usefixtures("postgresql_only")
def test_postgresql_refuses_one_number_for_two_municipalities_at_once():
    MunicipalityNumbering.objects.filter(number="3427").update(valid_to=date(2029, 12, 31))

    with pytest.raises(IntegrityError):
        insert_tynset(number="3426", valid_from=date(2030, 1, 1))


@pytest.mark.usefixtures("postgresql_only")
def test_postgresql_refuses_overlapping_numbering_of_one_county():
    with pytest.raises(IntegrityError), transaction.atomic():
        CountyNumbering.objects.create(
            county=County.objects.get(slug="innlandet"),
            number="35",
            name="Innlandet",
            valid_from=date(2030, 1, 1),
        )


@pytest.mark.usefixtures("postgresql_only")
def test_postgresql_accepts_a_new_number_from_the_day_after_the_old_one_ends():
    MunicipalityNumbering.objects.filter(number="3427").update(valid_to=date(2029, 12, 31))

    insert_tynset(number="3499", valid_from=date(2030, 1, 1))
