"""The event pages in Chromium: accessible and valid, and participants added and
removed through the forms."""

import pytest

from programmes.models import Naeringshage
from programmes.services import participant_add, staff_membership_set
from tests.browser.conftest import pick, sign_in
from tests.programmes.factories import make_company, make_event

NBSP = "\u00a0"


@pytest.fixture
def event(reference_data, adviser):
    roros = Naeringshage.objects.get(slug="rorosregionen")
    staff_membership_set(user=adviser, naeringshage=roros)
    event = make_event(roros, adviser)
    company = make_company(roros, 1, name="Fjellbakst AS")
    participant_add(event=event, name="Kari Haugen", company=company, email="kari@x.example")
    return event


def main_text(page) -> str:
    return page.locator("main").inner_text().replace(NBSP, " ")


def test_the_event_list_is_accessible_and_valid(page, check_page, event):
    sign_in(page, "radgiver")

    response = page.goto("/events/?year=2016")

    check_page(page, response)
    table = page.get_by_role("table", name="1 arrangement i 2016")
    assert "KompetanseForum: Eierskifte" in table.inner_text()
    assert page.get_by_role("heading", name="Per kommune").is_visible()


def test_the_event_page_is_accessible_and_valid(page, check_page, event):
    sign_in(page, "radgiver")

    response = page.goto(f"/events/{event.pk}/")

    check_page(page, response)
    assert page.get_by_role("table", name="1 deltaker").is_visible()


@pytest.mark.parametrize("path", ["/events/new/", "EDIT", "REMOVE"])
def test_the_event_forms_are_accessible_and_valid(page, check_page, event, path):
    participant = event.participants.get()
    path = {
        "EDIT": f"/events/{event.pk}/edit/",
        "REMOVE": f"/events/{event.pk}/participants/{participant.pk}/remove/",
    }.get(path, path)
    sign_in(page, "radgiver")

    response = page.goto(path)

    check_page(page, response)


def test_a_participant_is_added_refused_twice_and_removed(page, check_page, event):
    sign_in(page, "radgiver")
    page.goto(f"/events/{event.pk}/")

    page.get_by_label("Navn").fill("Ola Moen")
    pick(page, "Bedrift", "fjelbakst", "Fjellbakst AS")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Legg til deltaker").click()
    check_page(page, navigation.value)
    assert "Ola Moen ble lagt til" in main_text(page)
    assert page.get_by_role("table", name="2 deltakere").is_visible()

    page.get_by_label("Navn").fill("Ola Moen")
    pick(page, "Bedrift", "fjelbakst", "Fjellbakst AS")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Legg til deltaker").click()
    check_page(page, navigation.value)
    assert "allerede påmeldt" in page.locator("#id_name_error").inner_text()
    assert page.get_by_label("Navn").get_attribute("aria-invalid") == "true"

    with page.expect_navigation():
        page.get_by_role("link", name="Fjern Ola Moen").click()
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Fjern").click()
    check_page(page, navigation.value)
    assert page.get_by_role("table", name="1 deltaker").is_visible()


def test_a_refused_event_form_is_accessible_and_valid(page, check_page, event):
    sign_in(page, "radgiver")
    page.goto("/events/new/")

    page.get_by_label("Tittel").fill("Kurs")
    page.get_by_label("Type").select_option(label="Kurs")
    page.get_by_label("Starter").fill("2016-11-17T09:00")
    page.get_by_label("Slutter").fill("2016-11-17T08:00")
    page.get_by_label("Kommune").select_option(label="Røros")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Lagre").click()

    check_page(page, navigation.value)
    assert "kan ikke være før starten" in page.locator("#id_ends_at_error").inner_text()
