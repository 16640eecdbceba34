"""Moving in, in Chromium: a manager fills a company from its organisation number (the
stand-in register, tests/registry_server.py) and imports the example workbook, sheet by
sheet (companies, contact persons, two years of services): the columns, the check of
every row, the import, and the rows in the lists, the history and the annual report.
Each page passes axe and the Nu Html Checker."""

from datetime import date
from decimal import Decimal

import pytest

from demo.import_file import CONTACTS, import_workbook, service_days
from funding.models import Funder, Grant
from funding.services import grant_create
from programmes.models import Company, Naeringshage
from programmes.services import staff_membership_set
from tests import registry_server as brreg
from tests.browser.conftest import open_user_menu, sign_in

NBSP = "\u00a0"
TODAY = date(2026, 12, 3)


def main_text(page) -> str:
    return page.locator("main").inner_text().replace(NBSP, " ")


@pytest.fixture
def roros(reference_data, adviser, manager):
    naeringshage = Naeringshage.objects.get(slug="rorosregionen")
    for user in (adviser, manager):
        staff_membership_set(user=user, naeringshage=naeringshage)
    for year in (2025, 2026):
        grant_create(
            naeringshage=naeringshage, funder=Funder.objects.get(slug="siva"),
            kind=Grant.Kind.SIVA_FRAME, first_year=year, last_year=year,
            amount=Decimal("1500000"), granted_on=date(year, 1, 15),
        )  # fmt: skip
    return naeringshage


def test_a_company_is_filled_in_from_enhetsregisteret(page, check_page, roros, registry):
    sign_in(page, "leder")
    page.goto("/companies/new/")
    page.get_by_role("textbox", name="Fyll inn fra Enhetsregisteret").fill("916 234 503")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Hent").click()
    check_page(page, navigation.value)
    assert "Fra Enhetsregisteret" in main_text(page)
    assert page.get_by_label("Navn", exact=True).input_value() == "RØROS TRE OG DESIGN AS"
    assert page.get_by_label("Kommune").input_value() != ""

    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Lagre").click()
    check_page(page, navigation.value)
    text = main_text(page)
    assert "RØROS TRE OG DESIGN AS ble registrert" in text
    assert "I Enhetsregisteret" in text and "Sist sjekket" in text

    # The register out of reach: the form says so, and is typed by hand.
    page.goto(f"/companies/new/?lookup={brreg.FAILING}")
    assert "Enhetsregisteret svarte med en feil (503)." in main_text(page)


def test_a_manager_imports_the_example_workbook(page, check_page, roros, tmp_path):
    workbook = tmp_path / "eksempel-import.xlsx"
    workbook.write_bytes(import_workbook(TODAY))
    sign_in(page, "leder")
    page.goto("/")
    open_user_menu(page)
    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="Import", exact=True).click()
    check_page(page, navigation.value)

    for kind, rows in (
        ("Bedrifter", 8),
        ("Kontaktpersoner", len(CONTACTS)),
        ("Tjenester", len(service_days(TODAY))),
    ):
        with page.expect_navigation() as navigation:
            page.get_by_role("link", name="Importer en fil").click()
        check_page(page, navigation.value)
        page.get_by_label("Hva filen inneholder").select_option(label=kind)
        page.get_by_label("Fil", exact=True).set_input_files(workbook)
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Last opp").click()
        check_page(page, navigation.value)
        assert page.get_by_role("heading", name="Kolonner").is_visible()

        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Kontroller radene").click()
        check_page(page, navigation.value)
        assert f"Opprett: {rows}" in main_text(page)
        assert "Avvist: 0" in main_text(page)

        with page.expect_navigation() as navigation:
            page.get_by_role("button", name=f"Importer {rows} rader").click()
        check_page(page, navigation.value)
        assert f"Importert: {rows} opprettet, 0 oppdatert." in main_text(page)
        with page.expect_navigation():
            page.get_by_role("link", name="Import", exact=True).last.click()

    assert page.get_by_role("table", name="3 importer").is_visible()
    company = Company.objects.get(name="Gjøsvika Smie AS")
    page.goto("/companies/?q=Gjøsvika")
    assert "Gjøsvika Smie AS" in main_text(page)
    response = page.goto(f"/companies/{company.pk}/history/")
    check_page(page, response)
    assert "eksempel-import.xlsx" in main_text(page)
    page.goto("/reports/annual/?year=2025")
    assert page.get_by_role("rowheader", name="Nettverk").first.is_visible()
