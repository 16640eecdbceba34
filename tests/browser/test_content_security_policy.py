"""The Content-Security-Policy as Chromium enforces it: the product's pages and the admin
work without a single violation, and a script injected into a page does not run.

These pages are opened without the CSP bypass that the other browser tests use to
inject axe-core."""

from datetime import date

import pytest

from programmes.models import Naeringshage
from programmes.services import staff_membership_set
from tests.browser.conftest import log_in
from tests.programmes.factories import enrol, make_company, make_event

# Runs before any page script and is not subject to the page's policy.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(event.violatedDirective + ' blocked ' + event.blockedURI);
});
"""


@pytest.fixture
def strict_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, bypass_csp=False)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.console_errors = []
    page.on(
        "console", lambda message: message.type == "error" and page.console_errors.append(message)
    )
    yield page
    context.close()


def violations(page) -> list[str]:
    recorded = page.evaluate("window.__cspViolations")
    from_console = [m.text for m in page.console_errors if "Content Security Policy" in m.text]
    return recorded + from_console


@pytest.fixture
def roros_staff(reference_data, adviser, administrator):
    roros = Naeringshage.objects.get(slug="rorosregionen")
    staff_membership_set(user=adviser, naeringshage=roros)
    company = make_company(roros, 1, name="Fjellbakst AS")
    enrol(company, date(2016, 3, 1))
    event = make_event(roros, adviser)
    return {"company": company, "event": event}


STAFF_PAGES = [
    "/?year=2016",
    "/companies/",
    "/companies/{company}/",
    "/companies/{company}/edit/",
    "/events/{event}/",
    "/services/",
    "/services/new/",
    "/funding/",
    "/region/",
    "/accounts/password/",
]

ADMIN_PAGES = [
    "/admin/",
    "/admin/auth/user/",
    "/admin/auth/user/add/",
    "/admin/programmes/company/",
    "/admin/programmes/company/{company}/change/",
    "/admin/programmes/event/{event}/change/",
    "/admin/funding/grant/add/",
    "/admin/funding/pricedservice/",
]


def visit_all(page, paths: list[str], objects: dict) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        url = path.format(company=objects["company"].pk, event=objects["event"].pk)
        response = page.goto(url)
        assert response.ok, f"{url} answered {response.status}"
        page.wait_for_load_state("load")
        if problems := violations(page):
            found[url] = problems
    return found


def test_the_staff_pages_break_no_rule_of_the_policy(strict_page, roros_staff, adviser):
    response = log_in(strict_page, adviser.username)
    assert "default-src 'self'" in response.headers["content-security-policy"]

    assert visit_all(strict_page, STAFF_PAGES, roros_staff) == {}


def test_the_admin_works_under_the_policy(strict_page, roros_staff, administrator):
    log_in(strict_page, administrator.username)

    assert visit_all(strict_page, ADMIN_PAGES, roros_staff) == {}
    # The admin's own scripts ran: theme.js marks the page with the colour theme.
    strict_page.goto("/admin/")
    assert strict_page.evaluate("document.documentElement.dataset.theme") == "auto"


def test_an_injected_inline_script_is_blocked_and_reported(strict_page, db):
    strict_page.goto("/accounts/login/")
    assert violations(strict_page) == []

    try:
        strict_page.add_script_tag(content="window.__injected = 'ran';")
    except Exception as refusal:  # Playwright reports the blocked tag as an error
        assert "Content Security Policy" in str(refusal) or "CSP" in str(refusal)

    assert strict_page.evaluate("window.__injected") is None
    assert any("script-src" in violation for violation in violations(strict_page))


def test_with_the_bypass_the_same_script_runs(page, db):
    """The other browser tests inject axe-core this way; without the bypass it would
    be blocked as above."""
    page.goto("/accounts/login/")

    page.add_script_tag(content="window.__injected = 'ran';")

    assert page.evaluate("window.__injected") == "ran"
