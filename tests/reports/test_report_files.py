"""The annual report's files: XLSX (a sheet a section), CSV per section and PDF, with the
figures of the hand-built 2016 scenario (tests/reports/conftest.py), the same as the
page's; access and bad input."""

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal
from html import unescape
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from funding.models import Grant
from municipalities.models import Municipality
from programmes.models import Company, Enrolment
from tests.downloads.conftest import run_tasks
from tests.reports.scenario import record

NBSP = "\u00a0"
XLSX = "/reports/annual/export.xlsx"
PDF = "/reports/annual/export.pdf"
SECTIONS = [
    "municipalities",
    "counties",
    "service_types",
    "funding_lines",
    "frame",
    "grants",
    "targets",
    "companies",
    "programme_companies",
    "growth",
    "growth_cohorts",
    "events",
]


def workbook(response):
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def rows(sheet) -> list[tuple]:
    return [tuple(cell for cell in row) for row in sheet.iter_rows(values_only=True)]


def page_text(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(html).replace(NBSP, " ").split())


def csv_text(response) -> str:
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8")


def test_the_xlsx_has_a_sheet_a_section_with_the_hand_worked_figures(
    client, scenario, manager_of_roros
):
    client.force_login(manager_of_roros)
    book = workbook(client.get(XLSX, {"year": 2016}))

    assert book.sheetnames == [
        "Om rapporten",
        "Kommuner",
        "Fylker",
        "Tjenestetyper",
        "Finansieringslinjer",
        "Siva-ramme",
        "Tilskudd",
        "Mål",
        "Bedrifter",
        "Programbedrifter",
        "Vekst",
        "Vekst per kull",
        "Arrangementer",
    ]
    about = dict(rows(book["Om rapporten"]))
    assert about["Næringshage"] == "Rørosregionen Næringshage AS"
    assert about["Rapport"] == "Årsrapport 2016"
    assert about["Periode"] == "01.01.2016–31.12.2016"

    municipalities = book["Kommuner"]
    assert municipalities.freeze_panes == "A2"  # the header row stays in view
    assert rows(municipalities) == [
        (
            "Region",
            "Fylke",
            "Nummer",
            "Kommune",
            "Tjenester",
            "Bedrifter",
            "Timer",
            "Pris",
            "Egenandel",
            "Tilskudd",
        ),
        # Tynset: #3 fixed 8 000 (2 000 / 6 000) and #4 market 4 500; 3 + 5 hours.
        ("Programmedlemmer", "Hedmark", "0437", "Tynset", 2, 1, 8, 12500, 6500, 6000),
        # Røros: #1 10 000 (2 500 / 7 500) and #2 4 000 (1 000 / 3 000); 10 + 4 hours.
        ("Programmedlemmer", "Sør-Trøndelag", "1640", "Røros", 2, 1, 14, 14000, 3500, 10500),
        ("Bare tjenester", "Sør-Trøndelag", "1664", "Selbu", 1, 1, 2, 2000, 500, 1500),
        ("Sum", None, None, None, 5, 3, 24, 28500, 10500, 18000),
    ]
    assert rows(book["Fylker"]) == [
        ("Nummer", "Fylke", "Tjenester", "Bedrifter", "Timer", "Pris", "Egenandel", "Tilskudd"),
        ("04", "Hedmark", 2, 1, 8, 12500, 6500, 6000),
        ("16", "Sør-Trøndelag", 3, 2, 16, 16000, 4000, 12000),
        ("Sum", None, 5, 3, 24, 28500, 10500, 18000),
    ]
    price = municipalities["H2"]
    assert isinstance(price.value, int | float)  # a number, not text
    assert "kr" in price.number_format and "0.00" in price.number_format

    funding_lines = rows(book["Finansieringslinjer"])
    assert funding_lines[1] == ("Siva-ramme", 3, 17, 22000, 5500, 16500)
    assert funding_lines[-2] == ("Markedspris (uten tilskudd)", 1, 5, 4500, 4500, 0)
    assert funding_lines[-1] == ("Sum", 5, 24, 28500, 10500, 18000)

    frame = dict(rows(book["Siva-ramme"])[1:])
    # 1 500 000 kr granted; 7 500 + 3 000 + 6 000 = 16 500 drawn (the voided 6 000 not).
    assert frame["Siva-ramme innvilget"] == 1500000
    assert frame["Brukt i perioden"] == 16500
    assert frame["Igjen"] == 1483500
    assert frame["Andel brukt"] == pytest.approx(0.011)

    companies = dict(rows(book["Bedrifter"])[1:])
    assert companies["Bedrifter som har fått hjelp"] == 3
    assert (
        companies["Andel av bedriftene som har fått hjelp, med kvinner i ledende stillinger"] == 0.5
    )
    assert companies["Ansatte i bedriftene som har fått hjelp"] == 42  # 12 + 30 (2016)


