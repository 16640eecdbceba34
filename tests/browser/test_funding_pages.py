"""The funding pages in Chromium: accessible, valid, and a grant recorded end to end."""

import pytest

from programmes.models import Naeringshage, StaffMembership
from tests.browser.conftest import sign_in

NBSP = "\u00a0"


@pytest.fixture
def roros_manager(reference_data, manager):
    roros = Naeringshage.objects.get(slug="rorosregionen")
    StaffMembership.objects.create(user=manager, naeringshage=roros)
    return manager


def test_the_2016_overview_is_accessible_and_shows_the_frame(page, check_page, roros_manager):
    sign_in(page, roros_manager.username)

    response = page.goto("/funding/?year=2016")

    check_page(page, response)
    main = page.locator("main").inner_text().replace(NBSP, " ")
    assert "Nivå 1" in main
    assert "1 500 000 kr" in main
    assert "0 kr av 1 500 000 kr" in main


def test_a_manager_records_a_grant_and_sees_it_in_the_overview(page, check_page, roros_manager):
    sign_in(page, roros_manager.username)
    page.goto("/funding/?year=2016")

    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="Registrer tilskudd").click()
    check_page(page, navigation.value)

    page.get_by_label("Tilskuddsgiver").select_option(label="Hedmark fylkeskommune (til 2019)")
    page.get_by_label("Type").select_option(label="Regionale utviklingsmidler")
    page.get_by_label("Beløp").fill("750 000")
    page.get_by_label("Dato innvilget").fill("2016-03-01")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Lagre").click()

    check_page(page, navigation.value)
    main = page.locator("main").inner_text().replace(NBSP, " ")
    assert "Tilskuddet er registrert" in main
    assert "Hedmark fylkeskommune" in main
    assert "750 000 kr" in main


def test_a_refused_grant_form_is_accessible_and_valid(page, check_page, roros_manager):
    sign_in(page, roros_manager.username)
    page.goto("/funding/grants/new/?year=2016")

    page.get_by_label("Beløp").fill("-5")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Lagre").click()

    check_page(page, navigation.value)
    assert page.locator(".ds-validation-message").count() >= 1


def test_the_placement_form_is_accessible_and_valid(page, check_page, roros_manager):
    sign_in(page, roros_manager.username)

    response = page.goto("/funding/placements/new/?year=2017")

    check_page(page, response)
    assert page.get_by_role("group", name="Kundetilfredshet").is_visible()


def test_a_manager_sets_targets_and_the_dashboard_shows_the_bars(page, check_page, roros_manager):
    sign_in(page, roros_manager.username)
    page.goto("/funding/?year=2016")

    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="Sett målene").click()
    check_page(page, navigation.value)

    page.get_by_label("Bedrifter som har fått hjelp").fill("20")
    page.get_by_label("Nye målbedrifter").fill("abc")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Lagre").click()
    refused = navigation.value  # the form again (400), with the message
    assert refused.status == 400
    check_page.assert_valid_html(page.url, refused.text())
    check_page.assert_accessible(page)
    assert "Skriv målet som et helt tall" in page.locator("main").inner_text()

    page.get_by_label("Nye målbedrifter").fill("3")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Lagre").click()
    check_page(page, navigation.value)
    main = page.locator("main").inner_text().replace(NBSP, " ")
    assert "Målene for 2016 er lagret." in main
    assert "Bedrifter som har fått hjelp\n20" in main or "Bedrifter som har fått hjelp 20" in main

    for url in ("/?year=2016", "/reports/annual/?year=2016&half=1"):
        response = page.goto(url)
        check_page(page, response)
        assert page.locator("meter").count() >= 2
        assert "0 av 20" in page.locator("main").inner_text().replace(NBSP, " ")


def test_the_manager_finds_the_awards_to_report_to_the_state_aid_register(
    page, check_page, roros_manager, adviser
):
    from datetime import date
    from decimal import Decimal

    from funding.models import Funder, Grant
    from programmes.models import ServiceType
    from tests.funding.conftest import record_grant
    from tests.funding.test_state_aid_register import service
    from tests.programmes.factories import make_company

    roros = Naeringshage.objects.get(slug="rorosregionen")
    StaffMembership.objects.create(user=adviser, naeringshage=roros)
    grant = record_grant(
        roros,
        Funder.objects.get(slug="trondelag-fylkeskommune"),
        kind=Grant.Kind.REGIONAL_DEVELOPMENT,
        first_year=2024,
        last_year=2024,
        amount=Decimal("5000000"),
        granted_on=date(2024, 1, 5),
    )
    company = make_company(roros, 1, name="Storstøtte AS")
    advice = ServiceType.objects.get(slug="radgivning")
    service(company, adviser, advice, grant, date(2024, 3, 10), "1600000", "400000")
    sign_in(page, roros_manager.username)
    page.goto("/funding/?year=2024")

    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="Registeret for offentlig støtte 2024").click()

    check_page(page, navigation.value)
    table = page.get_by_role("table", name="1 tildeling på eller over terskelen")
    assert "Storstøtte AS" in table.inner_text()
    assert "103 190,30 EUR" in table.inner_text().replace(NBSP, " ")

    # The company's page flags the year.
    response = page.goto(f"/companies/{company.pk}/")
    check_page(page, response)
    caption = (
        "Statsstøtte per kalenderår, og hva som skal meldes til Registeret for offentlig støtte"
    )
    table = page.get_by_role("table", name=caption)
    assert "1 tildeling skal meldes" in table.inner_text()
