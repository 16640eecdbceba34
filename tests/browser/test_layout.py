"""The width budget, in Chromium: every staff page at 1 280 × 800 and at 390 × 844, as
adviser and as manager, never scrolls sideways, and the header is one row on a laptop.

The pages are those the role matrix (tests/test_role_matrix.py) answers 200 to the role,
with its sample ids and queries, plus the period pages opened on the world's year, where
the tables have rows. One browser context per role and width visits them all in a loop:
one login, no page checked twice. The list pages whose tables were laid out for these
widths, and the dashboard's chart, also pass axe and the Nu Html Checker at phone width,
with their menus open.
"""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from funding.services import service_record
from programmes.models import ServiceType
from tests import test_role_matrix
from tests.browser.conftest import sign_in
from tests.funding.conftest import draft_for
from tests.programmes.factories import make_company, make_event
from tests.test_role_matrix import pages_of

# The role matrix's world: one næringshage with a row of every kind its URLs open.
world = test_role_matrix.world

LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# One row of header: the product's name, the sections and the user menu (67 px; the
# sections on two lines make it 77 px or more).
HEADER_ONE_ROW = 72

# Pages that answer with a file, not a page to lay out.
FILES = {
    "funding:service-export",
    "reports:annual-export",
    "reports:annual-csv",
    "reports:owner-export",
    "programmes:person-export",
    "healthz",
    "downloads:progress",
    "imports:import-progress",
    "downloads:download",
}

# The period pages on the world's year, where their tables have rows.
WITH_ROWS = [
    "/services/?year=2016",
    "/funding/?year=2016",
    "/events/?year=2016",
    "/dashboard/?year=2016",
    "/region/?year=2016",
]

# Pages laid out as priority columns, stacked rows or scroll containers.
LAID_OUT = {
    "funding:service-list",
    "funding:overview",
    "programmes:company-list",
    "programmes:company-detail",
    "programmes:event-list",
    "programmes:event-detail",
    "programmes:region",
    "programmes:company-history",
}


@dataclass(frozen=True)
class StaffPage:
    name: str
    path: str


def staff_pages(role: str, world) -> list[StaffPage]:
    pages = [
        StaffPage(name, path)
        for name, path in pages_of(role, world)
        if not name.startswith("admin:") and name not in FILES
    ]
    return pages + [StaffPage(path, path) for path in WITH_ROWS]


@pytest.fixture
def long_rows(world, adviser):
    """Rows with long names and big figures beside the world's own: what widens a table."""
    company = make_company(
        world.company.naeringshage, 2, name="Nord-Østerdal Regnskapskontor og Rådgivning AS"
    )
    for kind in ("radgivning", "kurs"):
        service_record(
            draft=draft_for(
                company,
                adviser,
                ServiceType.objects.get(slug=kind),
                hours=Decimal("22.5"),
                hourly_rate=Decimal("5000"),
                own_share=Decimal("28125"),
            ),
            recorded_by=adviser,
        )
    make_event(
        world.company.naeringshage,
        adviser,
        title="Nettverkssamling for reiselivsbedriftene i Fjellregionen: bærekraftig vekst",
    )
    return world


# The rendered size of the bar chart's labels: their font size times the drawing's scale.
CHART_LABEL_PX = """() => {
    const svg = document.querySelector('.bar-chart__svg');
    const label = svg.querySelector('.bar-chart__label');
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return parseFloat(getComputedStyle(label).fontSize) * scale;
}"""


def overflow(page) -> dict:
    return page.evaluate(
        """() => ({
            scrollWidth: document.documentElement.scrollWidth,
            innerWidth: window.innerWidth,
            header: document.querySelector('.site-header').getBoundingClientRect().height,
            sectionRows: new Set(
                [...document.querySelectorAll('.site-nav li')]
                    .filter(item => item.offsetParent !== null)
                    .map(item => Math.round(item.getBoundingClientRect().top))
            ).size,
        })"""
    )


def _measured_wrong(page, staff_page: StaffPage, viewport: dict) -> list[str]:
    measured = overflow(page)
    wrong = []
    if measured["scrollWidth"] > measured["innerWidth"]:
        wrong.append(
            f"{staff_page.path} ({staff_page.name}) is {measured['scrollWidth']} px wide "
            f"at {viewport['width']} px"
        )
    if viewport is LAPTOP and (measured["header"] > HEADER_ONE_ROW or measured["sectionRows"] > 1):
        wrong.append(
            f"{staff_page.path}: the header is {measured['header']:.0f} px high, "
            f"its sections on {measured['sectionRows']} lines"
        )
    return wrong


