"""The keyboard alone, in Chromium: from the login page (with the two-factor code where
the user has it) to a recorded service, and as a manager to the annual report's files.

Nothing is clicked or filled: the test presses Tab until the element it wants has the
focus (so the page's tab order reaches it), types, and presses Enter, Space or the arrow
keys, as a user without a mouse does."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor.services import confirmed_app
from funding.models import PricedService
from tests.browser.conftest import roros_with_fjellbakst
from tests.conftest import PASSWORD, give_authenticator_app, totp_code
from tests.downloads.conftest import run_tasks

NBSP = "\u00a0"
# More than any page needs from its top to the element wanted: the header, the filters
# and a form of a dozen fields.
MOST_PRESSES = 80

DESCRIBE_FOCUS = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return "(nothing)";
    const label = e.labels && e.labels.length ? e.labels[0].innerText : "";
    const name = (label || e.getAttribute("aria-label") || e.innerText || e.value || "").trim();
    return `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""} “${name.slice(0, 40)}”`;
}"""

FOCUS_MATCHES = """([selector, text]) => {
    const e = document.activeElement;
    if (!e || !e.matches(selector)) return false;
    return text === null || e.innerText.replace(/\\s+/g, " ").trim().startsWith(text);
}"""


def main_text(page) -> str:
    return page.locator("main").inner_text().replace(NBSP, " ")


def tab_to(page, selector: str, text: str | None = None, *, backwards: bool = False) -> None:
    """Press Tab until the focused element matches `selector` (and starts with `text`),
    at most MOST_PRESSES times; fails naming what the focus went through."""
    passed = []
    for _ in range(MOST_PRESSES + 1):
        if page.evaluate(FOCUS_MATCHES, [selector, text]):
            return
        passed.append(page.evaluate(DESCRIBE_FOCUS))
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    wanted = selector + (f" “{text}”" if text else "")
    pytest.fail(
        f"Tab did not reach {wanted} on {page.url} in {MOST_PRESSES} presses; the focus "
        f"went through: " + ", ".join(dict.fromkeys(passed)),
        pytrace=False,
    )


def focused_value(page) -> str:
    return page.evaluate(
        """() => {
            const e = document.activeElement;
            return e.tagName === "SELECT" ? e.selectedOptions[0]?.text ?? "" : e.value;
        }"""
    )


def choose(page, option: str) -> None:
    """In the focused list, press the down arrow (first from the top) until the option
    that starts with `option` is chosen."""
    page.keyboard.press("Home")
    for _ in range(MOST_PRESSES):
        if focused_value(page).startswith(option):
            return
        page.keyboard.press("ArrowDown")
    pytest.fail(f"No option starting with “{option}” in the focused list", pytrace=False)


def choose_match(page, option: str) -> None:
    """In the focused combobox (static/js/picker.js), press the down arrow until the
    match that starts with `option` is the active one, then Enter."""
    page.wait_for_selector("[role=listbox] [role=option]")
    for _ in range(MOST_PRESSES):
        page.keyboard.press("ArrowDown")
        active = page.evaluate(
            "document.getElementById(document.activeElement.getAttribute("
            "'aria-activedescendant') || '')?.textContent || ''"
        )
        if active.startswith(option):
            page.keyboard.press("Enter")
            return
    pytest.fail(f"No match starting with “{option}” in the focused combobox", pytrace=False)


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(text)


def type_date(page, selector: str, iso: str) -> None:
    """Type a date into the browser's date field, day first as in Norway; where the
    browser shows the month first, go back to the first part and type it that way."""
    year, month, day = iso.split("-")
    tab_to(page, selector)
    page.keyboard.type(day + month + year)
    if focused_value(page) != iso:
        page.keyboard.press("Shift+Tab")  # from the year to the middle part
        page.keyboard.press("Shift+Tab")  # to the first
        page.keyboard.type(month + day + year)
    assert focused_value(page) == iso, f"the date field holds {focused_value(page)!r}"


