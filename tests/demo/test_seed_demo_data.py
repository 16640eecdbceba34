"""The demo data (`seed_demo`): every year from 2016 up to today, within every rule,
2016 up to the year before last closed, and the same however often it is made."""

import html
import re
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from core.money import format_nok
from funding.models import Grant, Placement, PricedService, YearClosing
from funding.selectors import frame_use
from funding.services import ServiceDraft, service_record
from programmes.models import Company, Event, KeyFigures, Naeringshage, ServiceType
from tests.conftest import model_tables, row_counts, rows_for_the_module

# "Today" for the module: the demo then reaches from 2016 through both county reforms
# (2018, 2020) and the COVID-19 exception, in five years instead of every year to now.
TODAY = datetime(2020, 6, 15, 12, 0, tzinfo=ZoneInfo("Europe/Oslo"))


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker):
    with time_machine.travel(TODAY, tick=True), rows_for_the_module(django_db_blocker):
        call_command("seed_demo", "--i-know-this-is-demo", verbosity=0)
        yield


@pytest.fixture
def demo(_seeded, reference_data):
    return Naeringshage.objects.get(slug="rorosregionen")


def this_year() -> int:
    return timezone.localdate().year


def years() -> range:
    return range(2016, this_year() + 1)


def text_of(response) -> str:
    """The page's text with every kind of space as a plain one."""
    page = html.unescape(response.content.decode())
    return page.replace("\xa0", " ").replace("\u202f", " ")


def test_the_demo_has_services_and_events_in_every_year_up_to_today(demo):
    assert Company.objects.for_naeringshage(demo).count() >= 50
    services = PricedService.objects.for_naeringshage(demo)
    per_year = {year: services.filter(date__year=year).count() for year in years()}
    assert all(count >= 25 for year, count in per_year.items() if year < this_year())
    assert per_year[this_year()] >= 1
    assert not services.filter(date__gt=timezone.localdate()).exists()
    assert services.filter(voided_at__isnull=False).count() == len(years())
    events = Event.objects.for_naeringshage(demo)
    assert {event.starts_at.year for event in events} == set(years())
    assert not events.filter(starts_at__gt=timezone.now()).exists()
    assert {figures.year for figures in KeyFigures.objects.all()} == set(years())


def test_every_year_has_a_placement_and_its_siva_frame(demo):
    for year in years():
        placement = Placement.objects.for_naeringshage(demo).get(year=year)
        assert placement.level.tier_model.covers(year)
        frame = frame_use(naeringshage=demo, year=year)
        assert frame.granted == placement.level.yearly_amount
        assert 0 < frame.used <= frame.granted


def test_the_regional_funds_follow_the_county_reforms(demo):
    def funders(year):
        grants = Grant.objects.for_naeringshage(demo).filter(
            kind=Grant.Kind.REGIONAL_DEVELOPMENT, first_year=year
        )
        return set(grants.values_list("funder__slug", flat=True))

    assert (
        funders(2016) == funders(2017) == {"hedmark-fylkeskommune", "sor-trondelag-fylkeskommune"}
    )
    assert funders(2018) == funders(2019) == {"hedmark-fylkeskommune", "trondelag-fylkeskommune"}
    for year in range(2020, this_year() + 1):
        assert funders(year) == {"innlandet-fylkeskommune", "trondelag-fylkeskommune"}


def test_a_regional_fund_pays_for_companies_of_its_own_county_in_the_year(demo):
    services = (
        PricedService.objects.for_naeringshage(demo)
        .filter(grant__kind=Grant.Kind.REGIONAL_DEVELOPMENT)
        .select_related("grant__funder")
        .prefetch_related("company__municipality__numberings")
    )
    assert services.exists()
    for service in services:
        numbering = service.company.municipality.numbering_on(service.date)
        assert numbering.county_id == service.grant.funder.county_id


def test_demo_services_keep_the_rules(demo):
    services = PricedService.objects.for_naeringshage(demo).counted()
    on_frame = services.filter(grant__kind=Grant.Kind.SIVA_FRAME)
    assert on_frame.exists()
    # 25 % own share on the frame, except under the COVID-19 exception, with a reason.
    below = on_frame.filter(own_share__lt=F("price") * Decimal("0.25"))
    assert below.exists()
    assert not below.filter(own_share_exception__isnull=True).exists()
    assert not below.filter(exception_reason="").exists()
    assert {s.date.year for s in below} <= {2020, 2021}
    assert not services.filter(grant__isnull=True, subsidy__gt=0).exists()
    assert not services.exclude(price=F("own_share") + F("subsidy")).exists()


