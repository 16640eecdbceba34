"""The annual and half-year report: its figures for a scenario worked out by hand, the
reconciliation identities, the numbering of the year, access, bad input and speed."""

import re
from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from funding.models import PricedService
from programmes.models import StaffMembership
from reports.permissions import can_view_reports
from reports.selectors import annual_report
from tests.reports.scenario import record

NBSP = "\u00a0"
URL = "/reports/annual/"


def text(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(html).replace(NBSP, " ").split())


def amounts(row) -> tuple:
    return (row.hours, row.price, row.own_share, row.subsidy)


# --- The figures, worked out by hand ----------------------------------------------------


def test_the_year_2016_in_figures(scenario, roros):
    report = annual_report(naeringshage=roros, year=2016)

    # Totals: hours 10+4+3+5+2 = 24; price 10 000+4 000+8 000+4 500+2 000 = 28 500;
    # own share 2 500+1 000+2 000+4 500+500 = 10 500; subsidy 7 500+3 000+6 000+1 500.
    assert amounts(report.totals) == (24, 28500, 10500, 18000)
    assert report.totals.companies == 3

    members, services_only = report.municipality_groups
    assert members.role == "member"
    # Hedmark (04) before Sør-Trøndelag (16).
    assert [(r.number, r.name, r.county_name) for r in members.rows] == [
        ("0437", "Tynset", "Hedmark"),
        ("1640", "Røros", "Sør-Trøndelag"),
    ]
    assert amounts(members.rows[0]) == (8, 12500, 6500, 6000)
    assert amounts(members.rows[1]) == (14, 14000, 3500, 10500)
    assert services_only.role == "services_only"
    assert [(r.number, r.name) for r in services_only.rows] == [("1664", "Selbu")]
    assert amounts(services_only.rows[0]) == (2, 2000, 500, 1500)
    assert [r.companies for r in report.municipalities] == [1, 1, 1]

    assert [(t.name, *amounts(t)) for t in report.service_types] == [
        ("Rådgivning", 22, 26500, 10000, 16500),
        ("Kurs", 2, 2000, 500, 1500),
    ]
    assert [(line.key, *amounts(line)) for line in report.funding_lines] == [
        ("siva_frame", 17, 22000, 5500, 16500),
        ("regional_development", 2, 2000, 500, 1500),
        ("project", 0, 0, 0, 0),
        ("other", 0, 0, 0, 0),
        ("market", 5, 4500, 4500, 0),
    ]

    assert (report.frame.granted, report.frame.used, report.frame.left) == (
        1500000,
        16500,
        1483500,
    )
    assert report.placement.level.label == "Nivå 1"
    assert report.placement.level.tier_model.name == "Sivas nivåmodell 2016"
    assert report.placement.implied_amount == 1500000

    assert [(g.kind, g.allocated, g.used, g.left) for g in report.grants] == [
        ("siva_frame", 1500000, 16500, 1483500),
        ("regional_development", 400000, 1500, 398500),
    ]

    companies = report.companies
    assert companies.helped == 3
    assert companies.new_target_companies == 1  # Fjellbakst, 01.03.2016
    # Fjellbakst only: Tynset Sag's målbedrift contract of 2015 ended on 31.07.2016.
    assert companies.active_target_companies == 1
    assert (companies.women_yes, companies.women_no, companies.women_unknown) == (1, 1, 1)
    assert companies.women_share == Decimal("0.5")
    assert (companies.employees, companies.employees_known) == (42, 2)
    assert (companies.revenue, companies.revenue_known) == (5000000, 1)

    assert [
        (c.organisation_number_display, c.name, c.municipality_number, c.kind, c.start_date)
        for c in report.programme_companies
    ] == [
        ("912 345 688", "Fjellbakst AS", "1640", "target", date(2016, 3, 1)),
        ("934 567 897", "Selbu Strikk AS", "1664", "target", date(2014, 1, 1)),
        ("987 654 325", "Tynset Sag AS", "0437", "target", date(2015, 6, 1)),
        ("987 654 325", "Tynset Sag AS", "0437", "member", date(2016, 8, 1)),
    ]

    assert [(e.number, e.label, e.events, e.participants) for e in report.events] == [
        ("1640", "Røros", 2, 4)
    ]


