"""Prepared files: a long services XLSX and the report's PDF are made by the task worker
(`manage.py db_worker`), shown with their progress, downloaded by their næringshage's
staff of the right role only, and deleted when their days are over."""

import io
import json
import re
from datetime import timedelta
from decimal import Decimal
from html import unescape

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts import roles
from downloads.models import PreparedFile
from downloads.services import prepared_file_start
from funding import exports, selectors
from funding.prepared_files import SERVICES_XLSX
from funding.services import service_record
from programmes.models import ServiceType
from programmes.services import staff_membership_set
from tests.conftest import make_user
from tests.downloads.conftest import prepared_services_file, run_tasks
from tests.funding.conftest import draft_for

NBSP = "\u00a0"
EXPORT = "/services/export.xlsx"


def page_text(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(html).replace(NBSP, " ").split())


@pytest.fixture
def services(company, roros_adviser, advice):
    return [
        service_record(
            draft=draft_for(
                company, roros_adviser, advice, hours=Decimal(hours), own_share=Decimal(250 * hours)
            ),
            recorded_by=roros_adviser,
        )
        for hours in (1, 2, 3)
    ]


@pytest.fixture
def few_rows(settings):
    """Above two rows the XLSX is prepared by the worker."""
    settings.PREPARED_FILE_ROWS = 2


