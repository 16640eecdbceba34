"""The first pages in a real browser: login, failed login, home, language switch, logout."""

from tests.browser.conftest import log_in, open_user_menu


def test_the_login_page_is_norwegian_accessible_and_valid(page, check_page):
    response = page.goto("/accounts/login/")

    check_page(page, response)
    assert page.locator("html").get_attribute("lang") == "nb"
    assert page.get_by_role("heading", level=1).inner_text() == "Logg inn"


def test_a_wrong_password_shows_a_norwegian_error_on_a_valid_page(page, check_page, adviser):
    response = log_in(page, adviser.username, "wrong-password")

    check_page(page, response)
    assert "/accounts/login/" in page.url
    alert = page.get_by_role("alert")
    assert "Vennligst oppgi korrekt brukernavn og passord" in alert.inner_text()


def test_a_successful_login_lands_on_the_home_page(page, check_page, adviser, live_server):
    response = log_in(page, adviser.username)

    check_page(page, response)
    assert page.url == live_server.url + "/"
    assert "Velkommen, Radgiver" in page.get_by_role("heading", level=1).inner_text()
    assert "Rådgiver" in page.locator("main").inner_text()


def test_the_language_switch_turns_the_pages_english_and_back(page, check_page, adviser):
    log_in(page, adviser.username)

    open_user_menu(page)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="English").click()
    check_page(page, navigation.value)
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Welcome, Radgiver" in page.get_by_role("heading", level=1).inner_text()
    open_user_menu(page)
    assert page.get_by_role("button", name="Log out").is_visible()

    with page.expect_navigation():
        page.get_by_role("button", name="Norsk (bokmål)").click()
    assert page.locator("html").get_attribute("lang") == "nb"
    open_user_menu(page)
    assert page.get_by_role("button", name="Logg ut").is_visible()


def test_logout_returns_to_the_login_page_and_ends_the_session(page, check_page, adviser):
    log_in(page, adviser.username)

    open_user_menu(page)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Logg ut").click()
    check_page(page, navigation.value)
    assert "/accounts/login/" in page.url

    page.goto("/")
    assert "/accounts/login/?next=/" in page.url


def test_the_password_change_page_is_accessible_and_valid(page, check_page, adviser):
    log_in(page, adviser.username)

    response = page.goto("/accounts/password/")

    check_page(page, response)
    assert page.get_by_role("heading", level=1).inner_text() == "Bytt passord"
