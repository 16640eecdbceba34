"""The company picker in Chromium: by keyboard alone as a combobox (type, arrow down,
Escape, Enter), accessible and valid with its list open; without JavaScript a search,
the Find button and a short list to choose from; and the header's search box."""

import pytest

from programmes.models import Naeringshage, Participant
from programmes.services import staff_membership_set
from tests.browser.conftest import sign_in
from tests.programmes.factories import make_company, make_event


@pytest.fixture
def event(reference_data, adviser):
    roros = Naeringshage.objects.get(slug="rorosregionen")
    staff_membership_set(user=adviser, naeringshage=roros)
    make_company(roros, 1, name="Fjellbakst AS")
    make_company(roros, 2, name="Fjellgard Ysteri AS")
    for serial in range(10, 35):
        make_company(roros, serial)  # more than the picker lists before a search
    return make_event(roros, adviser)


def test_the_keyboard_alone_picks_a_company_in_the_combobox(page, check_page, event):
    sign_in(page, "radgiver")
    response = page.goto(f"/events/{event.pk}/")
    check_page(page, response)

    box = page.get_by_role("combobox", name="Bedrift", exact=True)
    assert box.get_attribute("aria-expanded") == "false"
    listbox = page.locator(f"#{box.get_attribute('aria-controls')}")
    page.get_by_label("Navn", exact=True).fill("Ola Moen")
    box.focus()
    page.keyboard.type("fjel")
    listbox.get_by_role("option").first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert listbox.get_attribute("role") == "listbox"
    assert listbox.get_by_role("option").count() == 2

    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    active = page.locator(f"#{box.get_attribute('aria-activedescendant')}")
    assert active.inner_text().startswith("Fjellgard Ysteri AS")
    assert active.get_attribute("aria-selected") == "true"
    check_page.assert_accessible(page)  # with the list open

    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert box.input_value() == "fjel"

    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Enter")
    assert box.get_attribute("aria-expanded") == "false"
    assert box.input_value() == "Fjellbakst AS"

    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Legg til deltaker").click()
    check_page(page, navigation.value)
    participant = Participant.objects.get(name="Ola Moen")
    assert participant.company.name == "Fjellbakst AS"


def test_a_typo_finds_the_company_and_a_new_search_drops_the_choice(page, event):
    sign_in(page, "radgiver")
    page.goto(f"/events/{event.pk}/")
    box = page.get_by_role("combobox", name="Bedrift", exact=True)
    box.focus()
    page.keyboard.type("fjelbakst")
    page.get_by_role("option", name="Fjellbakst AS").wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    chosen = page.locator("select[name=company]")
    assert chosen.input_value() != ""

    page.keyboard.type(" Nord")
    assert chosen.input_value() == ""


def test_without_javascript_the_picker_is_a_search_and_a_short_list(
    browser, live_server, check_page, event
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.live_server_url = live_server.url
    try:
        sign_in(page, "radgiver")
        page.goto(f"/events/{event.pk}/")
        assert page.locator("select[name=company] option").count() == 1  # none listed yet
        page.get_by_label("Navn", exact=True).fill("Kari Haugen")
        page.get_by_label("Søk på navn eller organisasjonsnummer").fill("fjelbakst")
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Finn").click()
        check_page.assert_valid_html(page.url, navigation.value.text())
        assert not Participant.objects.exists()
        assert "1 bedrift passer «fjelbakst»" in page.locator("main").inner_text()
        page.get_by_label("Bedrift", exact=True).select_option(index=1)
        with page.expect_navigation():
            page.get_by_role("button", name="Legg til deltaker").click()
        assert Participant.objects.get(name="Kari Haugen").company.name == "Fjellbakst AS"
    finally:
        context.close()


def test_the_header_search_finds_a_company_with_a_typo(page, check_page, event):
    sign_in(page, "radgiver")
    page.goto("/")
    page.get_by_label("Søk etter bedrifter, kontaktpersoner, arrangementer og tjenester").fill(
        "fjelbakst"
    )
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    check_page(page, navigation.value)
    results = page.get_by_role("region", name="Bedrifter")
    results.get_by_role("link", name="Fjellbakst AS").click()
    assert page.get_by_role("heading", name="Fjellbakst AS", level=1).is_visible()