def file_rows(content: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def status(response) -> int:
    if response.streaming:  # read to the end, as a server would: its file is closed
        b"".join(response.streaming_content)
    return response.status_code


def streamed(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def test_a_long_xlsx_is_made_by_the_worker_and_is_the_same_file(
    client, few_rows, services, roros, roros_adviser
):
    client.force_login(roros_adviser)
    response = client.get(EXPORT, {"year": 2016})
    prepared = PreparedFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/files/{prepared.pk}/"
    assert prepared.parameters == {"filters": {"year": "2016"}}
    assert DBTaskResult.objects.count() == 1  # queued with the row, in one transaction

    waiting = client.get(response["Location"])
    assert waiting.status_code == 200
    assert "Tjenester som XLSX, 3 rader" in page_text(waiting)
    assert "Venter på tur" in page_text(waiting)
    state = json.loads(client.get(f"/files/{prepared.pk}/progress.json").content)
    assert state["status"] == "queued" and state["download_url"] == ""
    # Asked again before it is made: the same file, not a second one.
    assert client.get(EXPORT, {"year": 2016})["Location"] == f"/files/{prepared.pk}/"
    assert PreparedFile.objects.count() == 1
    # Not ready yet: the download leads to the file's page.
    assert client.get(f"/files/{prepared.pk}/download/")["Location"] == f"/files/{prepared.pk}/"

    run_tasks()

    state = json.loads(client.get(f"/files/{prepared.pk}/progress.json").content)
    assert state["status"] == "done"
    assert (state["rows_done"], state["rows_total"]) == (3, 3)
    assert state["text"] == "3 av 3 rader"
    assert state["download_url"] == f"/files/{prepared.pk}/download/"
    ready = page_text(client.get(f"/files/{prepared.pk}/"))
    assert "Filen er klar." in ready and "Last ned tjenester-" in ready
    download = client.get(state["download_url"])
    assert "attachment" in download["Content-Disposition"]
    assert "tjenester-" in download["Content-Disposition"]
    services = selectors.services_filtered(naeringshage=roros, filters={"year": 2016})
    with exports.xlsx_file(services, roros) as handle:
        made_here = handle.read()
    assert file_rows(streamed(download)) == file_rows(made_here)
    assert len(file_rows(made_here)) == 4  # the header and three services


def test_a_short_xlsx_is_still_made_at_once(client, services, roros_adviser):
    client.force_login(roros_adviser)
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert len(file_rows(streamed(response))) == 4
    assert not PreparedFile.objects.exists()


def test_the_list_links_the_long_xlsx_to_its_page_not_as_a_download(
    client, few_rows, services, roros_adviser, settings
):
    client.force_login(roros_adviser)
    link = re.search(
        r'<a [^>]*href="/services/export\.xlsx[^>]*>', client.get("/services/").content.decode()
    )
    assert link and " download" not in link.group(0)
    settings.PREPARED_FILE_ROWS = 5000
    link = re.search(
        r'<a [^>]*href="/services/export\.xlsx[^>]*>',
        client.get("/services/?year=2016").content.decode(),
    )
    assert link and " download" in link.group(0)


def test_the_pdf_is_printed_by_the_worker(client, manager, roros, services):
    staff_membership_set(user=manager, naeringshage=roros)
    client.force_login(manager)
    response = client.get("/reports/annual/export.pdf", {"year": 2016, "half": 1})
    prepared = PreparedFile.objects.get()
    assert response["Location"] == f"/files/{prepared.pk}/"
    assert prepared.parameters == {"year": 2016, "half": 1}
    assert "Rapport 2016, halvår 1 som PDF" in page_text(client.get(response["Location"]))

    run_tasks()

    prepared.refresh_from_db()
    assert (
        prepared.status == PreparedFile.Status.DONE
        and prepared.filename == "arsrapport-2016-h1.pdf"
    )
    assert (prepared.rows_done, prepared.rows_total) == (2, 2)
    content = streamed(client.get(f"/files/{prepared.pk}/download/"))
    assert content.startswith(b"%PDF")


def test_a_file_is_for_its_naeringshage_and_its_role_only(
    client,
    manager,
    roros,
    roros_adviser,
    other_naeringshage,
    services,
    administrator,
    django_user_model,
):
    staff_membership_set(user=manager, naeringshage=roros)
    pdf = prepared_file_start(
        naeringshage=roros, requested_by=manager, kind="report-pdf",
        parameters={"year": 2016, "half": None}, title="Årsrapport 2016 som PDF",
    )  # fmt: skip
    xlsx = prepared_file_start(
        naeringshage=roros, requested_by=roros_adviser, kind=SERVICES_XLSX,
        parameters={"filters": {}}, title="Tjenester som XLSX",
    )  # fmt: skip
    run_tasks()
    urls = [
        f"/files/{pk}/{end}"
        for pk in (pdf.pk, xlsx.pk)
        for end in ("", "progress.json", "download/")
    ]
    other = make_user(django_user_model, "annen", roles.ADVISER)
    staff_membership_set(user=other, naeringshage=other_naeringshage)
    answers = {}
    for name, user in (
        ("anonymous", None),
        ("other", other),
        ("adviser", roros_adviser),
        ("manager", manager),
        ("administrator", administrator),
    ):
        visitor = Client()
        if user is not None:
            visitor.force_login(user)
        answers[name] = [status(visitor.get(url)) for url in urls]
    assert answers == {
        "anonymous": [302] * 6,
        "other": [404] * 6,  # another næringshage's file is not found
        "adviser": [403, 403, 403, 200, 200, 200],  # the report is the manager's
        "manager": [200] * 6,
        "administrator": [403] * 6,
    }


def test_a_file_that_cannot_be_made_says_why(client, roros, roros_adviser, services):
    unused = ServiceType.objects.create(slug="borte", name="Borte")
    prepared = prepared_file_start(
        naeringshage=roros, requested_by=roros_adviser, kind=SERVICES_XLSX,
        parameters={"filters": {"service_type": str(unused.pk)}}, title="Tjenester som XLSX",
    )  # fmt: skip
    unused.delete()
    run_tasks()
    client.force_login(roros_adviser)
    page = client.get(f"/files/{prepared.pk}/")
    assert page.status_code == 200
    text = page_text(page)
    assert "Filen kunne ikke lages." in text
    assert "Filtrer listen på nytt" in text
    assert client.get(f"/files/{prepared.pk}/download/").status_code == 302


def test_files_past_their_days_are_gone_and_deleted(client, roros, roros_adviser, services):
    prepared = prepared_file_start(
        naeringshage=roros, requested_by=roros_adviser, kind=SERVICES_XLSX,
        parameters={"filters": {}}, title="Tjenester som XLSX",
    )  # fmt: skip
    run_tasks()
    prepared.refresh_from_db()
    stored = prepared.file.name
    assert default_storage.exists(stored)
    PreparedFile.objects.filter(pk=prepared.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    client.force_login(roros_adviser)
    for end in ("", "download/"):
        gone = client.get(f"/files/{prepared.pk}/{end}")
        assert gone.status_code == 404
        assert "Filen er ikke lenger tatt vare på" in page_text(gone)

    out = io.StringIO()
    call_command("delete_expired_files", stdout=out)
    assert "Deleted 1 prepared file(s)" in out.getvalue()
    assert not PreparedFile.objects.exists()
    assert not default_storage.exists(stored)


def test_the_files_page_takes_as_many_queries_for_many_rows_as_for_few(
    client, roros, roros_adviser, services, company, advice
):
    prepared = prepared_file_start(
        naeringshage=roros, requested_by=roros_adviser, kind=SERVICES_XLSX,
        parameters={"filters": {}}, title="Tjenester som XLSX",
    )  # fmt: skip
    client.force_login(roros_adviser)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/files/{prepared.pk}/").status_code == 200
            assert client.get(f"/files/{prepared.pk}/progress.json").status_code == 200
        return len(captured)

    before = queries()
    for _ in range(5):
        service_record(draft=draft_for(company, roros_adviser, advice), recorded_by=roros_adviser)
    run_tasks()
    assert queries() == before


def test_the_files_page_lists_what_the_role_may_open(
    client, manager, roros, roros_adviser, other_naeringshage, services, django_user_model
):
    staff_membership_set(user=manager, naeringshage=roros)
    pdf = prepared_file_start(
        naeringshage=roros, requested_by=manager, kind="report-pdf",
        parameters={"year": 2016, "half": None}, title="Årsrapport 2016 som PDF",
    )  # fmt: skip
    xlsx = prepared_services_file(roros, roros_adviser)
    gone = prepared_services_file(roros, roros_adviser)
    PreparedFile.objects.filter(pk=gone.pk).update(expires_at=timezone.now())
    theirs = make_user(django_user_model, "annen", roles.ADVISER)
    staff_membership_set(user=theirs, naeringshage=other_naeringshage)
    prepared_services_file(other_naeringshage, theirs)

    def listed(user) -> list[str]:
        client.force_login(user)
        page = client.get("/files/").content.decode()
        return re.findall(r'href="/files/(\d+)/"', page)

    assert listed(roros_adviser) == [str(xlsx.pk)]  # not the manager's PDF, nor the expired
    assert listed(manager) == [str(xlsx.pk), str(pdf.pk)]  # newest first
    client.force_login(roros_adviser)
    text = page_text(client.get("/files/"))
    assert "1 fil" in text and "Klar" in text and "Radgiver deg" in text
    assert listed(theirs) != [] and str(xlsx.pk) not in listed(theirs)


def test_the_files_page_takes_as_many_queries_for_many_files_as_for_one(
    client, roros, roros_adviser, services
):
    client.force_login(roros_adviser)
    prepared_services_file(roros, roros_adviser)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/files/").status_code == 200
        return len(captured)

    one = queries()
    for _ in range(6):
        prepared_services_file(roros, roros_adviser)
    assert queries() == one


def test_a_file_lost_with_its_worker_is_failed_within_the_hour(
    client, roros, roros_adviser, services
):
    stalled = prepared_file_start(
        naeringshage=roros, requested_by=roros_adviser, kind=SERVICES_XLSX,
        parameters={"filters": {}}, title="Tjenester som XLSX",
    )  # fmt: skip
    recent = prepared_file_start(
        naeringshage=roros, requested_by=roros_adviser, kind=SERVICES_XLSX,
        parameters={"filters": {"year": "2016"}}, title="Tjenester 2016 som XLSX",
    )  # fmt: skip
    # The worker claimed the first an hour and more ago, and stopped.
    PreparedFile.objects.filter(pk=stalled.pk).update(
        status=PreparedFile.Status.RUNNING, created_at=timezone.now() - timedelta(minutes=61)
    )
    out = io.StringIO()
    call_command("delete_expired_files", stdout=out)
    assert "marked 1 stalled one(s) failed" in out.getvalue()
    client.force_login(roros_adviser)
    text = page_text(client.get(f"/files/{stalled.pk}/"))
    assert "Filen kunne ikke lages." in text and "Be om den på nytt." in text
    recent.refresh_from_db()
    assert recent.status == PreparedFile.Status.QUEUED  # asked for a moment ago: still waiting
    run_tasks()  # the lost file's task, if it runs after all, leaves it failed
    stalled.refresh_from_db()
    assert stalled.status == PreparedFile.Status.FAILED
