"""The region page in a real browser: valid HTML, no WCAG 2.1 A/AA violation."""

from programmes.models import Naeringshage
from programmes.services import staff_membership_set
from tests.browser.conftest import sign_in


def test_the_region_page_is_accessible_and_valid(reference_data, page, check_page, adviser):
    staff_membership_set(user=adviser, naeringshage=Naeringshage.objects.get(slug="rorosregionen"))
    sign_in(page, adviser.username)

    response = page.goto("/region/?year=2016")

    check_page(page, response)
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Regionen til Rørosregionen Næringshage AS"
    )
    members = page.get_by_role("table", name="8 programmedlemmer i 2016")
    assert members.get_by_role("row").count() == 9
    assert "Os (Hedmark)" in members.inner_text()


def test_the_year_form_and_links_move_between_years(reference_data, page, check_page, adviser):
    staff_membership_set(user=adviser, naeringshage=Naeringshage.objects.get(slug="rorosregionen"))
    sign_in(page, adviser.username)
    page.goto("/region/?year=2016")

    page.get_by_role("textbox", name="År").fill("2024")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Vis").click()
    check_page(page, navigation.value)
    assert page.get_by_role("table", name="8 programmedlemmer i 2024").is_visible()
    assert "3427" in page.locator("main").inner_text()

    with page.expect_navigation():
        page.get_by_role("link", name="Forrige år (2023)").click()
    assert page.url.endswith("?year=2023")


def test_a_bad_year_shows_an_accessible_message(reference_data, page, check_page, adviser):
    staff_membership_set(user=adviser, naeringshage=Naeringshage.objects.get(slug="rorosregionen"))
    sign_in(page, adviser.username)

    page.goto("/region/?year=abc")

    # check_page expects a successful answer; here the answer is 400, so check the parts.
    assert "Året må skrives med fire sifre" in page.locator("#id_year_error").inner_text()
    check_page.assert_valid_html(page.url, page.content())
    check_page.assert_accessible(page)
