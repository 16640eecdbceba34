"""Closing a year: the snapshot, the lock on the year's money, the files of a closed year
made from the snapshot, and reopening with a reason."""

import io
import re
from datetime import date, datetime
from decimal import Decimal
from html import unescape

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import models

from funding.models import Funder, Grant, Placement, PricedService, YearClosing
from funding.services import grant_update, placement_save, service_update, service_void
from programmes.models import Company, Event
from reports.selectors import annual_report
from reports.snapshots import close_year
from reports.tables import report_tables, to_snapshot
from tests.funding.conftest import draft_for, record_grant
from tests.reports.scenario import record

NBSP = "\u00a0"
CLOSED = "2016 er lukket"


def page_text(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(html).replace(NBSP, " ").split())


def messages_of(error: pytest.ExceptionInfo) -> str:
    return " ".join(error.value.messages)


def sheet_values(client, **query) -> dict[str, list[tuple]]:
    response = client.get("/reports/annual/export.xlsx", query)
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return {
        name: list(book[name].iter_rows(values_only=True))
        for name in book.sheetnames
        if name != "Om rapporten"  # says when the file was made
    }


def csv_bytes(client, section: str, **query) -> bytes:
    response = client.get(f"/reports/annual/{section}.csv", query)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.fixture
def closed_2016(scenario, roros, manager_of_roros) -> YearClosing:
    return close_year(naeringshage=roros, year=2016, closed_by=manager_of_roros)


# --- Closing ----------------------------------------------------------------------------


def test_the_manager_closes_a_year_from_the_report_page(client, scenario, roros, manager_of_roros):
    client.force_login(manager_of_roros)
    page = page_text(client.get("/reports/annual/", {"year": 2016}))
    assert "Lukk 2016" in page

    confirm = client.get("/reports/years/2016/close/")
    assert confirm.status_code == 200
    assert "kan ikke registreres, endres eller annulleres" in page_text(confirm)

    response = client.post("/reports/years/2016/close/")
    assert response.status_code == 302
    assert response["Location"] == "/reports/annual/?year=2016"
    closing = YearClosing.objects.get(naeringshage=roros, year=2016)
    assert closing.closed_by == manager_of_roros and closing.is_standing
    assert set(closing.snapshot["periods"]) == {"year", "half-1", "half-2"}

    page = page_text(client.get("/reports/annual/", {"year": 2016}))
    assert "2016 ble lukket" in page
    # The closed year's page shows the stored figures: Tynset's row, worked by hand.
    assert "Hedmark 0437 Tynset 2 1 8,00 12 500 kr 6 500 kr 6 000 kr" in page
    assert "Gjenåpne 2016" in page


def test_the_snapshot_holds_the_figures_of_the_moment(closed_2016, roros):
    year = closed_2016.snapshot["periods"]["year"]
    municipalities = next(table for table in year["tables"] if table["key"] == "municipalities")
    # Hours, price, own share, subsidy of the year, as text so no digit is lost.
    assert [Decimal(value) for value in municipalities["total"][6:]] == [24, 28500, 10500, 18000]
    first_half = closed_2016.snapshot["periods"]["half-1"]
    assert (first_half["start"], first_half["end"]) == ("2016-01-01", "2016-06-30")


def test_a_year_that_has_not_ended_cannot_be_closed(
    client, reference_data, roros, manager_of_roros
):
    client.force_login(manager_of_roros)
    this_year = date.today().year
    response = client.post(f"/reports/years/{this_year}/close/")
    assert response.status_code == 400
    assert f"{this_year} er ikke slutt ennå" in page_text(response)
    assert not YearClosing.objects.exists()

    with pytest.raises(ValidationError) as error:
        close_year(naeringshage=roros, year=this_year, closed_by=manager_of_roros)
    assert "er ikke slutt ennå" in messages_of(error)


def test_a_year_is_closed_once(closed_2016, roros, manager_of_roros):
    with pytest.raises(ValidationError) as error:
        close_year(naeringshage=roros, year=2016, closed_by=manager_of_roros)
    assert "2016 er allerede lukket" in messages_of(error)
    assert YearClosing.objects.count() == 1


# --- The lock ---------------------------------------------------------------------------