def press_and_wait(page, key: str):
    with page.expect_navigation() as navigation:
        page.keyboard.press(key)
    response = navigation.value
    assert response is not None and response.ok, f"{page.url} answered {response}"
    return response


def log_in_by_keyboard(page, user, password: str = PASSWORD) -> None:
    """The login page and, for a user with an authenticator app, the code page."""
    device = confirmed_app(user)
    page.goto("/accounts/login/")
    type_into(page, "#id_username", user.username)
    type_into(page, "#id_password", password)
    tab_to(page, "main button[type=submit]", "Logg inn")
    press_and_wait(page, "Enter")
    if device is not None:
        assert "/accounts/two-factor/verify/" in page.url
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
        type_into(page, "#id_code", totp_code(device))
        press_and_wait(page, "Enter")
    assert page.url.endswith("/"), f"logged in, but on {page.url}"
    assert page.get_by_role("heading", level=1).is_visible()


def open_section(page, label: str) -> None:
    """From the top of the page, Tab through the header to a section's link and open it."""
    tab_to(page, ".site-nav a", label)
    press_and_wait(page, "Enter")


@pytest.fixture
def roros(reference_data, manager, adviser):
    roros = roros_with_fjellbakst(adviser, manager, scenario=True)
    give_authenticator_app(manager)
    return roros


def test_the_keyboard_alone_records_a_service(page, roros, adviser):
    log_in_by_keyboard(page, adviser)

    open_section(page, "Tjenester")
    tab_to(page, "main a.ds-button", "Registrer tjeneste")
    press_and_wait(page, "Enter")
    tab_to(page, "#id_company_search")  # the company picker's combobox
    page.keyboard.type("fjelbakst")
    choose_match(page, "Fjellbakst AS")
    type_date(page, "#id_date", "2016-10-03")
    tab_to(page, "#id_service_type")
    choose(page, "Rådgivning")
    type_into(page, "#id_hours", "6")
    type_into(page, "#id_hourly_rate", "1200")
    tab_to(page, "#id_grant")
    choose(page, "Siva-ramme 2016")
    type_into(page, "#id_own_share", "1800")
    tab_to(page, "main button[type=submit]", "Lagre", backwards=True)
    press_and_wait(page, "Space")

    assert "Tjenesten er lagret: 5 400 kr trukket fra Siva-ramme" in main_text(page)
    service = PricedService.objects.get(company__name="Fjellbakst AS", date="2016-10-03")
    assert (service.price, service.own_share, service.subsidy) == (7200, 1800, 5400)
    assert service.adviser == adviser


def test_the_keyboard_alone_downloads_the_annual_report(page, roros, manager, tmp_path):
    log_in_by_keyboard(page, manager)

    open_section(page, "Rapporter")
    type_into(page, "main input[name=year]", "2016")
    press_and_wait(page, "Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Årsrapport 2016"

    tab_to(page, "main a[download]", "Hele rapporten som Excel (XLSX)")
    with page.expect_download() as xlsx:
        page.keyboard.press("Enter")
    assert xlsx.value.suggested_filename == "arsrapport-2016.xlsx"
    xlsx.value.save_as(tmp_path / "report.xlsx")
    assert (tmp_path / "report.xlsx").read_bytes()[:2] == b"PK"

    # The PDF is printed by the task worker: its page, then its link when it is ready.
    tab_to(page, "main a", "Hele rapporten som PDF")
    press_and_wait(page, "Enter")
    run_tasks()
    page.locator("main a[download]").wait_for()
    tab_to(page, "main a[download]", "Last ned")
    with page.expect_download() as pdf:
        page.keyboard.press("Enter")
    assert pdf.value.suggested_filename == "arsrapport-2016.pdf"
    pdf.value.save_as(tmp_path / "report.pdf")
    assert (tmp_path / "report.pdf").read_bytes()[:5] == b"%PDF-"
