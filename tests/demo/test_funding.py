"""The demo data: realistic, within every rule, and the same however often it is made."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import F

from funding.models import Grant, PricedService
from funding.selectors import frame_use
from programmes.models import Company, Naeringshage
from tests.conftest import rows_for_the_module


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker):
    with rows_for_the_module(django_db_blocker):
        call_command("seed_demo", "--i-know-this-is-demo", verbosity=0)
        yield


@pytest.fixture
def demo(_seeded, reference_data):
    return Naeringshage.objects.get(slug="rorosregionen")


def test_the_demo_has_companies_grants_and_a_few_hundred_services(demo):
    assert Company.objects.for_naeringshage(demo).count() >= 50
    services = PricedService.objects.for_naeringshage(demo)
    assert 250 <= services.count() <= 300
    assert services.filter(voided_at__isnull=False).count() == 3
    assert {s.date.year for s in services} == {2016, 2017}
    # Every amount the reference data does not give is marked as demo data.
    assert all(
        "Demodata" in grant.note
        for grant in Grant.objects.for_naeringshage(demo).exclude(
            kind=Grant.Kind.SIVA_FRAME, first_year=2016
        )
    )


def test_demo_services_keep_the_rules(demo):
    services = PricedService.objects.for_naeringshage(demo).counted()

    on_frame = services.filter(grant__kind=Grant.Kind.SIVA_FRAME)
    assert on_frame.exists()
    assert not on_frame.filter(own_share__lt=F("price") * Decimal("0.25")).exists()
    assert not services.filter(grant__isnull=True, subsidy__gt=0).exists()
    for year in (2016, 2017):
        frame = frame_use(naeringshage=demo, year=year)
        assert 0 < frame.used <= frame.granted


def test_making_the_demo_again_changes_nothing(demo):
    before = (
        Company.objects.count(),
        PricedService.objects.count(),
        Grant.objects.count(),
        list(PricedService.objects.order_by("pk").values_list("subsidy", flat=True)),
    )

    call_command("seed_demo", "--i-know-this-is-demo", verbosity=0)

    assert before == (
        Company.objects.count(),
        PricedService.objects.count(),
        Grant.objects.count(),
        list(PricedService.objects.order_by("pk").values_list("subsidy", flat=True)),
    )