def test_no_service_can_be_recorded_changed_or_voided_in_a_closed_year(
    closed_2016, company, roros_adviser, advice
):
    service = PricedService.objects.filter(date__year=2016, voided_at__isnull=True).first()
    counted = list(PricedService.objects.values_list("pk", "price", "subsidy", "voided_at"))

    with pytest.raises(ValidationError) as error:
        record(company, roros_adviser, advice, date=date(2016, 12, 1))
    assert CLOSED in messages_of(error)
    with pytest.raises(ValidationError) as error:
        service_update(
            service=service,
            draft=draft_for(service.company, roros_adviser, advice, date=service.date),
        )
    assert CLOSED in messages_of(error)
    with pytest.raises(ValidationError) as error:
        service_update(
            service=service,
            draft=draft_for(service.company, roros_adviser, advice, date=date(2017, 3, 1)),
        )
    assert CLOSED in messages_of(error)  # nor moved out of it
    with pytest.raises(ValidationError) as error:
        service_void(service=service, reason="Feil", voided_by=roros_adviser)
    assert CLOSED in messages_of(error)

    assert list(PricedService.objects.values_list("pk", "price", "subsidy", "voided_at")) == (
        counted
    )


def test_the_service_form_says_the_year_is_closed(client, closed_2016, company, roros_adviser):
    client.force_login(roros_adviser)
    service = PricedService.objects.filter(date__year=2016, voided_at__isnull=True).first()
    response = client.post(f"/services/{service.pk}/void/", {"reason": "Feil kunde"})
    assert response.status_code == 400
    assert CLOSED in page_text(response)
    service.refresh_from_db()
    assert service.voided_at is None


def test_services_of_an_open_year_are_still_recorded(closed_2016, company, roros_adviser, advice):
    service = record(
        company, roros_adviser, advice, date=date(2017, 2, 1), own_share=None, grant=None
    )
    assert service.pk is not None and service.subsidy == 0


def test_a_grants_part_for_a_closed_year_cannot_change(closed_2016, roros):
    regional = Grant.objects.get(naeringshage=roros, title="Regionale midler")
    with pytest.raises(ValidationError) as error:
        grant_update(grant=regional, amount=Decimal("500000"))
    assert CLOSED in messages_of(error)
    with pytest.raises(ValidationError) as error:
        grant_update(grant=Grant.objects.get(pk=regional.pk), title="Nytt navn")
    assert CLOSED in messages_of(error)
    regional.refresh_from_db()
    assert (regional.amount, regional.title) == (Decimal("400000"), "Regionale midler")

    # What the report does not show may still be corrected.
    grant_update(grant=regional, note="Rapportert til fylket 15.02.2017")
    regional.refresh_from_db()
    assert regional.note == "Rapportert til fylket 15.02.2017"


def test_a_new_grant_in_a_closed_year_is_refused(closed_2016, roros):
    with pytest.raises(ValidationError) as error:
        record_grant(roros, Funder.objects.get(slug="sor-trondelag-fylkeskommune"), title="Sen")
    assert CLOSED in messages_of(error)
    assert not Grant.objects.filter(title="Sen").exists()


def test_the_placement_of_a_closed_year_cannot_change(closed_2016, roros):
    placement = Placement.objects.get(naeringshage=roros, year=2016)
    with pytest.raises(ValidationError) as error:
        placement_save(
            naeringshage=roros,
            year=2016,
            level=placement.level,
            decision_date=placement.decision_date,
            rationale="Endret",
            placement=placement,
        )
    assert CLOSED in messages_of(error)


# --- The files of a closed year ---------------------------------------------------------