def test_the_xlsx_numbers_equal_the_pages(client, scenario, manager_of_roros):
    client.force_login(manager_of_roros)
    page = page_text(client.get("/reports/annual/", {"year": 2016, "half": 1}))
    book = workbook(client.get(XLSX, {"year": 2016, "half": 1}))
    for row in rows(book["Kommuner"])[1:-1]:
        _, county, number, name, services, companies, hours, price, own, subsidy = row
        shown = " ".join(
            [
                county,
                number,
                name,
                str(services),
                str(companies),
                f"{hours:.2f}".replace(".", ","),
                *(
                    f"{Decimal(amount):,.0f} kr".replace(",", " ")
                    for amount in (price, own, subsidy)
                ),
            ]
        )
        assert shown in page
    assert rows(book["Kommuner"])[-1][4:] == (3, 3, 15, 20000, 5000, 15000)  # #1, #3, Selbu


def test_each_section_is_a_csv_for_norwegian_excel(client, scenario, manager_of_roros):
    client.force_login(manager_of_roros)
    for section in SECTIONS:
        response = client.get(f"/reports/annual/{section}.csv", {"year": 2016})
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert f"-{section.replace('_', '-')}.csv" in response["Content-Disposition"]
        assert csv_text(response).startswith("\ufeff")

    lines = csv_text(client.get("/reports/annual/municipalities.csv", {"year": 2016})).splitlines()
    assert (
        lines[0]
        == "\ufeffRegion;Fylke;Nummer;Kommune;Tjenester;Bedrifter;Timer;Pris;Egenandel;Tilskudd"
    )
    assert lines[1] == "Programmedlemmer;Hedmark;0437;Tynset;2;1;8,00;12500,00;6500,00;6000,00"
    assert lines[-1] == "Sum;;;;5;3;24,00;28500,00;10500,00;18000,00"

    second_half = csv_text(
        client.get("/reports/annual/service_types.csv", {"year": 2016, "half": 2})
    ).splitlines()
    # #2 (4 000 / 1 000 / 3 000) and #4 (4 500 market); the voided #5 counts nowhere.
    assert second_half[-1] == "Sum;2;9,00;8500,00;5500,00;3000,00"


@pytest.mark.parametrize("half", [None, 1, 2])
def test_the_counties_sum_to_the_municipalities(client, scenario, manager_of_roros, half):
    client.force_login(manager_of_roros)
    query = {"year": 2016, **({"half": half} if half else {})}
    book = workbook(client.get(XLSX, query))
    municipalities, counties = rows(book["Kommuner"]), rows(book["Fylker"])

    for column in range(6):  # services, companies, hours, price, own share, subsidy
        in_municipalities = sum(row[4 + column] for row in municipalities[1:-1])
        in_counties = sum(row[2 + column] for row in counties[1:-1])
        assert in_municipalities == in_counties == counties[-1][2 + column]
    assert counties[-1][2:] == municipalities[-1][4:]
    # Each county row holds its own municipalities, found by the number's first digits.
    for number, _, *figures in counties[1:-1]:
        own = [row[4:] for row in municipalities[1:-1] if row[2].startswith(number)]
        assert figures == [sum(values) for values in zip(*own, strict=True)]

    lines = csv_text(client.get("/reports/annual/counties.csv", query)).splitlines()
    assert lines[0] == "\ufeffNummer;Fylke;Tjenester;Bedrifter;Timer;Pris;Egenandel;Tilskudd"
    assert len(lines) == len(counties)


