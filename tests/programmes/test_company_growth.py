"""A company's page shows its key figures as a series (a chart beside the table) and its
growth since the baseline year, worked by hand.

Vekst AS, a target company from 01.05.2020, still enrolled: the programme period from
2023 resets avtalestart to 2023, so 2023 is its baseline.

| year | revenue   | operating result | wage costs | value creation       |
|------|-----------|------------------|------------|----------------------|
| 2020 | 100       |                  |            |                      |
| 2023 | 1 000 000 | 50 000           | 250 000    | 300 000 (their sum)  |
| 2024 | 1 250 000 |                  |            | 240 000 (as typed)   |

Growth 2023–2024: revenue +250 000 kr (25 %), value creation −60 000 kr (−20 %).
"""

import re
from datetime import date, datetime
from decimal import Decimal
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine

from programmes.services import key_figures_create
from tests.programmes.factories import enrol, make_company

NBSP = "\u00a0"
TODAY = datetime(2026, 12, 4, 10, 0, tzinfo=ZoneInfo("Europe/Oslo"))


def words(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(html).replace(NBSP, " ").split())


@pytest.fixture
def vekst(staff_of_rorosregionen):
    company = make_company(staff_of_rorosregionen, 7, name="Vekst AS")
    enrol(company, date(2020, 5, 1))
    key_figures_create(company=company, year=2020, revenue=Decimal("100"))
    key_figures_create(
        company=company,
        year=2023,
        revenue=Decimal("1000000"),
        operating_result=Decimal("50000"),
        wage_costs=Decimal("250000"),
    )
    key_figures_create(
        company=company, year=2024, revenue=Decimal("1250000"), value_creation=Decimal("240000")
    )
    return company


@time_machine.travel(TODAY, tick=False)
def test_the_page_shows_the_growth_since_the_baseline(adviser_client, vekst):
    page = words(adviser_client.get(f"/companies/{vekst.pk}/"))

    assert "Vekst siden basisåret" in page
    assert "Basisår 2023 (avtalestart 01.05.2020;" in page
    assert "Omsetning, 2023–2024 1 000 000 kr → 1 250 000 kr: +250 000 kr (25 %)" in page
    assert "Verdiskaping, 2023–2024 300 000 kr → 240 000 kr: −60 000 kr (−20 %)" in page


@time_machine.travel(TODAY, tick=False)
def test_the_chart_draws_the_series_and_says_it_in_words(adviser_client, vekst):
    html = adviser_client.get(f"/companies/{vekst.pk}/").content.decode().replace(NBSP, " ")

    assert (
        "2020: omsetning 100 kr, verdiskaping ikke kjent; "
        "2023: omsetning 1 000 000 kr, verdiskaping 300 000 kr; "
        "2024: omsetning 1 250 000 kr, verdiskaping 240 000 kr"
    ) in html
    # The longest bar is the largest figure (1 250 000): 360 wide; 1 000 000 is 288.
    bars = re.findall(r'<rect class="bar-chart__bar[^"]*" x="\d+" y="\d+" width="(\d+)"', html)
    assert bars == ["0", "0", "288", "86", "360", "69"]


@time_machine.travel(TODAY, tick=False)
def test_a_target_company_without_figures_says_why_it_is_not_measured(
    adviser_client, staff_of_rorosregionen
):
    company = make_company(staff_of_rorosregionen, 8, name="Ny AS")
    enrol(company, date(2024, 2, 1))
    page = words(adviser_client.get(f"/companies/{company.pk}/"))

    assert "Basisår 2024 (avtalestart 01.02.2024;" in page
    assert "Ikke målt: ingen tall for basisåret." in page
    assert "series-chart" not in page


def test_a_member_company_shows_no_growth(adviser_client, staff_of_rorosregionen):
    company = make_company(staff_of_rorosregionen, 9, name="Medlem AS")
    enrol(company, date(2024, 2, 1), kind="member")
    key_figures_create(company=company, year=2024, revenue=Decimal("5"))

    page = words(adviser_client.get(f"/companies/{company.pk}/"))
    assert "Vekst siden basisåret" not in page