def test_files_of_a_closed_year_reproduce_the_snapshot(
    client, closed_2016, scenario, roros, manager_of_roros
):
    client.force_login(manager_of_roros)
    sheets = sheet_values(client, year=2016)
    csv_files = {
        (section, half): csv_bytes(client, section, year=2016, **({"half": half} if half else {}))
        for section in ("municipalities", "companies", "programme_companies", "events")
        for half in (None, 1, 2)
    }

    # What is not locked changes after the closing: a company's name and answer, an event.
    Company.objects.filter(pk=scenario.tynsetsag.pk).update(
        name="Tynset Sag og Høvleri AS", women_in_leadership="yes"
    )
    Event.objects.create(
        naeringshage=roros,
        title="Etterslenger",
        kind=Event.Kind.COURSE,
        starts_at=datetime(2016, 12, 1, 18, 0).astimezone(),
        municipality=scenario.tynsetsag.municipality,
    )
    live = to_snapshot(report_tables(annual_report(naeringshage=roros, year=2016)))
    assert live != closed_2016.snapshot["periods"]["year"]["tables"]  # the figures moved

    assert sheet_values(client, year=2016) == sheets
    for (section, half), content in csv_files.items():
        query = {"year": 2016, **({"half": half} if half else {})}
        assert csv_bytes(client, section, **query) == content  # byte for byte
    page = page_text(client.get("/reports/annual/", {"year": 2016}))
    assert "Tynset Sag AS" in page and "Tynset Sag og Høvleri AS" not in page


def test_the_snapshot_is_what_the_report_said_at_closing(closed_2016, roros):
    for half, key in ((None, "year"), (1, "half-1"), (2, "half-2")):
        report = annual_report(naeringshage=roros, year=2016, half=half)
        assert closed_2016.snapshot["periods"][key]["tables"] == to_snapshot(report_tables(report))


# --- Reopening --------------------------------------------------------------------------


def test_reopening_needs_a_reason_and_is_recorded(
    client, closed_2016, roros, manager_of_roros, company, roros_adviser, advice
):
    client.force_login(manager_of_roros)
    response = client.post("/reports/years/2016/reopen/", {"reason": "   "})
    assert response.status_code == 400
    assert "Skriv hvorfor året åpnes igjen" in page_text(response)
    assert YearClosing.objects.standing().filter(year=2016).exists()

    reason = "Faktura fra Siva viste feil timetall på Fjellbakst"
    response = client.post("/reports/years/2016/reopen/", {"reason": reason})
    assert response.status_code == 302
    closing = YearClosing.objects.get(pk=closed_2016.pk)
    assert closing.reopened_by == manager_of_roros
    assert closing.reopened_at is not None and closing.reopen_reason == reason
    assert closing.snapshot == closed_2016.snapshot  # kept as it was

    record(company, roros_adviser, advice, date=date(2016, 12, 1))  # open again
    page = page_text(client.get("/reports/annual/", {"year": 2016}))
    assert reason in page and "Gjenåpnet" in page

    # Closing anew stores the figures of that moment, beside the old closing.
    client.post("/reports/years/2016/close/")
    assert YearClosing.objects.filter(year=2016).count() == 2
    assert YearClosing.objects.standing().get(year=2016).snapshot != closed_2016.snapshot


