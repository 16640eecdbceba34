"""Organisation numbers: validated with python-stdnum, stored as 9 digits, shown grouped."""

import pytest
from django.core.exceptions import ValidationError

from programmes.models import Naeringshage, Programme
from programmes.organisation_numbers import format_organisation_number


@pytest.fixture
def naeringshage(reference_data) -> Naeringshage:
    return Naeringshage(slug="ny", name="Ny Næringshage AS", programme=Programme.objects.get())


@pytest.mark.parametrize("typed", ["123456785", "123 456 785", " 123.456.785 ", "701730496"])
def test_a_valid_number_is_stored_as_nine_digits(naeringshage, typed):
    naeringshage.organisation_number = typed

    naeringshage.full_clean()

    assert len(naeringshage.organisation_number) == 9
    assert naeringshage.organisation_number.isdigit()


def test_it_is_shown_in_groups_of_three(naeringshage):
    naeringshage.organisation_number = "987654325"

    assert naeringshage.organisation_number_display == "987 654 325"
    assert format_organisation_number("") == ""


def test_a_wrong_check_digit_is_refused(naeringshage):
    naeringshage.organisation_number = "123456789"

    with pytest.raises(ValidationError) as refused:
        naeringshage.full_clean()

    assert refused.value.message_dict["organisation_number"] == [
        "Organisasjonsnummeret 123456789 er ikke gyldig: kontrollsifferet er feil. Sjekk det "
        "mot Brønnøysundregistrene."
    ]


@pytest.mark.parametrize("typed", ["12345678", "1234567850", "12345678a"])
def test_a_number_that_is_not_nine_digits_is_refused(naeringshage, typed):
    naeringshage.organisation_number = typed

    with pytest.raises(ValidationError) as refused:
        naeringshage.full_clean()

    assert refused.value.message_dict["organisation_number"] == [
        "Organisasjonsnummeret må ha ni sifre, som «123 456 785»."
    ]


def test_it_may_be_left_empty_until_it_is_known(naeringshage):
    naeringshage.organisation_number = ""

    naeringshage.full_clean()


def test_two_naeringshager_may_not_share_a_number(naeringshage, rorosregionen):
    rorosregionen.organisation_number = "123456785"
    rorosregionen.save()
    naeringshage.organisation_number = "123 456 785"

    with pytest.raises(ValidationError) as refused:
        naeringshage.full_clean()

    assert "En annen næringshage har allerede dette organisasjonsnummeret." in str(refused.value)
