"""The dashboard's figures (some of the report's tables and the key figures read from
them), checked against numbers worked out by hand (see scenario.py)."""

from datetime import date
from decimal import Decimal

import pytest

from core.charts import BAR_AREA, bar_chart
from funding.models import Grant, PricedService
from municipalities.models import Municipality
from programmes.models import Company
from reports.selectors import period_bounds
from reports.snapshots import period_tables
from reports.tables import DASHBOARD_KEYS, key_figures
from tests.reports.scenario import build, record

D = Decimal


@pytest.fixture
def scenario(roros, company, roros_adviser, advice):
    return build(roros=roros, company=company, adviser=roros_adviser, advice=advice)


class Figures:
    """The dashboard of a period as a test reads it: its tables by key, and its key
    figures by column key."""

    def __init__(self, naeringshage, year, half=None):
        self.period = period_tables(
            naeringshage=naeringshage, year=year, half=half, keys=DASHBOARD_KEYS
        )
        self.tables = {table.key: table for table in self.period.tables}
        self.key = {column.key: value for _, column, value in key_figures(self.period.tables)}
        self.municipalities = self.tables["municipalities"]

    def total(self, column):
        return self.municipalities.figure(column)


def dashboard(*, naeringshage, year, half=None):
    return Figures(naeringshage, year, half)


def rows_of(figures):
    table = figures.municipalities
    return [
        tuple(row[table.columns.index(table.column(key))] for key in COLUMNS) for row in table.rows
    ]


COLUMNS = ("number", "municipality", "county", "hours", "price", "own_share", "subsidy")


def test_the_year_shows_each_municipality_numbered_as_in_2016(scenario, roros):
    figures = dashboard(naeringshage=roros, year=2016)

    # Hedmark (04) before Sør-Trøndelag (16). The voided service counts nowhere.
    assert rows_of(figures) == [
        ("0437", "Tynset", "Hedmark", D("8"), D("12500"), D("6500"), D("6000")),
        ("1640", "Røros", "Sør-Trøndelag", D("14"), D("14000"), D("3500"), D("10500")),
    ]
    assert figures.total("services") == 4
    assert (figures.total("hours"), figures.total("price")) == (D("22"), D("26500"))
    assert (figures.total("own_share"), figures.total("subsidy")) == (D("10000"), D("16500"))
    assert figures.key["helped"] == 2
    assert figures.key["new_target_companies"] == 1
    assert (figures.key["events"], figures.key["participants"]) == (2, 4)


def test_the_frame_and_the_grants_are_the_years(scenario, roros):
    figures = dashboard(naeringshage=roros, year=2016)

    assert figures.key["granted"] == D("1500000")
    assert figures.key["used"] == D("16500")
    assert figures.key["left"] == D("1483500")
    grants = figures.tables["grants"]
    assert list(zip(grants.values("funder"), grants.values("allocated"), strict=True)) == [
        ("Siva – Selskapet for industrivekst SF", D("1500000"))
    ]


def test_the_totals_reconcile_with_each_other_and_the_frame(scenario, roros, frame_2016):
    figures = dashboard(naeringshage=roros, year=2016)

    for name in ("hours", "price", "own_share", "subsidy"):
        by_municipality = sum(figures.municipalities.values(name))
        assert by_municipality == figures.total(name), name
    on_frame = sum(
        PricedService.objects.counted().filter(grant=frame_2016).values_list("subsidy", flat=True)
    )
    assert figures.total("subsidy") == on_frame == figures.key["used"]
    # The market-price service draws nothing: its price is all own share.
    assert figures.total("price") == figures.total("own_share") + figures.total("subsidy")


def test_the_first_half_year_is_january_to_june(scenario, roros):
    figures = dashboard(naeringshage=roros, year=2016, half=1)

    assert (figures.period.start, figures.period.end) == (date(2016, 1, 1), date(2016, 6, 30))
    assert rows_of(figures) == [
        ("0437", "Tynset", "Hedmark", D("3"), D("8000"), D("2000"), D("6000")),
        ("1640", "Røros", "Sør-Trøndelag", D("10"), D("10000"), D("2500"), D("7500")),
    ]
    assert figures.total("subsidy") == D("13500")
    assert figures.key["new_target_companies"] == 1
    assert (figures.key["events"], figures.key["participants"]) == (1, 3)
    # The frame is granted for the year and used as drawn in the half.
    assert (figures.key["granted"], figures.key["used"]) == (D("1500000"), D("13500"))


def test_the_second_half_year_is_july_to_december(scenario, roros):
    figures = dashboard(naeringshage=roros, year=2016, half=2)

    assert (figures.period.start, figures.period.end) == (date(2016, 7, 1), date(2016, 12, 31))
    assert rows_of(figures) == [
        ("0437", "Tynset", "Hedmark", D("5"), D("4500"), D("4500"), D("0")),
        ("1640", "Røros", "Sør-Trøndelag", D("4"), D("4000"), D("1000"), D("3000")),
    ]
    assert figures.key["helped"] == 2
    assert figures.key["new_target_companies"] == 0
    # The event at 23:30 on New Year's Eve is in 2016 in Oslo (22:30 UTC).
    assert (figures.key["events"], figures.key["participants"]) == (1, 1)


def test_2024_numbers_tynset_3427_under_innlandet(roros, roros_adviser, advice):
    tynset = Company.objects.create(
        naeringshage=roros,
        organisation_number="923456783",
        name="Tynset Sag AS",
        municipality=Municipality.objects.get(slug="tynset"),
    )
    record(
        tynset,
        roros_adviser,
        advice,
        date=date(2024, 2, 1),
        hours=D("2"),
        hourly_rate=D("1200"),
        own_share=None,
        grant=None,
    )

    figures = dashboard(naeringshage=roros, year=2024)

    assert rows_of(figures) == [
        ("3427", "Tynset", "Innlandet", D("2"), D("2400"), D("2400"), D("0")),
    ]
    assert figures.key["granted"] == D("0")
    assert figures.key["used"] == D("0")


def test_another_naeringshage_sees_none_of_it(scenario, other_naeringshage):
    figures = dashboard(naeringshage=other_naeringshage, year=2016)

    assert figures.municipalities.rows == []
    assert figures.total("services") == 0
    assert figures.total("subsidy") == D("0")
    assert figures.tables["grants"].rows == []
    helped = (figures.key["helped"], figures.key["new_target_companies"], figures.key["events"])
    assert helped == (0, 0, 0)
    assert not Grant.objects.filter(naeringshage=other_naeringshage).exists()


def test_the_period_bounds():
    assert period_bounds(2016) == (date(2016, 1, 1), date(2016, 12, 31))
    assert period_bounds(2016, 1) == (date(2016, 1, 1), date(2016, 6, 30))
    assert period_bounds(2016, 2) == (date(2016, 7, 1), date(2016, 12, 31))


def test_the_longest_bar_is_the_largest_subsidy_and_the_others_in_proportion():
    chart = bar_chart([("Tynset", D("6000")), ("Røros", D("12000")), ("Os", D("0"))])

    assert [bar.width for bar in chart.bars] == [BAR_AREA // 2, BAR_AREA, 0]
    assert [bar.label for bar in chart.bars] == ["Tynset", "Røros", "Os"]
    assert chart.bars[1].y > chart.bars[0].y


def test_a_chart_of_nothing_but_zeros_draws_no_bars():
    chart = bar_chart([("Os", D("0"))])

    assert [bar.width for bar in chart.bars] == [0]
