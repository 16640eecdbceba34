"""Siva's growth indicators: each target company's revenue and value creation from its
baseline year, and the sums per cohort, worked by hand.

The 2016 report (programme period 2011–2022, no reset: the baseline is avtalestart):

| company    | avtalestart | figures                                           | result           |
|------------|-------------|---------------------------------------------------|------------------|
| Alfa AS    | 01.03.2014  | 2014: rev. 1 000 000, op. 100 000, wages 400 000  | 2014→2015:       |
|            |             | 2015: rev. 1 500 000, value creation 600 000      | +500 000 (50 %), |
|            |             |                                                   | +100 000 (20 %)  |
| Beta AS    | 01.06.2014  | 2014: rev. 500 000; 2016: rev. 400 000;           | 2014→2016:       |
|            |             | 2017: rev. 9 000 000 (after the report's year)    | −100 000 (−20 %) |
| Gamma AS   | 01.01.2015  | 2016: rev. 800 000                                | no baseline      |
| Delta AS   | 01.01.2013  | 2013: rev. 200 000                                | nothing after it |
| Epsilon AS | 01.02.2016  | none                                              | baseline to come |
| Zeta AS    | member      | 2014 and 2015 figures                             | not a target co. |

Cohort 2014: Alfa and Beta, revenue 1 500 000 → 1 900 000 (+400 000, 26,67 %), value
creation only Alfa's (500 000 → 600 000). Every cohort: 5 companies, 2 with revenue.

The 2024 report (period from 2023, reset year 2023): Eta AS, avtalestart 01.05.2020,
2020: rev. 100; 2023: rev. 1 000 000; 2024: rev. 1 200 000 → from 2023, +200 000 (20 %).
"""

import csv
import io
import re
from datetime import date
from decimal import Decimal
from html import unescape

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from municipalities.models import Municipality
from programmes.models import Company, Enrolment, KeyFigures
from programmes.selectors.growth import NO_BASELINE, NO_LATER, NOT_YET
from reports.selectors.annual import annual_report
from reports.snapshots import close_year
from tests.downloads.conftest import run_tasks

NBSP = "\u00a0"


def text(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(html).replace(NBSP, " ").split())


def company(roros, number, name, start, figures, *, kind=Enrolment.Kind.TARGET):
    made = Company.objects.create(
        naeringshage=roros,
        organisation_number=number,
        name=name,
        municipality=Municipality.objects.get(slug="roros"),
    )
    Enrolment.objects.create(company=made, kind=kind, start_date=start)
    for year, values in figures.items():
        KeyFigures.objects.create(company=made, year=year, **values)
    return made


@pytest.fixture
def cohorts(roros):
    money = Decimal
    company(
        roros,
        "910000004",
        "Alfa AS",
        date(2014, 3, 1),
        {
            2014: {
                "revenue": money("1000000"),
                "operating_result": money("100000"),
                "wage_costs": money("400000"),
            },
            2015: {"revenue": money("1500000"), "value_creation": money("600000")},
        },
    )
    company(
        roros,
        "910000012",
        "Beta AS",
        date(2014, 6, 1),
        {
            2014: {"revenue": money("500000")},
            2016: {"revenue": money("400000")},
            2017: {"revenue": money("9000000")},
        },
    )
    company(roros, "910000020", "Gamma AS", date(2015, 1, 1), {2016: {"revenue": money("800000")}})
    company(roros, "910000039", "Delta AS", date(2013, 1, 1), {2013: {"revenue": money("200000")}})
    company(roros, "910000047", "Epsilon AS", date(2016, 2, 1), {})
    company(
        roros,
        "910000055",
        "Zeta AS",
        date(2014, 1, 1),
        {2014: {"revenue": money("1")}, 2015: {"revenue": money("2")}},
        kind=Enrolment.Kind.MEMBER,
    )


def test_each_target_company_grows_from_its_baseline(cohorts, roros):
    growth = {row.name: row for row in annual_report(naeringshage=roros, year=2016).growth}

    assert list(growth) == ["Alfa AS", "Beta AS", "Delta AS", "Epsilon AS", "Gamma AS"]
    alfa = growth["Alfa AS"]
    assert (alfa.baseline_year, alfa.to_year, alfa.missing) == (2014, 2015, "")
    assert alfa.revenue.growth == Decimal("500000") and alfa.revenue.share == Decimal("0.5")
    # Value creation in 2014 is operating result plus wage costs.
    assert alfa.value_creation.base == Decimal("500000")
    assert alfa.value_creation.growth == Decimal("100000")
    assert alfa.value_creation.share == Decimal("0.2")
    beta = growth["Beta AS"]
    assert (beta.to_year, beta.revenue.growth, beta.revenue.share) == (
        2016,
        Decimal("-100000"),
        Decimal("-0.2"),
    )
    assert beta.value_creation.growth is None  # never recorded
    assert growth["Gamma AS"].missing == NO_BASELINE
    assert growth["Delta AS"].missing == NO_LATER
    assert growth["Epsilon AS"].missing == NOT_YET


def test_the_cohorts_sum_the_companies_with_both_figures(cohorts, roros):
    cohorts = annual_report(naeringshage=roros, year=2016).growth_cohorts

    assert [(c.baseline_year, c.companies, c.revenue_known) for c in cohorts] == [
        (2013, 1, 0),
        (2014, 2, 2),
        (2015, 1, 0),
        (2016, 1, 0),
    ]
    cohort = cohorts[1]
    assert (cohort.revenue.base, cohort.revenue.now) == (Decimal("1500000"), Decimal("1900000"))
    assert cohort.revenue.share == Decimal("0.2667")
    assert cohort.value_creation_known == 1
    assert cohort.value_creation.growth == Decimal("100000")


