"""Recording a service in Chromium, end to end: the form, the computed split, the
saved service, and the frame's remaining amount falling by exactly its subsidy."""

import pytest

from programmes.models import Company
from tests.browser.conftest import pick, roros_with_fjellbakst, sign_in

NBSP = "\u00a0"


def main_text(page) -> str:
    return page.locator("main").inner_text().replace(NBSP, " ")


@pytest.fixture
def roros_adviser(reference_data, adviser):
    roros_with_fjellbakst(adviser, municipality="tynset")
    return adviser


def test_an_adviser_records_a_service_and_the_frame_falls_by_its_subsidy(
    page, check_page, roros_adviser
):
    sign_in(page, roros_adviser.username)
    page.goto("/funding/?year=2016")
    assert "Igjen\n1 500 000 kr" in main_text(page) or "1 500 000 kr" in main_text(page)

    response = page.goto("/services/new/")
    check_page(page, response)
    pick(page, "Bedrift", "fjelbakst", "Fjellbakst AS")
    page.get_by_label("Dato").fill("2016-10-03")
    page.get_by_label("Tjenestetype").select_option(label="Rådgivning")
    page.get_by_label("Timer").fill("6")
    page.get_by_label("Timepris").fill("1 200")
    page.get_by_label("Finansieringslinje").select_option(index=1)
    page.get_by_label("Egenandel", exact=True).fill("1 800")

    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Beregn").click()
    check_page(page, navigation.value)
    computed = main_text(page)
    assert "7 200 kr" in computed  # the price
    assert "5 400 kr" in computed  # the subsidy
    assert "1 494 600 kr" in computed  # left of the frame after

    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Lagre").click()
    check_page(page, navigation.value)
    assert "Tjenesten er lagret: 5 400 kr trukket fra Siva-ramme" in main_text(page)

    response = page.goto("/funding/?year=2016")
    overview = main_text(page)
    assert "1 494 600 kr" in overview
    assert "5 400 kr av 1 500 000 kr" in overview

    company = Company.objects.get(name="Fjellbakst AS")
    response = page.goto(f"/companies/{company.pk}/")
    check_page(page, response)
    assert "Tjenester og statsstøtte" in main_text(page)


def test_a_refused_service_form_is_accessible_and_valid(page, check_page, roros_adviser):
    sign_in(page, roros_adviser.username)
    page.goto("/services/new/")
    pick(page, "Bedrift", "fjelbakst", "Fjellbakst AS")
    page.get_by_label("Dato").fill("2016-10-03")
    page.get_by_label("Timer").fill("30")
    page.get_by_label("Timepris").fill("1000")
    page.get_by_label("Egenandel", exact=True).fill("100")

    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Lagre").click()

    check_page(page, navigation.value)
    assert "høyst 24" in main_text(page)


def test_the_services_list_is_accessible_and_valid(page, check_page, roros_adviser):
    sign_in(page, roros_adviser.username)

    response = page.goto("/services/?year=2016")

    check_page(page, response)
    assert "0 tjenester" in main_text(page)


def test_the_edit_and_void_pages_are_accessible_and_valid(page, check_page, roros_adviser):
    from datetime import date
    from decimal import Decimal

    from funding.models import Grant
    from funding.services import ServiceDraft, service_record
    from programmes.models import ServiceType

    company = Company.objects.get(name="Fjellbakst AS")
    service = service_record(
        draft=ServiceDraft(
            naeringshage=company.naeringshage,
            company=company,
            adviser=roros_adviser,
            service_type=ServiceType.objects.get(slug="radgivning"),
            date=date(2016, 5, 2),
            hours=Decimal("2"),
            hourly_rate=Decimal("1000"),
            own_share=Decimal("500"),
            grant=Grant.objects.get(kind=Grant.Kind.SIVA_FRAME, first_year=2016),
        ),
        recorded_by=roros_adviser,
    )
    sign_in(page, roros_adviser.username)

    check_page(page, page.goto(f"/services/{service.pk}/edit/"))
    check_page(page, page.goto(f"/services/{service.pk}/void/"))
    page.get_by_label("Begrunnelse").fill("Registrert på feil bedrift")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Annuller").click()

    check_page(page, navigation.value)
    assert "Tjenesten er annullert" in main_text(page)
