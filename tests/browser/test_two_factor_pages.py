"""Two-factor login in Chromium: setting up an app, the recovery codes, the code page
(right and wrong) and the account page, each valid, accessible and within the CSP."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import log_in, open_user_menu
from tests.browser.test_content_security_policy import RECORD_VIOLATIONS
from tests.conftest import give_authenticator_app, totp_code


def submit(page):
    with page.expect_navigation() as navigation:
        page.locator("main form button[type=submit]").last.click()
    return navigation.value


def test_a_manager_sets_up_an_app_and_then_logs_in_with_its_code(page, check_page, manager):
    response = log_in(page, manager.username, second_factor=False)

    assert "/accounts/two-factor/enrol/" in page.url
    check_page(page, response)
    assert page.get_by_role("img", name="QR-kode for autentiseringsappen").is_visible()
    device = TOTPDevice.objects.get(user=manager, confirmed=False)
    secret = page.locator(".secret").inner_text().replace(" ", "")
    assert len(secret) == 32

    page.get_by_label("Kode").fill(totp_code(device))
    response = submit(page)

    assert "/accounts/two-factor/recovery-codes/" in page.url
    check_page(page, response)
    assert page.locator(".recovery-codes li").count() == 10

    with page.expect_navigation():
        page.get_by_role("link", name="Jeg har tatt vare på kodene – fortsett").click()
    open_user_menu(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Logg ut").click()

    response = log_in(page, manager.username, second_factor=False)

    assert "/accounts/two-factor/verify/" in page.url
    check_page(page, response)

    page.get_by_label("Kode").fill("000000")
    response = submit(page)

    assert response.status == 400
    check_page.assert_valid_html(page.url, response.text())
    check_page.assert_accessible(page)
    assert "Koden er feil eller utløpt" in page.locator("main").inner_text()

    page.wait_for_timeout(1100)  # the first wrong code makes the next try wait a second
    device.refresh_from_db()
    page.get_by_label("Kode").fill(totp_code(device, steps_ahead=1))
    response = submit(page)

    assert response.ok
    assert page.url.endswith("/")
    open_user_menu(page)
    assert page.get_by_role("link", name="Tofaktorinnlogging").is_visible()


def test_the_account_page_of_an_adviser_with_an_app(page, check_page, adviser):
    give_authenticator_app(adviser)
    log_in(page, adviser.username)

    response = page.goto("/accounts/two-factor/")

    check_page(page, response)
    assert page.get_by_role("button", name="Slå av tofaktorinnlogging").is_visible()


def test_the_set_up_page_keeps_the_content_security_policy(browser, live_server, manager):
    context = browser.new_context(base_url=live_server.url, bypass_csp=False)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    try:
        log_in(page, manager.username, second_factor=False)
        assert "/accounts/two-factor/enrol/" in page.url
        page.wait_for_load_state("load")

        assert page.evaluate("window.__cspViolations") == []
        assert page.locator("svg.qr-code").bounding_box()["width"] > 100
    finally:
        context.close()
