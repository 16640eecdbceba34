"""A service's own page and the landing after a save, in Chromium: both pass axe and the
Nu Html Checker; after saving an edit the list opens on the service's month with its row
marked, in view and said to be changed."""

from datetime import date
from decimal import Decimal

import pytest

from funding.models import Grant
from funding.services import ServiceDraft, service_record, service_void
from municipalities.models import Municipality
from programmes.models import Company, Naeringshage, ServiceType, StaffMembership
from tests.browser.conftest import sign_in

NBSP = "\u00a0"


def main_text(page) -> str:
    return page.locator("main").inner_text().replace(NBSP, " ")


@pytest.fixture
def service(reference_data, adviser):
    roros = Naeringshage.objects.get(slug="rorosregionen")
    StaffMembership.objects.create(user=adviser, naeringshage=roros)
    company = Company.objects.create(
        naeringshage=roros,
        organisation_number="912345688",
        name="Fjellbakst AS",
        municipality=Municipality.objects.get(slug="tynset"),
    )
    draft = {
        "naeringshage": roros,
        "company": company,
        "adviser": adviser,
        "service_type": ServiceType.objects.get(slug="radgivning"),
        "hours": Decimal("2"),
        "hourly_rate": Decimal("1000"),
        "own_share": Decimal("500"),
        "grant": Grant.objects.get(naeringshage=roros, kind=Grant.Kind.SIVA_FRAME, first_year=2016),
    }
    # Enough services in May to push the row below the fold of a laptop's window.
    for day in range(1, 31):
        service_record(draft=ServiceDraft(date=date(2016, 5, day), **draft), recorded_by=adviser)
    return service_record(
        draft=ServiceDraft(date=date(2016, 5, 2), description="Forretningsplan", **draft),
        recorded_by=adviser,
    )


def test_the_service_page_is_accessible_and_valid(page, check_page, service, adviser):
    sign_in(page, adviser.username)

    check_page(page, page.goto(f"/services/{service.pk}/"))

    text = main_text(page)
    assert "Rådgivning – Fjellbakst AS, 02.05.2016" in text
    assert "Forretningsplan" in text and "1 500 kr" in text
    trail = page.get_by_role("navigation", name="Brødsmulesti")
    assert trail.get_by_role("link", name="Tjenester").is_visible()
    page.locator("main").get_by_role("link", name="Fjellbakst AS", exact=True).click()
    page.wait_for_url(f"**/companies/{service.company_id}/")


def test_a_voided_service_page_is_accessible_and_valid(page, check_page, service, adviser):
    service_void(service=service, reason="Feil bedrift", voided_by=adviser)
    sign_in(page, adviser.username)

    check_page(page, page.goto(f"/services/{service.pk}/"))

    assert "Annullert" in main_text(page)
    assert page.get_by_role("link", name="Endre tjeneste").count() == 0


def test_saving_an_edit_lands_on_the_marked_row_in_view(page, check_page, service, adviser):
    sign_in(page, adviser.username)
    page.goto(f"/services/{service.pk}/edit/")
    page.get_by_label("Timer").fill("3")
    page.get_by_label("Egenandel", exact=True).fill("750")

    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Lagre").click()

    check_page(page, navigation.value)
    assert f"marked={service.pk}" in page.url and page.url.endswith(f"#service-{service.pk}")
    assert "Tjenesten er lagret" in main_text(page)
    row = page.locator(f"#service-{service.pk}")
    assert row.get_attribute("aria-current") == "true"
    assert "Endret" in row.inner_text()
    assert row.is_visible()
    box = row.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"]  # scrolled to it
    assert page.locator('tr[aria-current="true"]').count() == 1
