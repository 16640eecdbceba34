"""The lockout page in Chromium: the login form again, with the reason, valid and accessible."""

from tests.browser.conftest import log_in


def test_the_lockout_page_is_the_login_page_with_an_alert(page, check_page, adviser):
    for _attempt in range(4):
        log_in(page, adviser.username, "wrong-password")

    response = log_in(page, adviser.username, "wrong-password")

    assert response.status == 429
    check_page.assert_valid_html(page.url, response.text())
    check_page.assert_accessible(page)
    alert = page.get_by_role("alert")
    assert "brukeren er sperret i 30 minutter" in alert.inner_text()
    assert page.locator("#id_username").input_value() == adviser.username
