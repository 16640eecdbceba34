"""The generated data set (`manage.py generate_data`): the same seed gives the same
rows, and the rows keep the rules the staff pages keep."""

from collections import defaultdict
from datetime import date
from decimal import Decimal
from io import StringIO
from itertools import pairwise

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import F, Sum
from django.test import Client
from stdnum.no import orgnr

from accounts import roles
from demo import generate
from funding.models import (
    GrantAllocation,
    OwnShareRule,
    PricedService,
    StateAidRule,
)
from programmes.models import Company, Enrolment, StaffMembership
from tests.conftest import rows_for_the_module


def _generate(seed: int, *extra: str) -> str:
    out = StringIO()
    call_command(
        "generate_data",
        "--scale=demo",
        f"--seed={seed}",
        "--i-know-this-is-test-data",
        *extra,
        stdout=out,
    )
    return out.getvalue()


@pytest.fixture(scope="module")
def _generated(django_db_setup, django_db_blocker):
    with rows_for_the_module(django_db_blocker):
        _generate(7)
        yield


@pytest.fixture
def generated(_generated, db):
    pass


def test_the_same_seed_gives_the_same_rows_and_another_seed_other_rows(generated):
    first = generate.checksums()
    _generate(7, "--replace")
    assert generate.checksums() == first
    _generate(8, "--replace")
    assert generate.checksums()["services"] != first["services"]


def test_it_refuses_to_generate_twice_without_replace(generated):
    with pytest.raises(CommandError, match="--replace"):
        _generate(7)


def test_it_refuses_a_database_without_debug_unless_told(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--i-know-this-is-test-data"):
        call_command("generate_data", "--scale=demo")


def test_the_demo_scale_has_its_size(generated):
    scale = generate.SCALES["demo"]
    assert generate.generated_naeringshager().count() == scale.naeringshager
    assert Company.objects.filter(naeringshage__slug__startswith="gen-").count() == scale.companies
    services = PricedService.objects.filter(naeringshage__slug__startswith="gen-")
    assert services.count() == scale.services
    years = set(services.dates("date", "year").values_list("date__year", flat=True))
    assert years == set(range(generate.FIRST_YEAR, generate.LAST_YEAR + 1))


def test_every_organisation_number_is_valid(generated):
    numbers = Company.objects.values_list("organisation_number", flat=True)
    assert numbers
    assert all(orgnr.is_valid(number) for number in numbers)
    assert len(set(numbers)) == len(numbers)


def test_every_price_is_the_own_share_plus_the_subsidy(generated):
    services = PricedService.objects.filter(naeringshage__slug__startswith="gen-")
    for price, own_share, subsidy, grant_id in services.values_list(
        "price", "own_share", "subsidy", "grant_id"
    ):
        assert price == own_share + subsidy
        assert grant_id is not None or subsidy == 0


def test_a_siva_frame_service_keeps_the_own_share_unless_an_exception_period_is_used(generated):
    frame_services = PricedService.objects.filter(
        naeringshage__slug__startswith="gen-", grant__kind="siva_frame"
    )
    assert frame_services.exists()
    exceptions = 0
    for service in frame_services.select_related("own_share_exception"):
        if service.own_share_exception is not None:
            exceptions += 1
            assert service.exception_reason
            assert service.own_share_exception.valid_from <= service.date
            continue
        rule = OwnShareRule.objects.valid_on(service.date).get(grant_kind="siva_frame")
        assert service.own_share >= (service.price * rule.minimum_share).quantize(Decimal("0.01"))
    assert exceptions > 0  # the COVID-19 period is used now and then


def test_no_grant_is_drawn_beyond_its_allocation_for_the_year(generated):
    drawn = (
        PricedService.objects.counted()
        .filter(naeringshage__slug__startswith="gen-", grant__isnull=False)
        .values("grant_id", "date__year")
        .annotate(total=Sum("subsidy"))
    )
    allocations = {
        (a.grant_id, a.year): a.amount
        for a in GrantAllocation.objects.filter(grant__naeringshage__slug__startswith="gen-")
    }
    assert drawn
    for row in drawn:
        assert row["total"] <= allocations[(row["grant_id"], row["date__year"])]


def test_subsidies_are_drawn_on_the_naeringshage_s_own_grants(generated):
    services = PricedService.objects.filter(
        naeringshage__slug__startswith="gen-", grant__isnull=False
    )
    assert not services.exclude(grant__naeringshage=F("naeringshage")).exists()
    assert not services.exclude(company__naeringshage=F("naeringshage")).exists()


def test_no_company_comes_near_the_state_aid_cap(generated):
    rule = StateAidRule.objects.get()
    per_company_year = defaultdict(Decimal)
    for company_id, day, eur in PricedService.objects.counted().values_list(
        "company_id", "date", "subsidy_eur"
    ):
        per_company_year[(company_id, day.year)] += eur
    assert per_company_year
    # Four calendar years hold every rolling three-year window that ends in the last.
    for company_id, year in per_company_year:
        window = sum(per_company_year.get((company_id, y), 0) for y in range(year - 3, year + 1))
        assert window <= rule.cap_eur / 2


def test_a_company_has_one_enrolment_at_a_time(generated):
    by_company = defaultdict(list)
    for company_id, start, end in Enrolment.objects.values_list(
        "company_id", "start_date", "end_date"
    ).order_by("company_id", "start_date"):
        by_company[company_id].append((start, end or date.max))
    for periods in by_company.values():
        for (_start, end), (next_start, _end) in pairwise(periods):
            assert end < next_start


def test_each_naeringshage_has_a_manager_and_an_adviser(generated):
    for naeringshage in generate.generated_naeringshager():
        staff = get_user_model().objects.filter(staff_membership__naeringshage=naeringshage)
        names = set(staff.values_list("groups__name", flat=True))
        assert {roles.MANAGER, roles.ADVISER} <= names


def _municipalities(naeringshage) -> set[str]:
    companies = Company.objects.filter(naeringshage=naeringshage).select_related("municipality")
    return {
        company.municipality.numbering_on(date(2024, 12, 31)).name
        for company in companies.prefetch_related("municipality__numberings")
    }


def _latest_service_company(naeringshage) -> set[str]:
    services = PricedService.objects.counted().filter(naeringshage=naeringshage, date__year=2024)
    return {services.order_by("-date", "-pk").values_list("company__name", flat=True)[0]}


def _first_company(naeringshage) -> set[str]:
    return {Company.objects.filter(naeringshage=naeringshage).order_by("name")[0].name}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/", lambda _nh: {"Siva"}),
        ("/dashboard/?year=2024", _municipalities),
        ("/companies/?q=AS", _first_company),
        ("/services/?year=2024", _latest_service_company),
        ("/reports/annual/?year=2024", _municipalities),
        ("/funding/?year=2024", lambda _nh: {"Siva"}),
    ],
)
def test_the_staff_pages_show_a_generated_manager_the_generated_data(generated, url, expected):
    manager = get_user_model().objects.get(username="leder-01")
    naeringshage = StaffMembership.objects.get(user=manager).naeringshage
    client = Client()
    client.force_login(manager)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert any(text in page for text in expected(naeringshage))


def test_a_generated_manager_can_log_in_with_the_documented_password(generated):
    manager = get_user_model().objects.get(username="leder-01")
    assert manager.check_password(generate.MANAGER_PASSWORD)
