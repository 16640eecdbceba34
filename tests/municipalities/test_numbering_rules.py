"""Bad numbering is refused by model validation with a Norwegian message naming the field.

These rules hold on every database; `test_database_constraints` shows what the database
itself refuses as well.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from municipalities.models import County, CountyNumbering, Municipality, MunicipalityNumbering

pytestmark = pytest.mark.usefixtures("reference_data")


def errors_of(row) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    return refused.value.message_dict


def new_tynset_numbering(**changes) -> MunicipalityNumbering:
    """Tynset's next numbering, as an administrator might type it."""
    fields = {
        "municipality": Municipality.objects.get(slug="tynset"),
        "number": "3427",
        "name": "Tynset",
        "county": County.objects.get(slug="innlandet"),
        "valid_from": date(2040, 1, 1),
        "valid_to": None,
    }
    # The current numbering ends before 2040, so that only the change under test is wrong.
    MunicipalityNumbering.objects.filter(number="3427").update(valid_to=date(2039, 12, 31))
    return MunicipalityNumbering(**{**fields, **changes})


def test_a_correct_new_numbering_passes():
    new_tynset_numbering().full_clean()


@pytest.mark.parametrize("number", ["437", "34270", "34a7", "３４２７"])
def test_a_number_that_is_not_four_digits_is_refused(number):
    errors = errors_of(new_tynset_numbering(number=number))

    assert "Kommunenummeret må ha nøyaktig fire sifre" in " ".join(errors["number"])
    # One clear message, not Django's generic "at most 4 characters" beside it.
    assert len(errors["number"]) == 1


def test_a_number_whose_first_two_digits_are_not_the_county_number_is_refused():
    errors = errors_of(new_tynset_numbering(number="5099"))

    assert errors["number"] == [
        "Kommunenummeret 5099 passer ikke med fylket: de to første sifrene må være 34, "
        "nummeret til Innlandet (fra 01.01.2020)."
    ]


def test_the_county_prefix_is_checked_against_the_number_valid_at_the_time():
    # 0437 was right for Tynset in Hedmark in 2016, but Hedmark had no number in 2021.
    errors = errors_of(
        new_tynset_numbering(
            number="0437", county=County.objects.get(slug="hedmark"), valid_from=date(2021, 1, 1)
        )
    )

    assert "Fylket Hedmark har ikke noe fylkesnummer 01.01.2021" in errors["county"][0]


def test_an_end_before_the_start_is_refused():
    errors = errors_of(new_tynset_numbering(valid_to=date(2039, 1, 1)))

    assert errors["valid_to"] == [
        "«Gyldig til» (01.01.2039) kan ikke være før «gyldig fra» (01.01.2040)."
    ]


def test_a_period_overlapping_another_of_the_same_municipality_is_refused():
    errors = errors_of(new_tynset_numbering(valid_from=date(2039, 6, 1)))

    assert errors["valid_from"] == [
        "Perioden overlapper kommunens nummer 3427 (01.01.2020–31.12.2039). En kommune har "
        "ett nummer om gangen: avslutt det forrige først."
    ]


def test_two_municipalities_may_not_hold_one_number_at_the_same_time():
    errors = errors_of(new_tynset_numbering(number="3426", valid_from=date(2039, 1, 1)))

    assert "Kommunenummeret 3426 brukes av Tolga (fra 01.01.2020)." in errors["number"]


def test_a_number_may_pass_to_another_municipality_once_the_first_has_given_it_up():
    MunicipalityNumbering.objects.filter(number="3426").update(valid_to=date(2039, 12, 31))

    new_tynset_numbering(number="3426").full_clean()


def test_editing_a_row_does_not_count_it_as_overlapping_itself():
    row = MunicipalityNumbering.objects.get(number="0437")
    row.name = "Tynset kommune"

    row.full_clean()


# --- Counties --------------------------------------------------------------------------


def test_a_county_number_that_is_not_two_digits_is_refused():
    row = CountyNumbering(
        county=County.objects.get(slug="innlandet"),
        number="340",
        name="Innlandet",
        valid_from=date(2040, 1, 1),
    )

    errors = errors_of(row)

    assert errors["number"] == ["Fylkesnummeret må ha nøyaktig to sifre, som «04» eller «34»."]


def test_a_county_may_not_have_two_numbers_at_once():
    row = CountyNumbering(
        county=County.objects.get(slug="innlandet"),
        number="35",
        name="Innlandet",
        valid_from=date(2030, 1, 1),
    )

    errors = errors_of(row)

    assert "Perioden overlapper fylkets nummer 34" in errors["valid_from"][0]


def test_a_county_number_must_still_match_its_municipalities():
    hedmark = CountyNumbering.objects.get(number="04")
    hedmark.number = "05"

    errors = errors_of(hedmark)

    assert "Fylkesnummeret 05 passer ikke med kommunenummeret" in errors["number"][0]
