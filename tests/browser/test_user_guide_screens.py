"""The user guide's screenshots (docs/brukerveiledning/*.png), taken from the product as
it is: the demo data on a fixed day, the pages a user of the guide sees, at 1 280 × 800
and two at 390 × 844. Running the browser tests renews them, so the guide never shows an
old screen; the test fails when the guide links a screenshot this module does not take,
or this module takes one the guide does not link. One browser context: the pages are
not checked here (their own tests run axe and the Nu Html Checker on them).

The time is frozen (time-machine) on 14 November 2016 at 10:00, Oslo time: the demo is
made as on that day (2016 so far), and the pages show that day's dates and times,
so a run that changes nothing in the product writes the same pictures."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command

from accounts.two_factor.services import confirmed_app
from tests.browser.conftest import ROOT, log_in, pick
from tests.conftest import totp_code

GUIDE = ROOT / "docs" / "brukerveiledning.md"
SCREENS = ROOT / "docs" / "brukerveiledning"
TODAY = datetime(2016, 11, 14, 10, 0, tzinfo=ZoneInfo("Europe/Oslo"))
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# The demo users' passwords (demo/management/commands/seed_demo.py).
DEMO_PASSWORDS = {"radgiver": "demo-radgiver", "leder": "demo-leder"}


def linked_screens() -> set[str]:
    """The screenshots the guide links: ![text](brukerveiledning/<name>.png)."""
    text = GUIDE.read_text(encoding="utf-8")
    return set(re.findall(r"!\[[^\]]*\]\(brukerveiledning/([\w-]+\.png)\)", text))


class Camera:
    """Saves the page as docs/brukerveiledning/<name>.png and remembers what it took."""

    def __init__(self, page):
        self.page = page
        self.taken: list[str] = []

    def __call__(self, name: str, *, viewport=LAPTOP, height: int | None = None) -> None:
        """The viewport, or its top `height` pixels."""
        self.page.set_viewport_size(viewport)
        clip = None if height is None else {"x": 0, "y": 0, **viewport, "height": height}
        # No blinking caret in a field, no transition caught halfway.
        self.page.screenshot(
            path=SCREENS / f"{name}.png", clip=clip, caret="hide", animations="disabled"
        )
        self.taken.append(f"{name}.png")


@pytest.fixture
def demo_day(reference_data):
    with time_machine.travel(TODAY, tick=False):
        call_command("seed_demo", "--i-know-this-is-demo", verbosity=0)
        yield


def log_in_as(page, username: str):
    page.context.clear_cookies()
    return log_in(page, username, DEMO_PASSWORDS[username])


def test_the_guide_screens_are_taken_from_the_product(page, demo_day):
    SCREENS.mkdir(exist_ok=True)
    shoot = Camera(page)
    page.set_viewport_size(LAPTOP)

    page.goto("/accounts/login/")
    page.locator("#id_username").fill("radgiver")
    shoot("innlogging")

    log_in_as(page, "radgiver")
    page.goto("/")
    shoot("forside")

    page.goto("/services/new/")
    pick(page, "Bedrift", "as", "")  # the best match of “as”
    page.get_by_label("Dato").fill("2016-11-11")
    page.get_by_label("Tjenestetype").select_option(label="Rådgivning")
    page.get_by_label("Timer").fill("6")
    page.get_by_label("Timepris").fill("1 200")
    frame = page.locator("#id_grant option", has_text="Siva-ramme 2016").get_attribute("value")
    page.get_by_label("Finansieringslinje").select_option(value=frame)
    page.get_by_label("Egenandel", exact=True).fill("1 000")
    with page.expect_navigation():
        page.get_by_role("button", name="Lagre").click()
    shoot("tjeneste-avvist")

    page.get_by_label("Egenandel", exact=True).fill("25 %")
    with page.expect_navigation():
        page.get_by_role("button", name="Beregn").click()
    # Down to the company: the date field below shows the date in the browser's own
    # format, which in the test's Chromium is the American one.
    shoot("tjeneste-beregnet", height=680)

    page.goto("/services/?year=2016")
    page.locator("details.row-actions summary").first.click()
    shoot("tjenester")

    page.set_viewport_size(PHONE)
    page.goto("/services/?year=2016")
    page.locator("main table caption").evaluate("caption => caption.scrollIntoView()")
    shoot("mobil-tjenester", viewport=PHONE)
    page.evaluate("window.scrollTo(0, 0)")
    page.locator("summary.site-menu__button").click()
    shoot("mobil-meny", viewport=PHONE)

    page.set_viewport_size(LAPTOP)
    page.context.clear_cookies()
    log_in(page, "leder", DEMO_PASSWORDS["leder"], second_factor=False)
    shoot("tofaktor")
    leder = get_user_model().objects.get(username="leder")
    page.locator("#id_code").fill(totp_code(confirmed_app(leder)))
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    page.goto("/reports/annual/?year=2016")
    shoot("arsrapport")
    page.goto("/users/")
    shoot("brukere")

    assert len(shoot.taken) == len(set(shoot.taken)), "a screenshot is taken twice"
    linked = linked_screens()
    assert not linked - set(shoot.taken), (
        f"The guide links screenshots this test does not take: {sorted(linked - set(shoot.taken))}"
    )
    assert not set(shoot.taken) - linked, (
        f"This test takes screenshots the guide does not link: {sorted(set(shoot.taken) - linked)}"
    )
