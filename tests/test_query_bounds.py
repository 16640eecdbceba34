"""Every list and report page costs the same number of queries with 10 and with 1 000
services: the count does not grow with the rows."""

import uuid
from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from funding.models import PricedService
from funding.services import service_record
from programmes import page_cache
from programmes.models import Naeringshage, ServiceType
from programmes.services import staff_membership_set
from tests.funding.conftest import draft_for
from tests.programmes.factories import make_company, make_event

PAGES = [
    "/?year=2016",
    "/dashboard/?year=2016&half=2",
    "/services/",
    "/services/?year=2016&month=2",  # 7 February has one of the first ten
    "/services/?page=2",
    "/services/?sort=company&page=2",
    "/services/?sort=-subsidy",
    "/companies/",
    "/companies/?q=Bedrift",
    "/companies/?q=Bedrfit&sort=-start",
    "/events/?year=2016",
    "/events/?year=2016&sort=-participants",
    "/funding/",
    "/funding/?sort=-amount",
    "/region/",
    "/reports/annual/?year=2016",
    "/reports/annual/?year=2016&half=1",
    "/people/?q=Kari",
    "/search/?q=Bedrift",
    "/search/?q=Bedrfit",
    "/companies/lookup/?q=Bedrfit",
]
EXPORTS = ["/services/export.csv", "/reports/annual/municipalities.csv?year=2016"]


@pytest.fixture
def roros(reference_data, adviser, manager):
    roros = Naeringshage.objects.get(slug="rorosregionen")
    for user in (adviser, manager):
        staff_membership_set(user=user, naeringshage=roros)
    return roros


def grow_to(total: int, roros, adviser) -> None:
    """Services (and companies) copied from one recorded through the rules, up to
    `total` services on days through 2016."""
    existing = PricedService.objects.count()
    if existing == 0:
        company = make_company(roros, 1)
        make_event(roros, adviser)
        service_record(
            draft=draft_for(company, adviser, ServiceType.objects.get(slug="radgivning")),
            recorded_by=adviser,
        )
        existing = 1
    template = PricedService.objects.first()
    companies = [make_company(roros, serial) for serial in range(existing + 1, existing + 4)]
    copies = []
    for number in range(existing, total):
        copy = PricedService.objects.get(pk=template.pk)
        copy.pk = None
        copy.submission_id = uuid.uuid4()
        copy.company = companies[number % len(companies)]
        copy.date = date(2016, 1, 1) + timedelta(days=(number * 37) % 360)  # every month
        copies.append(copy)
    PricedService.objects.bulk_create(copies)
    page_cache.mark_changed([roros.pk])  # bulk_create sends no signal


def counts(client: Client, paths: list[str]) -> dict[str, int]:
    result = {}
    for path in paths:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
            assert response.status_code == 200, path
            if response.streaming:
                b"".join(response.streaming_content)
        result[path] = len(captured)
    return result


def test_query_counts_do_not_grow_from_10_to_1000_services(roros, adviser, manager):
    client = Client()
    client.force_login(manager)
    client.get("/services/new/")  # the session's first write after login, counted nowhere
    # The clock stands still: growing to 1 000 rows takes long enough that the session's
    # once-a-minute refresh (accounts/sessions.py) would add its write to one count.
    with time_machine.travel(timezone.now(), tick=False):
        _counts_stay_the_same(client, roros, adviser)


def _counts_stay_the_same(client, roros, adviser):
    grow_to(10, roros, adviser)
    assert PricedService.objects.count() == 10
    # A service's own page, and its company's, whose services grow with the rest.
    first = PricedService.objects.order_by("pk").first()
    details = [f"/services/{first.pk}/", f"/companies/{first.company_id}/"]
    small = counts(client, PAGES + details + EXPORTS)
    grow_to(1000, roros, adviser)
    assert PricedService.objects.count() == 1000
    assert counts(client, PAGES + details + EXPORTS) == small