def test_the_first_half_of_2016(scenario, roros):
    report = annual_report(naeringshage=roros, year=2016, half=1)

    # 10.03 (10 h, 10 000), 20.05 (3 h, 8 000) and 10.06 (2 h, 2 000).
    assert amounts(report.totals) == (15, 20000, 5000, 15000)
    assert report.totals.companies == 3
    assert report.frame.used == 13500  # 7 500 + 6 000
    assert report.frame.left == 1486500
    assert [(g.kind, g.used) for g in report.grants] == [
        ("siva_frame", 13500),
        ("regional_development", 1500),
    ]
    assert report.companies.new_target_companies == 1
    # Selbu Strikk's contract ended on 30.04; Fjellbakst's and Tynset Sag's run on 30.06.
    assert report.companies.active_target_companies == 2
    assert [(c.name, c.kind) for c in report.programme_companies] == [
        ("Fjellbakst AS", "target"),
        ("Selbu Strikk AS", "target"),
        ("Tynset Sag AS", "target"),
    ]
    assert [(e.events, e.participants) for e in report.events] == [(1, 3)]


def test_the_second_half_of_2016(scenario, roros):
    report = annual_report(naeringshage=roros, year=2016, half=2)

    # 15.09 (4 h, 4 000) and 01.10 (5 h, 4 500 at market price); 01.11 is voided.
    assert amounts(report.totals) == (9, 8500, 5500, 3000)
    assert report.companies.new_target_companies == 0
    assert [c.name for c in report.programme_companies] == [
        "Fjellbakst AS",
        "Tynset Sag AS",
        "Tynset Sag AS",
    ]
    assert [(e.events, e.participants) for e in report.events] == [(1, 1)]


@pytest.mark.parametrize("half", [None, 1, 2])
def test_the_totals_agree_across_groupings_and_the_frame_use_is_its_services(
    scenario, roros, frame_2016, half
):
    report = annual_report(naeringshage=roros, year=2016, half=half)

    grand = amounts(report.totals)
    for rows in (report.municipalities, report.service_types, report.funding_lines):
        assert tuple(sum(values) for values in zip(*map(amounts, rows), strict=True)) == grand
    drawn = PricedService.objects.counted().filter(grant=frame_2016)
    if half == 1:
        drawn = drawn.filter(date__month__lte=6)
    elif half == 2:
        drawn = drawn.filter(date__month__gte=7)
    assert report.frame.used == sum(service.subsidy for service in drawn)
    assert report.frame.granted - report.frame.used == report.frame.left


def test_2024_numbers_tynset_as_3427_under_innlandet(scenario, roros, roros_adviser, advice):
    record(
        scenario.tynsetsag,
        roros_adviser,
        advice,
        date=date(2024, 2, 1),
        hours=Decimal("2"),
        hourly_rate=Decimal("1200"),
        own_share=None,
        grant=None,
    )

    report = annual_report(naeringshage=roros, year=2024)

    row = report.municipalities[0]
    assert (row.number, row.name, row.county_name) == ("3427", "Tynset", "Innlandet")
    assert amounts(row) == (2, 2400, 2400, 0)
    assert report.funding_lines[-1].price == 2400
    numbers = {(c.name, c.municipality_number) for c in report.programme_companies}
    assert numbers == {("Fjellbakst AS", "5025"), ("Tynset Sag AS", "3427")}
    assert report.frame.grant is None
    assert report.placement is None


# --- The page -----------------------------------------------------------------------------


def test_the_page_shows_every_section(client, scenario, manager_of_roros):
    client.force_login(manager_of_roros)

    response = client.get(f"{URL}?year=2016")

    assert response.status_code == 200
    page = text(response)
    assert "Årsrapport 2016" in page
    # County, number, municipality, services, companies, hours, price, own share, subsidy.
    assert "Programmedlemmer Hedmark 0437 Tynset 2 1 8,00 12 500 kr 6 500 kr 6 000 kr" in page
    assert "Sør-Trøndelag 1640 Røros 2 1 14,00 14 000 kr 3 500 kr 10 500 kr" in page
    assert "Bare tjenester Sør-Trøndelag 1664 Selbu 1 1 2,00 2 000 kr 500 kr 1 500 kr" in page
    assert "Sum 5 3 24,00 28 500 kr 10 500 kr 18 000 kr" in page
    # Per county: Tynset alone; Røros and Selbu (a service-only municipality) together.
    assert "04 Hedmark 2 1 8,00 12 500 kr 6 500 kr 6 000 kr" in page
    assert "16 Sør-Trøndelag 3 2 16,00 16 000 kr 4 000 kr 12 000 kr" in page
    assert "Markedspris (uten tilskudd) 1 5,00 4 500 kr 4 500 kr 0 kr" in page
    assert "Nivå 1" in page and "Sivas nivåmodell 2016" in page
    assert "Regionale midler 400 000 kr 1 500 kr 398 500 kr" in page
    assert "50 %" in page
    assert "987 654 325 Tynset Sag AS 0437" in page
    assert "1640 Røros 2 4" in page
    for heading in ("Aktivitet per kommune", "Aktivitet per fylke", "Programbedrifter for Siva"):
        assert heading in page
    html = response.content.decode()
    assert html.count("<section") == 12 + 3  # and the status, the files, the commentary
    assert html.count("<caption") == 11  # no target is recorded: its section says so
    assert "Ingen mål er registrert for året." in page