def test_an_unknown_section_is_not_found(client, scenario, manager_of_roros):
    client.force_login(manager_of_roros)
    assert client.get("/reports/annual/salaries.csv", {"year": 2016}).status_code == 404


@time_machine.travel(datetime(2026, 11, 26, 9, 30, tzinfo=ZoneInfo("Europe/Oslo")), tick=False)
def test_the_pdf_names_the_naeringshage_the_report_and_the_print_date_on_every_page(
    client, scenario, manager_of_roros
):
    client.force_login(manager_of_roros)
    response = client.get(PDF, {"year": 2016})
    assert response.status_code == 302  # to the file's page: the task worker prints it
    run_tasks()
    response = client.get(response["Location"] + "download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="arsrapport-2016.pdf"' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    pages = [" ".join(page.extract_text().replace(NBSP, " ").split()) for page in reader.pages]
    assert len(pages) >= 2
    for text in pages:
        assert "Rørosregionen Næringshage AS" in text
        assert "Årsrapport 2016" in text
        assert "Skrevet ut 26.11.2026 09:30" in text
    everything = " ".join(pages)
    assert "Tynset" in everything and "12 500 kr" in everything
    assert "Siva-ramme" in everything and "1 483 500 kr" in everything
    # The county rows sum Røros and Selbu: 3 services, 2 companies, 16 hours, 16 000 kr.
    assert "Aktivitet per fylke" in everything
    assert "16 Sør-Trøndelag 3 2 16,00 16 000 kr 4 000 kr 12 000 kr" in everything


def test_files_are_for_managers_only(client, scenario, roros_adviser):
    for url in (XLSX, PDF, "/reports/annual/frame.csv"):
        response = client.get(url, {"year": 2016})
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(roros_adviser)
    for url in (XLSX, PDF, "/reports/annual/frame.csv"):
        assert client.get(url, {"year": 2016}).status_code == 403


def test_a_bad_year_gives_the_page_with_the_message(client, scenario, manager_of_roros):
    client.force_login(manager_of_roros)
    for url in (XLSX, PDF, "/reports/annual/frame.csv"):
        response = client.get(url, {"year": "tjuesytten"})
        assert response.status_code == 400
        assert "Året må skrives med fire sifre" in page_text(response)


def test_the_xlsx_costs_the_same_queries_with_more_services(
    client, scenario, manager_of_roros, company, roros_adviser, advice
):
    client.force_login(manager_of_roros)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            workbook(client.get(XLSX, {"year": 2016}))
        return len(captured)

    before = queries()
    for day in range(1, 21):
        record(company, roros_adviser, advice, date=datetime(2016, 2, day).date())
    assert queries() == before


FORMULA_NAMES = {
    "910000004": '=HYPERLINK("http://x","klikk")',
    "910000012": "=1+1",
    "910000020": "+47 123",
    "910000039": "@SUM(A1)",
    "910000047": "-2+3",
    "910000055": "\tTabulator AS",
}


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(csv_text(response).lstrip("\ufeff")), delimiter=";"))


def test_names_and_titles_that_a_spreadsheet_would_run_are_written_as_text(
    client, scenario, manager_of_roros, roros
):
    for number, name in FORMULA_NAMES.items():
        company = Company.objects.create(
            naeringshage=roros,
            organisation_number=number,
            name=name,
            municipality=Municipality.objects.get(slug="roros"),
        )
        Enrolment.objects.create(
            company=company, kind=Enrolment.Kind.TARGET, start_date=date(2016, 1, 1)
        )
    Grant.objects.filter(naeringshage=roros, title="Regionale midler").update(title="=1+1")
    client.force_login(manager_of_roros)

    header, *rows = csv_rows(client.get("/reports/annual/programme_companies.csv", {"year": 2016}))
    names = {row[header.index("Navn")] for row in rows}
    assert {"'" + name for name in FORMULA_NAMES.values()} <= names
    assert "Fjellbakst AS" in names  # a plain name as it is

    header, *rows = csv_rows(client.get("/reports/annual/grants.csv", {"year": 2016}))
    regional = next(row for row in rows if row[header.index("Tittel")] == "'=1+1")
    assert regional[header.index("Fordelt på året")] == "400000,00"  # an amount stays a number
