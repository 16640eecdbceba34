"""The annual report in Chromium: accessible and valid, whole year and half-year, and
its bad input answered on a valid page."""

import pytest
from django.core.management import call_command

from programmes.models import Company, Naeringshage, StaffMembership
from tests.browser.conftest import log_in
from tests.reports.scenario import build

NBSP = "\u00a0"


def main_text(page) -> str:
    return page.locator("main").inner_text().replace(NBSP, " ")


@pytest.fixture
def roros_manager(manager, adviser):
    from municipalities.models import Municipality
    from programmes.models import ServiceType

    call_command("load_reference_data", verbosity=0)
    roros = Naeringshage.objects.get(slug="rorosregionen")
    for user in (manager, adviser):
        StaffMembership.objects.create(user=user, naeringshage=roros)
    company = Company.objects.create(
        naeringshage=roros,
        organisation_number="123456785",
        name="Fjellbakst AS",
        municipality=Municipality.objects.get(slug="roros"),
    )
    build(
        roros=roros,
        company=company,
        adviser=adviser,
        advice=ServiceType.objects.get(slug="radgivning"),
    )
    return manager


def test_the_annual_report_is_accessible_and_shows_its_sections(page, check_page, roros_manager):
    log_in(page, roros_manager.username)

    response = page.goto("/reports/annual/?year=2016")

    check_page(page, response)
    assert page.get_by_role("heading", level=1).inner_text() == "Årsrapport 2016"
    assert page.locator("main section").count() == 7
    table = page.get_by_role(
        "table", name="Tjenester per kommune, etter fylke (kommunenummer fra 2016)"
    )
    rows = table.locator("tbody tr")
    assert rows.nth(1).inner_text().replace(NBSP, " ").split("\t") == [
        "Hedmark",
        "0437",
        "Tynset",
        "8",
        "12 500 kr",
        "6 500 kr",
        "6 000 kr",
        "1",
    ]
    assert "987 654 325" in main_text(page)


def test_the_reports_link_leads_to_the_half_year(page, check_page, roros_manager):
    log_in(page, roros_manager.username)
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
    log_in(page, roros_manager.username)

    response = page.goto("/reports/annual/?year=2016&half=3")

    assert response.status == 400
    check_page.assert_valid_html(page.url, response.text())
    check_page.assert_accessible(page)
    assert "Velg hele året, halvår 1" in main_text(page)
