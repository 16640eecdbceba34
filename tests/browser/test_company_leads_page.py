"""New companies in the region, in Chromium against the stand-in register: the list is
accessible and valid at both widths, and two picked companies are registered."""

import pytest

from programmes.models import Company, Naeringshage
from programmes.services import staff_membership_set
from tests.browser.conftest import sign_in

NBSP = "\u00a0"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


@pytest.fixture
def roros_adviser(reference_data, adviser):
    staff_membership_set(user=adviser, naeringshage=Naeringshage.objects.get(slug="rorosregionen"))
    return adviser


def scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def test_an_adviser_picks_new_companies_in_the_region(page, check_page, roros_adviser, registry):
    sign_in(page, "radgiver")
    page.goto("/companies/")
    with page.expect_navigation():
        page.get_by_role("link", name="Nye bedrifter i regionen").click()
    page.get_by_label("Registrert fra").fill("2026-11-01")
    page.get_by_label("Registrert til").fill("2026-11-30")
    with page.expect_navigation() as navigation:
        page.locator("main").get_by_role("button", name="Søk").click()
    check_page(page, navigation.value)
    assert page.get_by_role("table", name="5 enheter registrert").is_visible()
    for size in (PHONE, LAPTOP):
        page.set_viewport_size(size)
        assert not scrolls_sideways(page), size

    page.get_by_label("Velg BREKKEN FJELLGARD AS").check()
    page.get_by_label("Velg TOLGA ELEKTRO AS").check()
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Registrer de valgte bedriftene").click()
    check_page(page, navigation.value)
    shown = page.locator("main").inner_text().replace(NBSP, " ")
    assert "Registrert: BREKKEN FJELLGARD AS, TOLGA ELEKTRO AS." in shown
    registered = page.get_by_role("link", name="Registrert her")
    assert registered.filter(has_text="TOLGA ELEKTRO AS").is_visible()
    assert Company.objects.filter(naeringshage__slug="rorosregionen").count() == 2
