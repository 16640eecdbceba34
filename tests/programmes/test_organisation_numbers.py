"""Organisation numbers: validated with python-stdnum, stored as 9 digits, shown grouped."""

import pytest
from django.core.exceptions import ValidationError

from programmes.models import Naeringshage, Programme
from programmes.organisation_numbers import (
    calc_check_digit,
    compact_organisation_number,
    format_organisation_number,
)


@pytest.fixture
def naeringshage(reference_data) -> Naeringshage:
    return Naeringshage(slug="ny", name="Ny Næringshage AS", programme=Programme.objects.get())


@pytest.mark.parametrize("typed", ["912345688", "912 345 688", " 912.345.688 ", "970173048"])
def test_a_valid_number_is_stored_as_nine_digits(naeringshage, typed):
    naeringshage.organisation_number = typed

    naeringshage.full_clean()

    assert len(naeringshage.organisation_number) == 9
    assert naeringshage.organisation_number.isdigit()


def test_it_is_shown_in_groups_of_three(naeringshage):
    naeringshage.organisation_number = "987654325"

    assert naeringshage.organisation_number_display == "987 654 325"
    assert format_organisation_number("") == ""


def test_a_wrong_check_digit_is_refused_naming_the_right_one(naeringshage):
    naeringshage.organisation_number = "123456789"

    with pytest.raises(ValidationError) as refused:
        naeringshage.full_clean()

    assert refused.value.message_dict["organisation_number"] == [
        "Organisasjonsnummeret 123456789 er ikke gyldig: kontrollsifferet (det siste sifferet) "
        "er 9, men de åtte første sifrene gir 5. Sjekk det mot Brønnøysundregistrene."
    ]


def test_eight_digits_without_any_check_digit_are_refused_saying_so(naeringshage):
    # 3·0 + 2·0 + 7·0 + 6·0 + 5·0 + 4·0 + 3·0 + 2·6 = 12: remainder 1, no digit fits.
    assert calc_check_digit("00000006") is None
    naeringshage.organisation_number = "000000060"

    with pytest.raises(ValidationError) as refused:
        naeringshage.full_clean()

    message = refused.value.message_dict["organisation_number"][0]
    assert "intet kontrollsiffer passer til de åtte første sifrene" in message
    assert "rest 1" in message


@pytest.mark.parametrize(
    ("first_eight", "check"),
    [("12345678", "5"), ("70173049", "6"), ("98765432", "5"), ("00000000", "0")],
)
def test_the_check_digit_is_computed_as_brreg_does(first_eight, check):
    assert calc_check_digit(first_eight) == check


@pytest.mark.parametrize(("typed", "count"), [("12345678", 8), ("9123456880", 10)])
def test_a_number_of_the_wrong_length_is_refused_with_its_length(naeringshage, typed, count):
    naeringshage.organisation_number = typed

    with pytest.raises(ValidationError) as refused:
        naeringshage.full_clean()

    assert refused.value.message_dict["organisation_number"] == [
        f"Organisasjonsnummeret har {count} sifre; det skal ha ni, som «912 345 688»."
    ]


def test_a_number_with_letters_is_refused_saying_only_digits_are_allowed(naeringshage):
    naeringshage.organisation_number = "12345678a"

    with pytest.raises(ValidationError) as refused:
        naeringshage.full_clean()

    assert refused.value.message_dict["organisation_number"] == [
        "Organisasjonsnummeret kan bare inneholde sifre (mellomrom mellom dem er lov): ni "
        "sifre, som «912 345 688»."
    ]


def test_it_may_be_left_empty_until_it_is_known(naeringshage):
    naeringshage.organisation_number = ""

    naeringshage.full_clean()


def test_two_naeringshager_may_not_share_a_number(naeringshage, rorosregionen):
    rorosregionen.organisation_number = "912345688"
    rorosregionen.save()
    naeringshage.organisation_number = "912 345 688"

    with pytest.raises(ValidationError) as refused:
        naeringshage.full_clean()

    assert "En annen næringshage har allerede dette organisasjonsnummeret." in str(refused.value)


@pytest.mark.parametrize("typed", ["000000000", "123456785", "701 730 496"])
def test_a_number_that_passes_the_check_digit_but_does_not_start_with_8_or_9_is_refused(
    naeringshage, typed
):
    naeringshage.organisation_number = typed

    with pytest.raises(ValidationError) as refused:
        naeringshage.full_clean()

    shown = format_organisation_number(compact_organisation_number(typed))
    assert refused.value.message_dict["organisation_number"] == [
        f"Organisasjonsnummeret {shown} kan ikke stemme: organisasjonsnumre fra "
        "Brønnøysundregistrene begynner med 8 eller 9. Sjekk det mot registeret."
    ]
