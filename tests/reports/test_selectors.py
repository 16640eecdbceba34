"""The dashboard's figures, checked against numbers worked out by hand (see scenario.py)."""

from datetime import date
from decimal import Decimal

import pytest

from funding.models import Grant, PricedService
from municipalities.models import Municipality
from programmes.models import Company
from reports.charts import BAR_AREA, bar_chart
from reports.selectors import dashboard, period_bounds
from tests.reports.scenario import build, record

D = Decimal


@pytest.fixture
def scenario(roros, company, roros_adviser, advice):
    return build(roros=roros, company=company, adviser=roros_adviser, advice=advice)


def rows_of(figures):
    return [
        (row.number, row.name, row.county_name, row.hours, row.price, row.own_share, row.subsidy)
        for row in figures.municipalities
    ]


def test_the_year_shows_each_municipality_numbered_as_in_2016(scenario, roros):
    figures = dashboard(naeringshage=roros, year=2016)

    # Hedmark (04) before Sør-Trøndelag (16). The voided service counts nowhere.
    assert rows_of(figures) == [
        ("0437", "Tynset", "Hedmark", D("8"), D("12500"), D("6500"), D("6000")),
        ("1640", "Røros", "Sør-Trøndelag", D("14"), D("14000"), D("3500"), D("10500")),
    ]
    assert figures.totals.services == 4
    assert (figures.totals.hours, figures.totals.price) == (D("22"), D("26500"))
    assert (figures.totals.own_share, figures.totals.subsidy) == (D("10000"), D("16500"))
    assert figures.companies_helped == 2
    assert figures.new_target_companies == 1
    assert (figures.events, figures.participants) == (2, 4)


def test_the_frame_and_the_grants_are_the_years(scenario, roros):
    figures = dashboard(naeringshage=roros, year=2016)

    assert figures.frame.granted == D("1500000")
    assert figures.frame.used == D("16500")
    assert figures.frame.left == D("1483500")
    assert [(row["grant__funder__name"], row["total"]) for row in figures.grants] == [
        ("Siva – Selskapet for industrivekst SF", D("1500000"))
    ]


def test_the_totals_reconcile_with_each_other_and_the_frame(scenario, roros, frame_2016):
    figures = dashboard(naeringshage=roros, year=2016)

    for name in ("hours", "price", "own_share", "subsidy"):
        by_municipality = sum(getattr(row, name) for row in figures.municipalities)
        assert by_municipality == getattr(figures.totals, name), name
    on_frame = sum(
        PricedService.objects.counted().filter(grant=frame_2016).values_list("subsidy", flat=True)
    )
    assert figures.totals.subsidy == on_frame == figures.frame.used
    # The market-price service draws nothing: its price is all own share.
    assert figures.totals.price == figures.totals.own_share + figures.totals.subsidy


def test_the_first_half_year_is_january_to_june(scenario, roros):
    figures = dashboard(naeringshage=roros, year=2016, half=1)

    assert (figures.start, figures.end) == (date(2016, 1, 1), date(2016, 6, 30))
    assert rows_of(figures) == [
        ("0437", "Tynset", "Hedmark", D("3"), D("8000"), D("2000"), D("6000")),
        ("1640", "Røros", "Sør-Trøndelag", D("10"), D("10000"), D("2500"), D("7500")),
    ]
    assert figures.totals.subsidy == D("13500")
    assert figures.new_target_companies == 1
    assert (figures.events, figures.participants) == (1, 3)
    # The frame is the year's, whatever the half.
    assert figures.frame.used == D("16500")


def test_the_second_half_year_is_july_to_december(scenario, roros):
    figures = dashboard(naeringshage=roros, year=2016, half=2)

    assert (figures.start, figures.end) == (date(2016, 7, 1), date(2016, 12, 31))
    assert rows_of(figures) == [
        ("0437", "Tynset", "Hedmark", D("5"), D("4500"), D("4500"), D("0")),
        ("1640", "Røros", "Sør-Trøndelag", D("4"), D("4000"), D("1000"), D("3000")),
    ]
    assert figures.companies_helped == 2
    assert figures.new_target_companies == 0
    # The event at 23:30 on New Year's Eve is in 2016 in Oslo (22:30 UTC).
    assert (figures.events, figures.participants) == (1, 1)


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
    assert figures.frame.grant is None
    assert figures.frame.used == D("0")


def test_another_naeringshage_sees_none_of_it(scenario, other_naeringshage):
    figures = dashboard(naeringshage=other_naeringshage, year=2016)

    assert figures.municipalities == []
    assert figures.totals.services == 0
    assert figures.totals.subsidy == D("0")
    assert (figures.companies_helped, figures.new_target_companies, figures.events) == (0, 0, 0)
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