def test_only_a_manager_closes_or_reopens(client, scenario, roros, roros_adviser, manager_of_roros):
    response = client.post("/reports/years/2016/close/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(roros_adviser)
    assert client.post("/reports/years/2016/close/").status_code == 403
    assert not YearClosing.objects.exists()
    close_year(naeringshage=roros, year=2016, closed_by=manager_of_roros)
    response = client.post("/reports/years/2016/reopen/", {"reason": "Vil endre"})
    assert response.status_code == 403
    assert YearClosing.objects.standing().count() == 1


def test_the_admin_shows_a_closed_years_grant_and_placement_read_only(
    closed_2016, roros, administrator_client
):
    grant = Grant.objects.get(naeringshage=roros, title="Regionale midler")
    placement = Placement.objects.get(naeringshage=roros, year=2016)
    for url in (
        f"/admin/funding/grant/{grant.pk}/change/",
        f"/admin/funding/placement/{placement.pk}/change/",
    ):
        page = administrator_client.get(url)
        assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
        assert administrator_client.post(url, {"title": "Nytt navn"}).status_code == 403
    assert administrator_client.post(f"/admin/funding/grant/{grant.pk}/delete/").status_code == 403
    grant.refresh_from_db()
    assert grant.title == "Regionale midler"
    # An open year's placement can still be changed there.
    open_placement = Placement.objects.get(naeringshage=roros, year=2017)
    page = administrator_client.get(f"/admin/funding/placement/{open_placement.pk}/change/")
    assert 'name="_save"' in page.content.decode()


def page_shape(response) -> dict[str, list[str]]:
    """What a page's report tables look like: their headings, captions, column headers
    and row-group headings, in order."""
    html = response.content.decode()

    def texts(pattern: str) -> list[str]:
        return [
            " ".join(unescape(re.sub(r"<[^>]+>", " ", found)).split())
            for found in re.findall(pattern, html, flags=re.S)
        ]

    return {
        "headings": texts(r"<h2[^>]*>(.*?)</h2>"),
        "captions": texts(r"<caption[^>]*>(.*?)</caption>"),
        "columns": texts(r'<th scope="col"[^>]*>(.*?)</th>'),
        "groups": texts(r'<th scope="rowgroup"[^>]*>(.*?)</th>'),
        "row_labels": texts(r'<th scope="row">(.*?)</th>'),
    }


@pytest.mark.parametrize("url", ["/reports/annual/", "/dashboard/"])
@pytest.mark.parametrize("half", [None, 1, 2])
def test_a_closed_year_looks_exactly_like_the_open_year(
    client, scenario, roros, manager_of_roros, url, half
):
    client.force_login(manager_of_roros)
    query = {"year": 2016, **({"half": half} if half else {})}
    open_page = client.get(url, query)
    close_year(naeringshage=roros, year=2016, closed_by=manager_of_roros)
    closed_page = client.get(url, query)

    closed_says = "2016 ble lukket" if url == "/reports/annual/" else CLOSED
    assert closed_says in page_text(closed_page) and closed_says not in page_text(open_page)
    open_shape, closed_shape = page_shape(open_page), page_shape(closed_page)
    # The year's status says "Status for 2016" either way; a closed year adds nothing
    # and loses nothing: every section, caption, column and row is where it was.
    assert closed_shape == open_shape
    assert len(open_shape["captions"]) == (11 if url == "/reports/annual/" else 2)
    assert "Tjenester per kommune, etter fylke (kommunenummer fra 2016)" in open_shape["captions"]


@pytest.mark.parametrize("half", [None, 1, 2])
def test_a_closed_years_dashboard_shows_the_figures_stored_at_closing(
    client, scenario, roros, manager_of_roros, half
):
    client.force_login(manager_of_roros)
    query = {"year": 2016, **({"half": half} if half else {})}
    live = page_text(client.get("/dashboard/", query))
    close_year(naeringshage=roros, year=2016, closed_by=manager_of_roros)

    # The page reads no service: a company renamed after the closing does not matter,
    # and a service voided behind the lock's back (directly in the database) neither.
    PricedService.objects.filter(date__year=2016).update(subsidy=0, own_share=models.F("price"))
    Company.objects.filter(pk=scenario.tynsetsag.pk).update(name="Tynset Sag og Høvleri AS")
    page = page_text(client.get("/dashboard/", query))
    assert "2016 er lukket" in page
    # Every figure, table and chart as it was at the closing.
    for start, end in (("Siva-ramme innvilget", "Deltakere"), ("Aktivitet per", "Dine siste")):
        shown = page[page.index(start) : page.index(end)]
        assert shown in live
    # Tynset 0437 as in 2016, its figures as stored (the hand-worked scenario).
    tynset = {
        None: "2 1 8,00 12 500 kr 6 500 kr 6 000 kr",
        1: "1 1 3,00 8 000 kr 2 000 kr 6 000 kr",
    }
    if half in tynset:
        assert f"Hedmark 0437 Tynset {tynset[half]}" in page


def test_years_are_closed_from_the_command_line(scenario, roros, manager_of_roros, adviser):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("close_years", "rorosregionen", "2015", "2016", "--as", "leder", stdout=out)
    assert out.getvalue().splitlines() == ["2015: closed", "2016: closed"]
    assert YearClosing.objects.standing().filter(naeringshage=roros).count() == 2
    call_command("close_years", "rorosregionen", "2016", "--as", "leder", stdout=out)
    assert "2016: already closed" in out.getvalue()
    with pytest.raises(CommandError, match="not a manager"):
        call_command("close_years", "rorosregionen", "2017", "--as", adviser.username)
    with pytest.raises(CommandError, match="ikke slutt"):
        call_command("close_years", "rorosregionen", "2099", "--as", "leder")
