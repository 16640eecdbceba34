"""The services export: CSV for Norwegian Excel and XLSX, with the list's filters."""

import csv
import io
from decimal import Decimal

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext

from funding.services import service_record
from programmes.models import StaffMembership
from tests.funding.conftest import FORMULA_NAMES, draft_for


def csv_text(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def test_the_csv_is_for_norwegian_excel(adviser_client, services):
    response = adviser_client.get("/services/export.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    content = csv_text(response)
    assert content.startswith("\ufeffDato;Bedrift;Organisasjonsnummer;Kommunenummer;")
    lines = content.strip().splitlines()
    assert len(lines) == 3  # the header and the two services that count
    # Numbering as on each service's date: Tynset was 0437 in 2016 and 3427 in 2021.
    assert lines[1].startswith("15.09.2016;Tynset Trevare AS;987 654 325;0437;Tynset;Rådgivning;")
    assert ";10000.00;2500.00;7500.00;".replace(".", ",") in lines[1]
    assert lines[2].startswith("03.02.2021;Tynset Trevare AS;987 654 325;3427;Tynset;")
    assert "Markedspris" in lines[2]
    assert ";2700,00;2700,00;0,00;nei;" in lines[2]


def test_the_export_follows_the_lists_filters(adviser_client, services):
    content = csv_text(adviser_client.get("/services/export.csv?year=2016&voided=all"))

    lines = content.strip().splitlines()
    assert len(lines) == 3
    assert lines[2].split(";")[14] == "ja"  # the voided one, asked for


def test_the_xlsx_opens_and_holds_the_same_numbers(adviser_client, services):
    response = adviser_client.get("/services/export.xlsx?year=2016")

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["Dato", "Bedrift", "Organisasjonsnummer", "Kommunenummer"]
    row = [cell.value for cell in sheet[2]]
    assert row[1] == "Tynset Trevare AS"
    assert row[3] == "0437"
    assert (row[11], row[12], row[13]) == (10000, 2500, 7500)
    assert sheet.cell(row=2, column=12).number_format == '#,##0.00 "kr"'
    assert sheet.max_row == 2


def test_bad_filters_get_the_list_with_a_message(adviser_client, roros_adviser):
    response = adviser_client.get("/services/export.csv?year=abc")

    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()


def test_only_staff_may_export(client, user_without_role, roros):
    assert client.get("/services/export.csv")["Location"].startswith("/accounts/login/")
    StaffMembership.objects.create(user=user_without_role, naeringshage=roros)
    client.force_login(user_without_role)
    assert client.get("/services/export.xlsx").status_code == 403


def test_the_exports_query_count_does_not_grow_with_rows(
    adviser_client, tynset_company, roros_adviser, advice
):
    def count(file_format: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = adviser_client.get(f"/services/export.{file_format}")
            b"".join(response.streaming_content)
        return len(queries)

    def add(number: int):
        for _ in range(number):
            service_record(
                draft=draft_for(
                    tynset_company,
                    roros_adviser,
                    advice,
                    hours=Decimal("1"),
                    hourly_rate=Decimal("100"),
                    own_share=Decimal("25"),
                ),
                recorded_by=roros_adviser,
            )

    add(3)
    few = (count("csv"), count("xlsx"))
    add(30)

    assert (count("csv"), count("xlsx")) == few


def test_names_that_a_spreadsheet_would_run_are_written_as_text(
    adviser_client, formula_companies, roros_adviser
):
    type(roros_adviser).objects.filter(pk=roros_adviser.pk).update(first_name="@Kari")
    content = csv_text(adviser_client.get("/services/export.csv"))

    header, *rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == len(FORMULA_NAMES)
    company, price, description = (
        header.index(title) for title in ("Bedrift", "Pris", "Beskrivelse")
    )
    assert sorted(row[company] for row in rows) == sorted(
        "'" + name for name in FORMULA_NAMES.values()
    )
    assert {row[description] for row in rows} == {"'=cmd|' /C calc'!A0"}
    assert {row[header.index("Rådgiver")] for row in rows} == {"'@Kari"}
    assert {row[price] for row in rows} == {"1000,00"}  # an amount stays a plain number
    assert {row[header.index("Tilskudd")] for row in rows} == {"750,00"}


def test_the_xlsx_keeps_such_names_as_text_without_an_apostrophe(adviser_client, formula_companies):
    response = adviser_client.get("/services/export.xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    names = [sheet.cell(row=row, column=2) for row in range(2, sheet.max_row + 1)]
    assert sorted(cell.value for cell in names) == sorted(FORMULA_NAMES.values())
    assert {cell.data_type for cell in names} == {"s"}  # a string, never a formula ("f")