def test_the_period_reset_year_is_the_baseline_of_older_enrolments(roros):
    company(
        roros,
        "910000063",
        "Eta AS",
        date(2020, 5, 1),
        {
            2020: {"revenue": Decimal("100")},
            2023: {"revenue": Decimal("1000000")},
            2024: {"revenue": Decimal("1200000")},
        },
    )
    (eta,) = annual_report(naeringshage=roros, year=2024).growth
    assert (eta.baseline_year, eta.to_year) == (2023, 2024)
    assert eta.revenue.growth == Decimal("200000") and eta.revenue.share == Decimal("0.2")
    # In the period before the reset, avtalestart is the baseline.
    (eta,) = annual_report(naeringshage=roros, year=2021).growth
    assert (eta.baseline_year, eta.missing) == (2020, NO_LATER)


def test_the_report_shows_the_growth_and_lists_what_cannot_be_measured(
    client, cohorts, manager_of_roros
):
    client.force_login(manager_of_roros)
    page = text(client.get("/reports/annual/", {"year": 2016}))

    assert "Vekst i målbedriftene" in page
    # Orgnr, name, baseline, latest year, revenue then, now, growth, per cent; the same
    # for value creation.
    assert (
        "910 000 004 Alfa AS 2014 2015 1 000 000 kr 1 500 000 kr 500 000 kr 50 % "
        "500 000 kr 600 000 kr 100 000 kr 20 %"
    ) in page
    assert "910 000 012 Beta AS 2014 2016 500 000 kr 400 000 kr −100 000 kr −20 %" in page
    # What is known is shown beside the reason the growth is not measured.
    assert (
        "910 000 020 Gamma AS 2015 2016 – 800 000 kr – – – – – – Ingen tall for basisåret" in page
    )
    assert "Ingen tall for basisåret" in page
    assert "Ingen tall etter basisåret" in page
    assert "Basisåret er ikke omme" in page
    # Per cohort: companies, with revenue, with value creation, then the sums.
    assert "2014 2 2 1 1 500 000 kr 1 900 000 kr 400 000 kr 26,7 %" in page
    assert "Sum 5 2 1 1 500 000 kr 1 900 000 kr 400 000 kr 26,7 %" in page


def test_the_files_hold_the_growth(client, cohorts, manager_of_roros):
    client.force_login(manager_of_roros)
    response = client.get("/reports/annual/export.xlsx", {"year": 2016})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = list(book["Vekst"].iter_rows(values_only=True))
    assert sheet[0][:4] == ("Org.nr.", "Navn", "Basisår", "Siste år")
    alfa = sheet[1]
    assert alfa[:4] == ("910 000 004", "Alfa AS", "2014", "2015")
    assert [Decimal(str(value)) for value in alfa[4:12]] == [
        Decimal(value)
        for value in ("1000000", "1500000", "500000", "0.5", "500000", "600000", "100000", "0.2")
    ]
    assert sheet[3][1] == "Delta AS" and sheet[3][-1] == "Ingen tall etter basisåret"
    cohorts = list(book["Vekst per kull"].iter_rows(values_only=True))
    assert cohorts[-1][:4] == ("Sum", 5, 2, 1)

    response = client.get("/reports/annual/growth_cohorts.csv", {"year": 2016})
    content = b"".join(response.streaming_content).decode()
    lines = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert lines[2][:4] == ["2014", "2", "2", "1"]
    assert lines[2][6] == "400000,00"

    # The PDF sets the wide tables on a landscape page.
    response = client.get("/reports/annual/export.pdf", {"year": 2016})
    run_tasks()
    response = client.get(response["Location"] + "download/")
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    (page,) = [page for page in reader.pages if "Vekst i målbedriftene" in page.extract_text()]
    assert page.mediabox.width > page.mediabox.height
    words = " ".join(page.extract_text().replace(NBSP, " ").split())
    assert "910 000 004 Alfa AS 2014 2015 1 000 000 kr 1 500 000 kr 500 000 kr 50 %" in words
    assert "Vekst per kull" in words


def test_closing_freezes_the_growth(client, cohorts, roros, manager_of_roros):
    client.force_login(manager_of_roros)
    close_year(naeringshage=roros, year=2016, closed_by=manager_of_roros)
    # Figures typed after the closing do not change the closed year's report.
    gamma = Company.objects.get(name="Gamma AS")
    KeyFigures.objects.create(company=gamma, year=2015, revenue=Decimal("700000"))
    page = text(client.get("/reports/annual/", {"year": 2016}))
    assert "Gamma AS 2015 2016 – 800 000 kr – – – – – – Ingen tall for basisåret" in page
    # Reopened, the year measures Gamma from 2015 (700 000 → 800 000).
    client.post("/reports/years/2016/reopen/", {"reason": "Gamma's 2015 accounts came in"})
    page = text(client.get("/reports/annual/", {"year": 2016}))
    assert "Gamma AS 2015 2016 700 000 kr 800 000 kr 100 000 kr 14,3 %" in page


def test_the_growth_costs_the_same_queries_with_one_company_and_five(cohorts, roros):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            report = annual_report(naeringshage=roros, year=2016)
            assert report.growth_cohorts
        return len(context.captured_queries)

    five = queries()
    Company.objects.filter(name__in=["Alfa AS", "Beta AS", "Delta AS", "Gamma AS"]).delete()
    assert queries() == five == 3
