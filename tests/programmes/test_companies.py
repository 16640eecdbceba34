"""Companies, contact persons and key figures: the rules of the services that write
them and the search that finds them."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from programmes.models import Company, ContactPerson, KeyFigures
from programmes.selectors import companies_of, company_list
from programmes.services import (
    company_create,
    company_update,
    contact_person_create,
    contact_person_delete,
    key_figures_create,
    key_figures_update,
)
from tests.programmes.factories import make_company, municipality, organisation_number


def messages_of(refused) -> dict[str, list[str]]:
    return refused.value.message_dict


# --- Companies --------------------------------------------------------------------------


def test_a_company_is_registered_with_its_number_as_nine_digits(rorosregionen):
    company = company_create(
        naeringshage=rorosregionen,
        organisation_number="912 345 688",
        name="Fjellbakst AS",
        municipality=municipality("tynset"),
        nace_code="10.710",
        women_in_leadership=Company.WomenInLeadership.YES,
    )

    company.refresh_from_db()
    assert company.organisation_number == "912345688"
    assert company.organisation_number_display == "912 345 688"
    assert str(company) == "Fjellbakst AS"


def test_a_duplicate_company_is_refused_on_the_number_naming_the_other(rorosregionen):
    make_company(rorosregionen, 1, name="Fjellbakst AS")

    with pytest.raises(ValidationError) as refused:
        company_create(
            naeringshage=rorosregionen,
            organisation_number=organisation_number(1),
            name="Fjellbakst (ny) AS",
            municipality=municipality("roros"),
        )

    [message] = messages_of(refused)["organisation_number"]
    assert "allerede registrert" in message
    assert "Fjellbakst AS" in message
    assert Company.objects.count() == 1


def test_another_naeringshage_may_register_the_same_company(rorosregionen, other_naeringshage):
    make_company(rorosregionen, 1)

    make_company(other_naeringshage, 1)

    assert Company.objects.filter(organisation_number=organisation_number(1)).count() == 2


def test_editing_a_company_keeps_its_own_number(rorosregionen):
    company = make_company(rorosregionen, 1)

    company_update(
        company=company,
        organisation_number=company.organisation_number,
        name="Nytt navn AS",
        municipality=municipality("os"),
        address="Storgata 1",
        nace_code="",
        women_in_leadership="no",
    )

    company.refresh_from_db()
    assert company.name == "Nytt navn AS"


def test_editing_to_another_companys_number_is_refused(rorosregionen):
    make_company(rorosregionen, 1, name="Først AS")
    second = make_company(rorosregionen, 2)

    with pytest.raises(ValidationError) as refused:
        company_update(
            company=second,
            organisation_number=organisation_number(1),
            name=second.name,
            municipality=second.municipality,
            address="",
            nace_code="",
            women_in_leadership="unknown",
        )

    assert "Først AS" in messages_of(refused)["organisation_number"][0]
    second.refresh_from_db()
    assert second.organisation_number == organisation_number(2)


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        (
            "123456789",
            "kontrollsifferet (det siste sifferet) er 9, men de åtte første sifrene gir 5",
        ),
        ("000000060", "intet kontrollsiffer passer"),
        ("12345678", "har 8 sifre"),
        ("12345678x", "bare inneholde sifre"),
    ],
)
def test_an_invalid_number_is_refused_saying_which_rule_failed(rorosregionen, number, fragment):
    with pytest.raises(ValidationError) as refused:
        company_create(
            naeringshage=rorosregionen,
            organisation_number=number,
            name="Feil AS",
            municipality=municipality("roros"),
        )

    assert fragment in messages_of(refused)["organisation_number"][0]
    assert not Company.objects.exists()


def test_a_malformed_nace_code_is_refused(rorosregionen):
    with pytest.raises(ValidationError) as refused:
        company_create(
            naeringshage=rorosregionen,
            organisation_number=organisation_number(1),
            name="Feil AS",
            municipality=municipality("roros"),
            nace_code="5510",
        )

    assert "NACE-koden" in messages_of(refused)["nace_code"][0]


# --- Search ---------------------------------------------------------------------------


@pytest.fixture
def three_companies(rorosregionen, other_naeringshage):
    first = company_create(
        naeringshage=rorosregionen,
        organisation_number="912345688",
        name="Fjellbakst AS",
        municipality=municipality("roros"),
    )
    second = company_create(
        naeringshage=rorosregionen,
        organisation_number="987654325",
        name="Lyngtind Sag AS",
        municipality=municipality("tynset"),
    )
    company_create(
        naeringshage=other_naeringshage,
        organisation_number="970173048",
        name="Fjellbakst Nord AS",
        municipality=municipality("roros"),
    )
    return first, second


@pytest.mark.parametrize(
    ("search", "names"),
    [
        ("fjell", ["Fjellbakst AS"]),
        ("SAG", ["Lyngtind Sag AS"]),
        ("912345688", ["Fjellbakst AS"]),
        ("912 345 688", ["Fjellbakst AS"]),
        ("987 654", ["Lyngtind Sag AS"]),
        ("970173048", []),
        ("", ["Fjellbakst AS", "Lyngtind Sag AS"]),
    ],
)
def test_companies_are_found_by_name_or_number_with_or_without_spaces(
    rorosregionen, three_companies, search, names
):
    found = company_list(naeringshage=rorosregionen, search=search)

    assert [company.name for company in found] == names


def test_a_naeringshage_sees_only_its_own_companies(rorosregionen, three_companies):
    assert {c.name for c in companies_of(naeringshage=rorosregionen)} == {
        "Fjellbakst AS",
        "Lyngtind Sag AS",
    }


# --- Contact persons ------------------------------------------------------------------


def test_contact_persons_are_kept_apart_and_can_be_deleted(rorosregionen):
    company = make_company(rorosregionen)
    contact = contact_person_create(
        company=company,
        name="Kari Haugen",
        role="daglig leder",
        email="kari@fjellbakst.example",
        phone="+47 412 34 567",
    )
    assert str(contact) == "Kari Haugen (daglig leder)"

    contact_person_delete(contact_person=contact)

    assert not ContactPerson.objects.exists()
    assert Company.objects.filter(pk=company.pk).exists()


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("email", "kari@", "e-postadresse"),
        ("phone", "ring meg", "telefonnummeret"),
        ("name", "", "Feltet kan ikke være blankt"),
    ],
)
def test_bad_contact_person_input_is_refused(rorosregionen, field, value, fragment):
    company = make_company(rorosregionen)
    fields = {"name": "Kari Haugen", "email": "", "phone": ""}
    fields[field] = value

    with pytest.raises(ValidationError) as refused:
        contact_person_create(company=company, **fields)

    assert fragment.lower() in messages_of(refused)[field][0].lower()
    assert not ContactPerson.objects.exists()


# --- Key figures ----------------------------------------------------------------------


def test_key_figures_are_recorded_per_year_in_kroner(rorosregionen):
    company = make_company(rorosregionen)

    figures = key_figures_create(
        company=company,
        year=2016,
        employees=12,
        revenue=Decimal("8500000.50"),
        value_creation=Decimal("-120000"),
    )

    figures.refresh_from_db()
    assert figures.revenue == Decimal("8500000.50")
    assert figures.value_creation == Decimal("-120000.00")


def test_a_second_row_for_the_same_year_is_refused_on_the_year(rorosregionen):
    company = make_company(rorosregionen)
    key_figures_create(company=company, year=2016, employees=3)

    with pytest.raises(ValidationError) as refused:
        key_figures_create(company=company, year=2016, employees=4)

    assert messages_of(refused)["year"] == [
        "Bedriften har allerede nøkkeltall for 2016. Endre dem i stedet."
    ]
    assert KeyFigures.objects.get().employees == 3


def test_moving_figures_onto_a_year_already_recorded_is_refused(rorosregionen):
    company = make_company(rorosregionen)
    key_figures_create(company=company, year=2016, employees=3)
    later = key_figures_create(company=company, year=2017, employees=4)

    with pytest.raises(ValidationError):
        key_figures_update(
            key_figures=later, year=2016, employees=4, revenue=None, value_creation=None
        )


@pytest.mark.parametrize(
    ("figures", "field", "message"),
    [
        ({"employees": -1}, "employees", "Antall ansatte kan ikke være negativt."),
        ({"revenue": Decimal("-0.01")}, "revenue", "Omsetningen kan ikke være negativ."),
        ({"year": 1800, "employees": 1}, "year", "Året må være 1990 eller senere."),
    ],
)
def test_negative_or_absurd_figures_are_refused(rorosregionen, figures, field, message):
    company = make_company(rorosregionen)
    fields = {"year": 2016, **figures}

    with pytest.raises(ValidationError) as refused:
        key_figures_create(company=company, **fields)

    assert message in messages_of(refused)[field]
    assert not KeyFigures.objects.exists()


def test_a_year_without_any_figure_is_refused(rorosregionen):
    company = make_company(rorosregionen)

    with pytest.raises(ValidationError) as refused:
        key_figures_create(company=company, year=2016)

    assert "minst ett tall" in refused.value.messages[0]