@pytest.mark.parametrize("role", ["adviser", "manager"])
def test_no_staff_page_scrolls_sideways(browser, live_server, long_rows, request, role):
    """Each page is laid out at 1 280 × 800, then at 390 × 844 (the same page, the window
    narrowed: the layout is CSS alone, so it is what a phone loading it would get)."""
    user = request.getfixturevalue(role)
    context = browser.new_context(base_url=live_server.url, viewport=LAPTOP)
    page = context.new_page()
    page.live_server_url = live_server.url
    page.set_default_timeout(15_000)
    try:
        sign_in(page, user.username)
        wrong = []
        pages = staff_pages(role, long_rows)
        for staff_page in pages:
            page.set_viewport_size(LAPTOP)
            response = page.goto(staff_page.path)
            if response is None or not response.ok:
                wrong.append(f"{staff_page.path} answered {response and response.status}")
                continue
            if "text/html" not in response.headers.get("content-type", ""):
                continue  # data for a page's script (the company picker), not a page
            wrong += _measured_wrong(page, staff_page, LAPTOP)
            page.set_viewport_size(PHONE)
            wrong += _measured_wrong(page, staff_page, PHONE)
    finally:
        context.close()

    assert len(pages) > 25, "the role matrix should give the role its pages"
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


def test_the_header_folds_into_a_menu_on_a_phone(browser, live_server, long_rows, adviser):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    page.live_server_url = live_server.url
    try:
        sign_in(page, adviser.username)
        page.goto("/")
        companies = page.get_by_role("link", name="Bedrifter", exact=True)
        assert not companies.is_visible()

        page.get_by_text("Meny", exact=True).click()
        assert companies.is_visible()
        page.keyboard.press("Escape")
        assert not companies.is_visible()

        page.set_viewport_size(LAPTOP)
        assert companies.is_visible()
        assert not page.get_by_text("Meny", exact=True).is_visible()

        # A row's actions: one menu, closed again by Escape with the focus on its button.
        page.goto("/services/?year=2016")
        menu = page.locator("details.row-actions").first
        menu.locator("summary").click()
        assert menu.get_by_role("link", name="Endre").is_visible()
        page.keyboard.press("Escape")
        assert menu.get_attribute("open") is None
        assert menu.locator("summary").evaluate("e => e === document.activeElement")
    finally:
        context.close()


def test_the_menus_work_without_javascript(browser, live_server, world, adviser):
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, java_script_enabled=False
    )
    page = context.new_page()
    page.live_server_url = live_server.url
    try:
        sign_in(page, adviser.username)
        page.goto("/")
        page.get_by_text("Meny", exact=True).click()
        assert page.get_by_role("link", name="Bedrifter", exact=True).is_visible()
        page.locator("summary.user-menu__button").click()
        assert page.get_by_role("button", name="Logg ut").is_visible()

        page.set_viewport_size(LAPTOP)
        page.goto("/services/")
        assert page.get_by_role("link", name="Bedrifter", exact=True).is_visible()
        menu = page.locator("details.row-actions").first
        menu.locator("summary").click()
        assert menu.get_by_role("link", name="Historikk").is_visible()
    finally:
        context.close()


def test_the_laid_out_list_pages_are_valid_and_accessible_on_a_phone(
    browser, live_server, long_rows, adviser, check_page
):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    page.live_server_url = live_server.url
    chart_label_px = 0.0
    try:
        sign_in(page, adviser.username)
        # The period lists on the year with rows; the other laid-out pages as the matrix has them.
        # The dashboard: its bar chart scrolls sideways on a phone, and takes focus to do so.
        with_rows = [StaffPage(path, path) for path in WITH_ROWS]
        opened = {page.path.split("?")[0] for page in with_rows}
        pages = with_rows + [
            p
            for p in staff_pages("adviser", long_rows)
            if p.name in LAID_OUT and p.path.split("?")[0] not in opened
        ]
        for staff_page in pages:
            response = page.goto(staff_page.path)
            page.get_by_text("Meny", exact=True).click()
            for menu in page.locator("details.row-actions").all()[:1]:
                menu.locator("summary").click()
            check_page(page, response)
            if page.locator(".bar-chart__label").count():
                chart_label_px = page.evaluate(CHART_LABEL_PX)
    finally:
        context.close()

    assert len(pages) == len(LAID_OUT) + 1
    assert chart_label_px >= 12, f"the chart's labels are {chart_label_px:.1f} px on a phone"
