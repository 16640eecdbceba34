"""A refused form in Chromium: the error summary at the top takes the focus (read out at
once), its link takes the user to the field, and the refused service's split stays in
view; the service form shows the exception reason only with a funding line and fills
the service type's default hourly rate. Checked with axe and the Nu Html Checker."""

from decimal import Decimal

import pytest

from programmes.models import ServiceType
from tests.browser.conftest import pick, roros_with_fjellbakst, sign_in

NBSP = "\u00a0"
FOCUSED_SUMMARY = "document.activeElement.matches('.ds-error-summary[data-error-summary]')"


def main_text(page) -> str:
    return page.locator("main").inner_text().replace(NBSP, " ")


@pytest.fixture
def roros_adviser(reference_data, adviser):
    roros_with_fjellbakst(adviser, municipality="tynset")
    return adviser


def test_a_refused_save_focuses_the_error_summary_and_keeps_the_split(
    page, check_page, roros_adviser
):
    sign_in(page, roros_adviser.username)
    page.goto("/services/new/")
    pick(page, "Bedrift", "fjelbakst", "Fjellbakst AS")
    page.get_by_label("Dato").fill("2016-10-03")
    page.get_by_label("Tjenestetype").select_option(label="Rådgivning")
    page.get_by_label("Timer").fill("6")
    page.get_by_label("Timepris").fill("1 200")
    page.get_by_label("Finansieringslinje").select_option(index=1)
    page.get_by_label("Egenandel", exact=True).fill("1 000")

    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Lagre").click()

    check_page(page, navigation.value)
    page.wait_for_function(FOCUSED_SUMMARY)
    summary = page.locator("[data-error-summary]")
    assert summary.get_by_role("heading").inner_text() == "Det er noe som må rettes"
    link = summary.get_by_role("link")
    assert (
        link.inner_text().replace(NBSP, " ").startswith("Egenandel: Egenandelen må være minst 25 %")
    )
    assert summary.is_visible() and summary.bounding_box()["y"] < 800
    # The refused split stays in view: the price 7 200 kr, the own share typed.
    assert "Beregnet, ikke lagret" in main_text(page)
    assert "7 200 kr" in main_text(page)

    link.click()
    assert page.evaluate("document.activeElement.id") == "id_own_share"


def test_the_service_form_shows_the_exception_reason_only_with_a_funding_line(
    page, check_page, roros_adviser
):
    ServiceType.objects.filter(slug="radgivning").update(default_hourly_rate=Decimal("1250"))
    sign_in(page, roros_adviser.username)

    response = page.goto("/services/new/")

    check_page(page, response)
    reason = page.get_by_label("Begrunnelse for unntak fra egenandelen")
    funding_line = page.get_by_label("Finansieringslinje")
    funding_line.select_option(index=0)
    assert not reason.is_visible()
    funding_line.select_option(index=1)
    assert reason.is_visible()
    funding_line.select_option(index=0)
    assert not reason.is_visible()

    rate = page.get_by_label("Timepris")
    page.get_by_label("Tjenestetype").select_option(label="Rådgivning")
    assert rate.input_value() == "1 250"
    # A fixed price takes the filled rate away (a service has one or the other).
    page.get_by_label("Fast pris").fill("5 000")
    assert rate.input_value() == ""
    page.get_by_label("Fast pris").fill("")
    # A rate the adviser typed is not overwritten by another type's default.
    page.get_by_label("Timepris").fill("990")
    page.get_by_label("Tjenestetype").select_option(index=0)
    assert page.get_by_label("Timepris").input_value() == "990"
