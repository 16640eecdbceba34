"""The annual report in Chromium: accessible and valid, whole year and half-year, and
its bad input answered on a valid page."""

import pytest

from tests.browser.conftest import roros_with_fjellbakst, sign_in
from tests.downloads.conftest import run_tasks

NBSP = "\u00a0"


def main_text(page) -> str:
    return page.locator("main").inner_text().replace(NBSP, " ")


@pytest.fixture
def roros_manager(reference_data, manager, adviser):
    roros_with_fjellbakst(adviser, manager, scenario=True)
    return manager


def test_the_annual_report_is_accessible_and_shows_its_sections(page, check_page, roros_manager):
    sign_in(page, roros_manager.username)

    response = page.goto("/reports/annual/?year=2016")

    check_page(page, response)
    assert page.get_by_role("heading", level=1).inner_text() == "Årsrapport 2016"
    assert page.locator("main section").count() == 12 + 3  # the status, files, commentary
    table = page.get_by_role(
        "table", name="Tjenester per kommune, etter fylke (kommunenummer fra 2016)"
    )
    rows = table.locator("tbody tr")
    assert rows.nth(1).inner_text().replace(NBSP, " ").split("\t") == [
        "Hedmark",
        "0437",
        "Tynset",
        "2",
        "1",
        "8,00",
        "12 500 kr",
        "6 500 kr",
        "6 000 kr",
    ]
    assert "987 654 325" in main_text(page)


def test_the_reports_link_leads_to_the_half_year(page, check_page, roros_manager):
    sign_in(page, roros_manager.username)
    page.goto("/")

    with page.expect_navigation():
        page.get_by_role("link", name="Rapporter").click()
    page.get_by_label("År", exact=True).fill("2016")
    page.get_by_label("Halvår").select_option(label="1. halvår (jan.–jun.)")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Vis").click()

    check_page(page, navigation.value)
    assert page.get_by_role("heading", level=1).inner_text() == "Rapport 2016, halvår 1"
    assert "13 500 kr" in main_text(page)


def test_bad_input_shows_the_message_on_a_valid_page(page, check_page, roros_manager):
    sign_in(page, roros_manager.username)

    response = page.goto("/reports/annual/?year=2016&half=3")

    assert response.status == 400
    check_page.assert_valid_html(page.url, response.text())
    check_page.assert_accessible(page)
    assert "Velg hele året, halvår 1" in main_text(page)


def test_the_manager_downloads_the_xlsx_and_the_pdf(page, roros_manager, tmp_path):
    import openpyxl
    from pypdf import PdfReader

    sign_in(page, roros_manager.username)
    page.goto("/reports/annual/?year=2016")

    with page.expect_download() as xlsx:
        page.get_by_role("link", name="Hele rapporten som Excel (XLSX), ett ark per del").click()
    assert xlsx.value.suggested_filename == "arsrapport-2016.xlsx"
    xlsx.value.save_as(tmp_path / "report.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "report.xlsx")["Kommuner"]
    tynset = next(row for row in sheet.iter_rows(values_only=True) if row[3] == "Tynset")
    assert tynset[6:] == (8, 12500, 6500, 6000)

    # The PDF is printed by the task worker: its page, then its link when it is ready.
    with page.expect_navigation():
        page.get_by_role("link", name="Hele rapporten som PDF").click()
    assert "Årsrapport 2016 som PDF" in main_text(page)
    run_tasks()
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Last ned").click()
    assert pdf.value.suggested_filename == "arsrapport-2016.pdf"
    pdf.value.save_as(tmp_path / "report.pdf")
    text = PdfReader(tmp_path / "report.pdf").pages[0].extract_text().replace(NBSP, " ")
    assert "Rørosregionen Næringshage AS" in text and "12 500 kr" in text


def test_closing_and_reopening_a_year_in_the_browser(page, check_page, roros_manager):
    sign_in(page, roros_manager.username)
    page.goto("/reports/annual/?year=2016")

    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="Lukk 2016 …").click()
    check_page(page, navigation.value)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Lukk 2016").click()
    check_page(page, navigation.value)
    assert "2016 er lukket. Tallene er lagret" in main_text(page)
    assert "2016 ble lukket" in main_text(page)

    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="Gjenåpne 2016 …").click()
    check_page(page, navigation.value)
    page.get_by_label("Grunn til gjenåpning").fill("   ")  # passes the browser's check
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Gjenåpne 2016").click()
    assert navigation.value.status == 400
    check_page.assert_valid_html(page.url, navigation.value.text())
    check_page.assert_accessible(page)
    assert "Skriv hvorfor året åpnes igjen." in main_text(page)

    page.get_by_label("Grunn til gjenåpning").fill("Feil timetall på en tjeneste")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Gjenåpne 2016").click()
    check_page(page, navigation.value)
    assert "2016 er åpent igjen" in main_text(page)


def test_the_manager_writes_the_commentary_on_the_half_year(page, check_page, roros_manager):
    sign_in(page, roros_manager.username)
    page.goto("/reports/annual/?year=2016&half=1")

    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="Skriv kommentaren").click()
    check_page(page, navigation.value)

    page.get_by_label("Rapporten som helhet").fill("Et travelt første halvår.")
    page.get_by_label("Aktivitet per kommune", exact=True).fill("Mest i Røros og Tynset.")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Lagre").click()

    check_page(page, navigation.value)
    assert "year=2016&half=1" in page.url
    main = main_text(page)
    assert "Kommentaren er lagret." in main
    assert "Et travelt første halvår." in main and "Mest i Røros og Tynset." in main
    assert page.get_by_role("link", name="Endre kommentaren").is_visible()
