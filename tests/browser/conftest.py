"""Browser tests: Debian's Chromium driven by Playwright, with two checks on every page.

- axe-core (from node_modules) runs inside the page: no WCAG 2.1 A/AA violation allowed.
- The Nu Html Checker (vnu.jar from node_modules, Java 17) validates the HTML the server
  sent: no error allowed. It runs once per session as a local HTTP service.

Without Chromium, Java or the npm packages these tests are skipped with a message saying
what to install; with REQUIRE_BROWSER_TESTS=1 (set by .ci/run) that skip is a failure.
"""

import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor.permissions import two_factor_required
from accounts.two_factor.services import confirmed_app
from tests.conftest import PASSWORD, give_authenticator_app, totp_code
from tests.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls that tests make
# between browser steps are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


def _missing_tools() -> list[str]:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"Chromium at {CHROMIUM} (apt-get install chromium)")
    if shutil.which("java") is None:
        missing.append("Java 17 (apt-get install openjdk-17-jre-headless)")
    if not AXE.exists() or not VNU.exists():
        missing.append("axe-core and vnu-jar (npm ci)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing.append("Playwright (pip install -r requirements-dev.txt)")
    return missing


@pytest.fixture(scope="session")
def browser_tools():
    missing = _missing_tools()
    if missing:
        message = "Browser tests need: " + "; ".join(missing)
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


@pytest.fixture(scope="session")
def browser(browser_tools):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def vnu_url(browser_tools):
    port = free_port()
    process = subprocess.Popen(
        [
            "java",
            "-Xss1024k",
            "-Dnu.validator.servlet.bind-address=127.0.0.1",
            "-cp",
            str(VNU),
            "nu.validator.servlet.Main",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("The Nu Html Checker did not start", pytrace=False)
            time.sleep(0.5)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def page(browser, live_server):
    # bypass_csp lets the test inject axe-core into pages that forbid inline scripts.
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.live_server_url = live_server.url  # for sign_in's cookie
    yield page
    context.close()


class PageChecker:
    """check(page, response): axe in the live page, vnu on the HTML the server sent."""

    def __init__(self, vnu_url: str):
        self.vnu_url = vnu_url
        self.axe_source = AXE.read_text(encoding="utf-8")

    def __call__(self, page, response) -> None:
        assert response is not None and response.ok, f"{page.url} answered {response}"
        self.assert_valid_html(page.url, response.text())
        self.assert_accessible(page)

    def assert_valid_html(self, url: str, html: str) -> None:
        request = urllib.request.Request(
            self.vnu_url + "?out=json",
            data=html.encode("utf-8"),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with urllib.request.urlopen(request, timeout=60) as answer:
            messages = json.load(answer)["messages"]
        errors = [
            f"line {m.get('lastLine')}: {m['message']}"
            for m in messages
            if m["type"] == "error" or m.get("subType") == "fatal"
        ]
        assert not errors, f"Invalid HTML at {url}:\n" + "\n".join(errors)

    def assert_accessible(self, page) -> None:
        page.add_script_tag(content=self.axe_source)
        violations = page.evaluate(
            """async (tags) => {
                const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
                return result.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => n.target.join(' ')),
                }));
            }""",
            WCAG_TAGS,
        )
        assert not violations, f"WCAG 2.1 A/AA violations at {page.url}:\n" + "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in violations
        )


@pytest.fixture
def check_page(vnu_url):
    return PageChecker(vnu_url)


def log_in(page, username: str, password: str = PASSWORD, *, second_factor: bool = True):
    """Log in through the real forms; returns the response of the page landed on.

    A manager or administrator gets an authenticator app if they have none, and the
    code it shows is typed on the second step. With second_factor=False the login stops
    where the password leads (the enrolment or code page)."""
    user = get_user_model().objects.filter(username=username).first()
    device = None
    if second_factor and user is not None:
        device = give_authenticator_app(user) if two_factor_required(user) else confirmed_app(user)
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation() as navigation:
        page.locator("main button[type=submit]").click()
    if device is None or "/accounts/two-factor/verify/" not in page.url:
        return navigation.value
    # A test may log in more than once within one 30-second step: forget the last code
    # used, which django-otp would otherwise refuse as replayed.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    page.locator("#id_code").fill(totp_code(device))
    with page.expect_navigation() as navigation:
        page.locator("main button[type=submit]").click()
    return navigation.value


def sign_in(page, username: str) -> None:
    """Starts the page's session logged in as `username`, second factor included, as
    `Client.force_login` does (tests/conftest.py), without opening the login pages:
    the session cookie is set in the page's browser context. The tests of the login
    itself use `log_in`, which types into the real forms."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": page.live_server_url,
                "httpOnly": True,
            }
        ]
    )


def open_user_menu(page) -> None:
    """Open the header's user menu (password, two-factor, language, log out)."""
    page.locator("summary.user-menu__button").click()


def pick(page, label: str, text: str, option: str) -> None:
    """In the picker labelled `label` (static/js/picker.js), type `text`, then press the
    down arrow until the option starting with `option` is the active one, and Enter."""
    box = page.get_by_role("combobox", name=label, exact=True)
    box.fill(text)
    page.locator(f"#{box.get_attribute('aria-controls')} [role=option]").first.wait_for()
    for _ in range(25):
        box.press("ArrowDown")
        active = box.get_attribute("aria-activedescendant")
        if active and page.locator(f"#{active}").inner_text().startswith(option):
            box.press("Enter")
            return
    pytest.fail(f"No option starting with “{option}” in the picker {label}", pytrace=False)


def roros_with_fjellbakst(*staff, municipality: str = "roros", scenario: bool = False):
    """Rørosregionen with `staff` working for it and its company Fjellbakst AS (in
    `municipality`); with the hand-worked services and grants of tests/reports/scenario.py
    when `scenario` (the first of `staff` records them)."""
    from municipalities.models import Municipality
    from programmes.models import Company, Naeringshage, ServiceType, StaffMembership
    from tests.reports.scenario import build

    roros = Naeringshage.objects.get(slug="rorosregionen")
    for user in staff:
        StaffMembership.objects.create(user=user, naeringshage=roros)
    company = Company.objects.create(
        naeringshage=roros,
        organisation_number="912345688",
        name="Fjellbakst AS",
        municipality=Municipality.objects.get(slug=municipality),
    )
    if scenario:
        advice = ServiceType.objects.get(slug="radgivning")
        build(roros=roros, company=company, adviser=staff[0], advice=advice)
    return roros
