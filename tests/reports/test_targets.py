"""The targets against the result, on the dashboard, the annual and half-year report and
its files, with the 2016 scenario (tests/reports/conftest.py), worked by hand:

- companies helped in 2016: Fjellbakst, Tynset Sag and Selbu Strikk (3), all three by
  30 June; in the second half only Fjellbakst and Tynset Sag (2), but a target is
  measured from 1 January, so 3 at the year's end;
- new target companies: Fjellbakst (contract start 01.03.2016), 1.

The targets are 4 companies helped and 1 new target company. 2016 is a leap year: by
30 June 182 of its 366 days are gone (49,7 %).
"""

import csv
import io
import re
from datetime import datetime
from html import unescape
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from funding.models import Target, TargetKind
from funding.services import targets_save
from reports.snapshots import close_year

NBSP = "\u00a0"
OSLO = ZoneInfo("Europe/Oslo")


def text(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(html).replace(NBSP, " ").split())


@pytest.fixture
def targets_2016(scenario, roros):
    helped = TargetKind.objects.get(slug="hjulpet-2011")
    new = TargetKind.objects.get(slug="nye-malbedrifter-2011")
    targets_save(naeringshage=roros, year=2016, values={helped.pk: 4, new.pk: 1})
    return {"helped": helped, "new": new}


def test_the_annual_report_shows_each_target_against_the_result(
    client, targets_2016, manager_of_roros
):
    client.force_login(manager_of_roros)
    page = text(client.get("/reports/annual/", {"year": 2016}))

    # Target, target value, result, share reached, share of the year gone, status.
    assert "Bedrifter som har fått hjelp 4 3 75 % 100 % Ikke nådd" in page
    assert "Nye målbedrifter 1 1 100 % 100 % Nådd" in page
    # The bars say the same in words.
    assert "3 av 4 (75 %; 100 % av året gått): Ikke nådd" in page
    assert "1 av 1 (100 %; 100 % av året gått): Nådd" in page


def test_the_half_year_says_whether_the_naeringshage_is_on_course(
    client, targets_2016, manager_of_roros
):
    client.force_login(manager_of_roros)
    first = text(client.get("/reports/annual/", {"year": 2016, "half": 1}))
    second = text(client.get("/reports/annual/", {"year": 2016, "half": 2}))

    # By 30 June: 3 of 4 (75 %) with 49,7 % of the year gone.
    assert "Bedrifter som har fått hjelp 4 3 75 % 49,7 % I rute" in first
    assert "Nye målbedrifter 1 1 100 % 49,7 % Nådd" in first
    # The second half's own table counts 2 companies; the target counts from 1 January.
    assert "Bedrifter som har fått hjelp 4 3 75 % 100 % Ikke nådd" in second


def test_a_running_year_is_behind_when_less_is_reached_than_the_year_gone(
    client, scenario, roros, manager_of_roros
):
    helped = TargetKind.objects.get(slug="hjulpet-2011")
    targets_save(naeringshage=roros, year=2016, values={helped.pk: 8})
    client.force_login(manager_of_roros)
    # On 30 September 2016, 274 of 366 days are gone (74,9 %); 3 of 8 is 37,5 %.
    with time_machine.travel(datetime(2016, 9, 30, 12, tzinfo=OSLO), tick=False):
        page = text(client.get("/", {"year": 2016}))
    assert "Bedrifter som har fått hjelp 8 3 37,5 % 74,9 % Bak skjema" in page
    assert "3 av 8 (37,5 %; 74,9 % av året gått): Bak skjema" in page


def test_the_dashboard_shows_the_targets_with_bars(client, targets_2016, manager_of_roros):
    client.force_login(manager_of_roros)
    response = client.get("/", {"year": 2016})
    html = response.content.decode()

    assert '<meter id="dashboard-target-1" min="0" max="4" value="3">' in html
    assert '<label for="dashboard-target-1">Bedrifter som har fått hjelp</label>' in html
    assert "3 av 4 (75 %; 100 % av året gått): Ikke nådd" in text(response)


def test_a_year_without_targets_says_so(client, scenario, manager_of_roros):
    client.force_login(manager_of_roros)
    page = text(client.get("/", {"year": 2016}))
    assert "Ingen mål er registrert for året." in page
    assert "<meter" not in page


def test_the_files_hold_the_targets(client, targets_2016, manager_of_roros):
    client.force_login(manager_of_roros)
    response = client.get("/reports/annual/export.xlsx", {"year": 2016})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = list(book["Mål"].iter_rows(values_only=True))
    assert sheet[0] == (
        "Mål",
        "Måltall",
        "Resultat",
        "Andel nådd",
        "Andel av året gått",
        "Status",
    )
    assert sheet[1] == ("Bedrifter som har fått hjelp", 4, 3, 0.75, 1, "Ikke nådd")
    assert sheet[2] == ("Nye målbedrifter", 1, 1, 1, 1, "Nådd")

    response = client.get("/reports/annual/targets.csv", {"year": 2016, "half": 1})
    lines = list(
        csv.reader(io.StringIO(b"".join(response.streaming_content).decode()), delimiter=";")
    )
    assert lines[1][:3] == ["Bedrifter som har fått hjelp", "4", "3"]
    assert lines[1][-1] == "I rute"


def test_closing_the_year_freezes_its_targets(client, targets_2016, roros, manager_of_roros):
    close_year(naeringshage=roros, year=2016, closed_by=manager_of_roros)
    # Written around the services (which refuse a closed year): the report keeps what
    # was stored when the year was closed.
    Target.objects.filter(naeringshage=roros, year=2016).update(value=40)
    client.force_login(manager_of_roros)
    page = text(client.get("/reports/annual/", {"year": 2016}))
    assert "Bedrifter som har fått hjelp 4 3 75 % 100 % Ikke nådd" in page
    assert "Bedrifter som har fått hjelp 40" not in page


def test_a_year_closed_before_the_targets_existed_shows_what_it_stored(
    client, scenario, roros, manager_of_roros
):
    closing = close_year(naeringshage=roros, year=2016, closed_by=manager_of_roros)
    snapshot = closing.snapshot
    for period in snapshot["periods"].values():
        period["tables"] = [table for table in period["tables"] if table["key"] != "targets"]
    type(closing).objects.filter(pk=closing.pk).update(snapshot=snapshot)
    client.force_login(manager_of_roros)

    for url, heading in (
        ("/", 'id="dashboard-targets"'),
        ("/reports/annual/", 'id="report-targets"'),
    ):
        response = client.get(url, {"year": 2016})
        assert response.status_code == 200
        assert "Aktivitet per kommune" in text(response)
        assert heading not in response.content.decode()
    response = client.get("/reports/annual/targets.csv", {"year": 2016})
    assert response.status_code == 404
    response = client.get("/reports/annual/export.xlsx", {"year": 2016})
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert "Mål" not in book.sheetnames and "Kommuner" in book.sheetnames


def test_the_dashboard_costs_the_same_queries_with_one_target_and_two(
    client, scenario, roros, manager_of_roros
):
    helped = TargetKind.objects.get(slug="hjulpet-2011")
    new = TargetKind.objects.get(slug="nye-malbedrifter-2011")
    client.force_login(manager_of_roros)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/", {"year": 2016}).status_code == 200
        return len(queries)

    targets_save(naeringshage=roros, year=2016, values={helped.pk: 4})
    with_one = count()
    targets_save(naeringshage=roros, year=2016, values={helped.pk: 4, new.pk: 1})
    with_two = count()
    assert with_one == with_two
