"""The company pages in Chromium: accessible, valid, and a company registered end to
end."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from programmes.models import AnnualAccounts, Naeringshage
from programmes.services import (
    contact_person_create,
    key_figures_create,
    participant_add,
    staff_membership_set,
)
from tests.browser.conftest import sign_in
from tests.programmes.factories import enrol, make_company, make_event

NBSP = "\u00a0"


@pytest.fixture
def roros_adviser(reference_data, adviser):
    staff_membership_set(user=adviser, naeringshage=Naeringshage.objects.get(slug="rorosregionen"))
    return adviser


@pytest.fixture
def company(roros_adviser):
    roros = Naeringshage.objects.get(slug="rorosregionen")
    company = make_company(roros, 1, name="Fjellbakst AS", place="os")
    contact_person_create(
        company=company, name="Kari Haugen", role="daglig leder", email="kari@x.example"
    )
    key_figures_create(company=company, year=2016, employees=7, revenue=Decimal("1500000"))
    enrol(company, date(2016, 3, 1))
    event = make_event(roros, roros_adviser, title="KompetanseForum: Lokalmat")
    participant_add(event=event, name="Kari Haugen", company=company)
    for serial in range(2, 6):
        make_company(roros, serial, place="tynset")
    return company


def main_text(page) -> str:
    return page.locator("main").inner_text().replace(NBSP, " ")


def test_the_company_list_is_accessible_and_valid(page, check_page, company):
    sign_in(page, "radgiver")

    response = page.goto("/companies/")

    check_page(page, response)
    table = page.get_by_role("table", name="5 bedrifter")
    assert table.get_by_role("row").count() == 6
    assert "Os (Innlandet)" in table.inner_text()


def test_searching_by_a_spaced_number_finds_the_company(page, check_page, company):
    sign_in(page, "radgiver")
    page.goto("/companies/")

    main = page.locator("main")  # the header has a search box of its own
    main.get_by_role("searchbox", name="Søk").fill(company.organisation_number_display)
    with page.expect_navigation() as navigation:
        main.get_by_role("button", name="Søk").click()

    check_page(page, navigation.value)
    assert page.get_by_role("table", name="1 bedrift").is_visible()
    assert "Fjellbakst AS" in main_text(page)


def test_the_company_page_is_accessible_and_valid(page, check_page, company):
    # Figures for the baseline (2023, the programme period's reset year) and after it:
    # the page draws the series and writes its growth.
    key_figures_create(company=company, year=2023, revenue=Decimal("1000000"))
    key_figures_create(company=company, year=2024, revenue=Decimal("1200000"))
    sign_in(page, "radgiver")

    response = page.goto(f"/companies/{company.pk}/")

    check_page(page, response)
    main = main_text(page)
    assert company.organisation_number_display in main
    assert "1 500 000 kr" in main
    assert "KompetanseForum: Lokalmat" in main
    assert page.get_by_role("heading", name="Kontaktpersoner").is_visible()
    assert "Omsetning, 2023–2024 1 000 000 kr → 1 200 000 kr: +200 000 kr (20 %)" in " ".join(
        main.split()
    )
    assert page.get_by_role("img", name="Omsetning og verdiskaping for Fjellbakst AS per år")


def test_the_registers_other_figures_are_shown_beside_the_staffs_and_chosen(
    page, check_page, company
):
    AnnualAccounts.objects.create(
        company=company, year=2016, period_start=date(2016, 1, 1), period_end=date(2016, 12, 31),
        revenue=Decimal("1625000"), operating_result=Decimal("-80000"),
        wage_costs=Decimal("910000"), annual_result=Decimal("-95500"), fetched_at=timezone.now(),
    )  # fmt: skip
    sign_in(page, "radgiver")

    response = page.goto(f"/companies/{company.pk}/")

    check_page(page, response)
    notice = page.get_by_role("table", name="Nøkkeltallene for 2016 slik de er registrert og "
                                            "slik Regnskapsregisteret har dem")  # fmt: skip
    assert "1 625 000 kr" in notice.inner_text().replace(NBSP, " ")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Bruk Regnskapsregisterets tall for 2016").click()
    check_page(page, navigation.value)
    figures = page.get_by_role("table", name="Nøkkeltall for Fjellbakst AS per år")
    shown = figures.inner_text().replace(NBSP, " ")
    assert "1 625 000 kr" in shown and "830 000 kr" in shown  # value creation worked out
    assert "Regnskapsregisteret har andre tall" not in main_text(page)


@pytest.mark.parametrize(
    "path",
    [
        "edit/",
        "contacts/new/",
        "key-figures/new/",
        "enrolments/new/",
    ],
)
def test_the_company_forms_are_accessible_and_valid(page, check_page, company, path):
    sign_in(page, "radgiver")

    response = page.goto(f"/companies/{company.pk}/{path}")

    check_page(page, response)


def test_the_delete_confirmation_is_accessible_and_valid(page, check_page, company):
    contact = company.contact_persons.get()
    sign_in(page, "radgiver")

    response = page.goto(f"/companies/{company.pk}/contacts/{contact.pk}/delete/")

    check_page(page, response)
    assert page.get_by_role("button", name="Slett").is_visible()


def test_an_adviser_registers_a_company_and_finds_it_in_the_list(page, check_page, company):
    sign_in(page, "radgiver")
    page.goto("/companies/")

    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="Registrer bedrift").click()
    check_page(page, navigation.value)

    page.get_by_label("Organisasjonsnummer").fill("912 345 688")
    page.get_by_label("Navn").fill("Glimmerdal Ysteri AS")
    page.get_by_label("Kommune").select_option(label="Tolga")
    page.get_by_label("Adresse").fill("Meieriveien 2")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Lagre").click()

    check_page(page, navigation.value)
    assert "Glimmerdal Ysteri AS ble registrert" in main_text(page)
    assert "912 345 688" in main_text(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Bedrifter").first.click()
    table = page.get_by_role("table", name="6 bedrifter")
    row = table.get_by_role("row", name="Glimmerdal Ysteri AS")
    assert "912 345 688" in row.inner_text()
    assert "Tolga" in row.inner_text()


def test_a_refused_company_form_is_accessible_and_valid(page, check_page, company):
    sign_in(page, "radgiver")
    page.goto("/companies/new/")

    page.get_by_label("Organisasjonsnummer").fill("123 456 789")
    page.get_by_label("Navn").fill("Feil AS")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Lagre").click()

    check_page(page, navigation.value)
    number = page.get_by_label("Organisasjonsnummer")
    assert number.get_attribute("aria-invalid") == "true"
    assert "kontrollsifferet" in page.locator("#id_organisation_number_error").inner_text()
    assert page.locator(".ds-validation-message").count() == 2  # the number, the municipality


def test_a_refused_enrolment_form_is_accessible_and_valid(page, check_page, company):
    sign_in(page, "radgiver")
    page.goto(f"/companies/{company.pk}/enrolments/new/")

    page.get_by_label("Type").select_option(label="Medlemsbedrift")
    page.get_by_label("Avtalestart").fill("2016-06-01")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Lagre").click()

    check_page(page, navigation.value)
    assert "overlapper" in page.locator("#id_start_date_error").inner_text()


def test_the_survey_contacts_page_is_accessible_and_valid(page, check_page, company):
    sign_in(page, "radgiver")
    page.goto("/companies/")

    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="Kontakter til undersøkelsen").click()

    check_page(page, navigation.value)
    main = main_text(page)
    assert "Fjellbakst AS" in main and "kari@x.example" in main