def test_another_naeringshages_data_never_shows(client, scenario, manager_of_roros):
    client.force_login(manager_of_roros)

    page = text(client.get(f"{URL}?year=2016"))

    assert "Fremmed Bedrift" not in page
    assert "777" not in page


def test_the_half_year_page(client, scenario, manager_of_roros):
    client.force_login(manager_of_roros)

    page = text(client.get(f"{URL}?year=2016&half=1"))

    assert "Rapport 2016, halvår 1" in page
    assert "Sum 3 3 15,00 20 000 kr 5 000 kr 15 000 kr" in page


# --- Access --------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_the_login_page(client, db):
    assert client.get(URL)["Location"] == f"/accounts/login/?next={URL}"


def test_an_adviser_is_refused(adviser_client, staff):
    assert adviser_client.get(f"{URL}?year=2016").status_code == 403


def test_a_manager_without_a_naeringshage_is_refused(manager_client, reference_data):
    assert manager_client.get(f"{URL}?year=2016").status_code == 403


def test_a_manager_of_the_naeringshage_sees_it(manager_client, staff):
    assert manager_client.get(f"{URL}?year=2016").status_code == 200


def test_only_managers_of_a_naeringshage_may_view_reports(adviser, manager, roros):
    assert not can_view_reports(manager)
    StaffMembership.objects.create(user=manager, naeringshage=roros)
    StaffMembership.objects.create(user=adviser, naeringshage=roros)
    users = type(manager).objects.in_bulk([manager.pk, adviser.pk])  # fresh, uncached
    assert can_view_reports(users[manager.pk])
    assert not can_view_reports(users[adviser.pk])


def test_the_navigation_shows_reports_to_managers_only(adviser_client, manager_client, staff):
    assert f'href="{URL}"' in manager_client.get("/").content.decode()
    assert f'href="{URL}"' not in adviser_client.get("/").content.decode()


def test_post_is_not_allowed(manager_client, staff):
    assert manager_client.post(URL).status_code == 405


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=abc", "Året må skrives med fire sifre"),
        ("year=1200", "Året må være"),
        ("year=", "Skriv inn et år"),
        ("year=2016&half=3", "Velg hele året, halvår 1"),
        ("year=2016&half=første", "Velg hele året, halvår 1"),
    ],
)
def test_bad_input_is_refused_in_norwegian_with_400(manager_client, staff, query, message):
    response = manager_client.get(f"{URL}?{query}")

    assert response.status_code == 400
    assert message in text(response)


# --- Speed -------------------------------------------------------------------------------


def _services(roros, company, adviser, advice, count):
    for day in range(1, count + 1):
        record(
            company,
            adviser,
            advice,
            date=date(2016, 1 + day % 12, 1 + day % 28),
            hours=Decimal("1"),
            own_share=Decimal("250"),
        )


def _query_count(client) -> int:
    caches["pages"].clear()  # the page made, with the user's roles read, each time
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"{URL}?year=2016").status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_services(
    client, roros, company, roros_adviser, advice, manager_of_roros, django_assert_max_num_queries
):
    client.force_login(manager_of_roros)
    _services(roros, company, roros_adviser, advice, 5)
    few = _query_count(client)
    _services(roros, company, roros_adviser, advice, 45)
    many = _query_count(client)

    assert few == many
    with django_assert_max_num_queries(25):
        client.get(f"{URL}?year=2016")
