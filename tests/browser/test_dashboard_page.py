"""The dashboard in Chromium: accessible and valid, the SVG chart included, with the
chart and the table telling the same numbers."""

import pytest

from tests.browser.conftest import roros_with_fjellbakst, sign_in

NBSP = "\u00a0"


def main_text(page) -> str:
    return page.locator("main").inner_text().replace(NBSP, " ")


@pytest.fixture
def roros_adviser(reference_data, adviser):
    roros_with_fjellbakst(adviser, scenario=True)
    return adviser


def test_the_dashboard_is_accessible_and_shows_the_chart_and_the_table(
    page, check_page, roros_adviser
):
    sign_in(page, roros_adviser.username)

    response = page.goto("/?year=2016")

    check_page(page, response)
    chart = page.get_by_role("img", name="Tilskudd per kommune, 2016")
    assert chart.count() == 1
    assert chart.locator("rect").count() == 2
    # The annual report's own table: its first row names the region group.
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
    assert "Igjen av Siva-rammen\n1 483 500 kr" in main_text(page)


def test_choosing_the_first_half_year_in_the_form(page, check_page, roros_adviser):
    sign_in(page, roros_adviser.username)
    page.goto("/?year=2016")

    page.get_by_label("Halvår").select_option(label="1. halvår (jan.–jun.)")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Vis").click()

    check_page(page, navigation.value)
    assert "Oversikt 2016, halvår 1" in main_text(page)
    assert "13 500 kr" in main_text(page)


def test_bad_input_shows_the_message_on_a_valid_page(page, check_page, roros_adviser):
    sign_in(page, roros_adviser.username)

    response = page.goto("/?year=2016&half=3")

    assert response.status == 400
    check_page.assert_valid_html(page.url, response.text())
    check_page.assert_accessible(page)
    assert "Velg hele året, halvår 1" in main_text(page)
