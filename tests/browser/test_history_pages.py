"""The History page and the edit-conflict page in Chromium: valid HTML (Nu Html Checker)
and no WCAG 2.1 A/AA violation (axe), under the strict CSP."""

import pytest

from accounts import roles
from funding.models import PricedService
from funding.services import service_record, service_update
from municipalities.models import Municipality
from programmes.models import Company, Naeringshage, ServiceType, StaffMembership
from tests.browser.conftest import sign_in
from tests.conftest import make_user
from tests.funding.conftest import draft_for

NBSP = "\u00a0"


def main_text(page) -> str:
    return page.locator("main").inner_text().replace(NBSP, " ")


@pytest.fixture
def service(reference_data, adviser, django_user_model) -> PricedService:
    roros = Naeringshage.objects.get(slug="rorosregionen")
    StaffMembership.objects.create(user=adviser, naeringshage=roros)
    company = Company.objects.create(
        naeringshage=roros,
        organisation_number="912345688",
        name="Fjellbakst AS",
        municipality=Municipality.objects.get(slug="tynset"),
    )
    advice = ServiceType.objects.get(slug="radgivning")
    return service_record(draft=draft_for(company, adviser, advice), recorded_by=adviser)


@pytest.fixture
def colleague(django_user_model, service):
    user = make_user(django_user_model, "kari", roles.ADVISER, last_name="Nordmann")
    StaffMembership.objects.create(user=user, naeringshage=service.naeringshage)
    return user


def test_a_conflicting_save_and_the_history_page_pass_the_checks(
    page, check_page, adviser, colleague, service
):
    sign_in(page, adviser.username)
    response = page.goto(f"/services/{service.pk}/edit/")
    check_page(page, response)

    # Kari saves the service while the adviser has the form open.
    theirs = PricedService.objects.get(pk=service.pk)
    theirs._history_user = colleague
    service_update(
        service=theirs,
        draft=draft_for(
            service.company, service.adviser, service.service_type, description="Budsjett"
        ),
    )

    page.get_by_label("Beskrivelse").fill("Min tekst")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Lagre").click()
    conflict = navigation.value
    assert conflict.status == 409
    check_page.assert_valid_html(page.url, conflict.text())
    check_page.assert_accessible(page)
    text = main_text(page)
    assert "Endret av Kari Nordmann kl." in text
    assert "Budsjett" in text and "Min tekst" in text

    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="Historikk").click()
    check_page(page, navigation.value)
    history = main_text(page)
    assert "Av Kari Nordmann" in history
    assert "Budsjett" in history
