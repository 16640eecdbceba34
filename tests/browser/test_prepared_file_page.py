"""A long export in Chromium: the services list's XLSX link leads to the file's page,
whose progress bar follows the task worker without a reload, and whose download link
shows when the file is ready. The page passes axe and the Nu Html Checker at both widths."""

from decimal import Decimal

import pytest

from downloads.makers import Progress
from downloads.models import PreparedFile
from funding.services import service_record
from programmes.models import Company, ServiceType
from tests.browser.conftest import roros_with_fjellbakst, sign_in
from tests.downloads.conftest import run_tasks
from tests.funding.conftest import draft_for

NBSP = "\u00a0"
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def main_text(page) -> str:
    return page.locator("main").inner_text().replace(NBSP, " ")


@pytest.fixture
def three_services(reference_data, adviser, settings):
    settings.PREPARED_FILE_ROWS = 2  # above two rows the worker makes the XLSX
    roros_with_fjellbakst(adviser)
    company = Company.objects.get(name="Fjellbakst AS")
    advice = ServiceType.objects.get(slug="radgivning")
    for hours in (1, 2, 3):
        service_record(
            draft=draft_for(
                company, adviser, advice, hours=Decimal(hours), own_share=Decimal(250 * hours)
            ),
            recorded_by=adviser,
        )


def test_a_long_export_shows_its_progress_and_then_its_link(
    browser, live_server, check_page, three_services, adviser
):
    for viewport in (LAPTOP, PHONE):
        PreparedFile.objects.all().delete()
        context = browser.new_context(
            base_url=live_server.url, bypass_csp=True, viewport=viewport, accept_downloads=True
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.live_server_url = live_server.url
        sign_in(page, adviser.username)
        page.goto("/services/")
        with page.expect_navigation():
            page.get_by_role("link", name="Last ned som Excel (XLSX)").click()
        prepared = PreparedFile.objects.get()
        assert page.url.endswith(f"/files/{prepared.pk}/")
        check_page(page, page.reload())
        assert "Venter på tur" in main_text(page)
        assert not page.get_by_role("link", name="Last ned tjenester").is_visible()

        # The worker has counted the rows and written one: the bar follows, no reload.
        PreparedFile.objects.filter(pk=prepared.pk).update(status=PreparedFile.Status.RUNNING)
        progress = Progress(prepared.pk, every=1)
        progress.total(3)
        progress(1)
        page.get_by_role("status").filter(has_text="1 av 3 rader").wait_for()
        assert page.locator("progress").evaluate("bar => [bar.value, bar.max]") == [1, 3]

        # The worker makes the whole file: the link shows, and downloads it.
        PreparedFile.objects.filter(pk=prepared.pk).update(status=PreparedFile.Status.QUEUED)
        run_tasks()
        link = page.get_by_role("link", name="Last ned tjenester")
        link.wait_for()
        assert "Filen er klar." in main_text(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        with page.expect_download() as download:
            link.click()
        assert download.value.suggested_filename.startswith("tjenester-")
        assert download.value.suggested_filename.endswith(".xlsx")
        check_page(page, page.reload())
        # Found again from the user menu's list of files.
        check_page(page, page.goto("/files/"))
        assert page.locator("main table a", has_text="Tjenester som XLSX, 3 rader").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        context.close()