def test_every_amount_the_reference_data_does_not_give_is_marked_as_demo_data(demo):
    grants = Grant.objects.for_naeringshage(demo).exclude(
        kind=Grant.Kind.SIVA_FRAME, first_year=2016
    )
    assert grants.exists()
    assert all("Demodata" in grant.note for grant in grants)
    placements = Placement.objects.for_naeringshage(demo).filter(year__gte=2018)
    assert all("Demodata" in placement.rationale for placement in placements)


def test_the_years_up_to_the_year_before_last_are_closed_and_the_last_two_open(demo):
    closings = YearClosing.objects.for_naeringshage(demo)
    assert sorted(closings.standing().values_list("year", flat=True)) == list(
        range(2016, this_year() - 1)
    )
    assert closings.count() == len(years()) - 2
    assert set(closings.values_list("closed_by__username", flat=True)) == {"leder"}


def test_this_year_s_dashboard_shows_the_adviser_this_year_s_figures(demo, client):
    adviser = get_user_model().objects.get(username="radgiver")
    client.force_login(adviser)

    response = client.get("/dashboard/")

    assert response.status_code == 200
    page = text_of(response)
    frame = frame_use(naeringshage=demo, year=this_year())
    assert frame.used > 0
    assert format_nok(frame.granted).replace("\xa0", " ") in page
    assert format_nok(frame.used).replace("\xa0", " ") in page
    latest = PricedService.objects.filter(adviser=adviser).order_by("-date", "-pk").first()
    assert latest.date.year == this_year()
    assert latest.company.name in page


def test_a_closed_year_s_report_numbers_the_municipalities_as_then(demo, client):
    client.force_login(get_user_model().objects.get(username="leder"))

    closed = text_of(client.get("/reports/annual/?year=2017"))
    open_year = text_of(client.get(f"/reports/annual/?year={this_year()}"))

    def numbers(page):
        return set(re.findall(r"\b\d{4}\b", page))

    assert "1640" in numbers(closed)  # Røros in Sør-Trøndelag
    assert "5025" not in numbers(closed)
    assert "5025" in numbers(open_year)  # Røros in Trøndelag
    assert "1640" not in numbers(open_year)


def test_a_service_dated_today_is_subsidised_from_this_year_s_frame(demo):
    adviser = get_user_model().objects.get(username="radgiver")
    frame = frame_use(naeringshage=demo, year=this_year()).grant

    service = service_record(
        draft=ServiceDraft(
            naeringshage=demo,
            company=Company.objects.for_naeringshage(demo).order_by("pk").first(),
            adviser=adviser,
            service_type=ServiceType.objects.get(slug="radgivning"),
            date=timezone.localdate(),
            hours=Decimal("4"),
            hourly_rate=Decimal("1000"),
            own_share=Decimal("1000"),
            grant=frame,
        ),
        recorded_by=adviser,
    )

    assert service.subsidy == Decimal("3000.00")


def _everything() -> tuple:
    return (
        row_counts(model_tables()),
        list(PricedService.objects.order_by("pk").values_list("subsidy", "voided_at")),
        list(YearClosing.objects.order_by("pk").values_list("year", "closed_at")),
        list(get_user_model().objects.order_by("pk").values()),
    )


def test_making_the_demo_again_changes_nothing(demo):
    before = _everything()

    call_command("seed_demo", "--i-know-this-is-demo", verbosity=0)

    assert _everything() == before


def test_made_again_in_a_new_year_it_adds_that_year_and_closes_the_year_before_last(demo):
    next_year = this_year() + 1
    services = PricedService.objects.for_naeringshage(demo)
    spring = datetime(next_year, 3, 2, 10, 0, tzinfo=timezone.get_current_timezone())

    with time_machine.travel(spring, tick=False):
        call_command("seed_demo", "--i-know-this-is-demo", verbosity=0)

    assert services.filter(date__year=next_year).exists()
    assert not services.filter(date__gt=spring.date()).exists()
    assert frame_use(naeringshage=demo, year=next_year).used > 0
    assert (
        YearClosing.objects.for_naeringshage(demo).standing().filter(year=this_year() - 1).exists()
    )
    assert not YearClosing.objects.filter(year__gte=this_year()).exists()
