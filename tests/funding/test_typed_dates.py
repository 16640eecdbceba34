"""Dates of services, placements and grants stay in 01.01.1990–31.12.2100: the forms
refuse others on the field, naming the range (a service dated 1899 or 9999 became
#VALUE! in the XLSX), the date pickers offer only the range, and the database refuses
them."""

import re
from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from funding.models import Funder, Grant, Placement, PricedService
from funding.services import service_record
from tests.funding.conftest import draft_for, record_grant
from tests.funding.test_service_pages import service_post
from tests.funding.test_views import grant_post

RANGE = "Datoen må være mellom 01.01.1990 og 31.12.2100."
OUTSIDE = ["0001-01-01", "1899-12-31", "9999-12-31", "31.12.1989", "2101-01-01"]


def text(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(html).replace("\u00a0", " ").split())


def refused_on_a_field(response) -> bool:
    return (
        response.status_code == 200
        and RANGE in text(response)
        and 'aria-invalid="true"' in response.content.decode()
    )


@pytest.fixture
def hedmark(reference_data) -> Funder:
    return Funder.objects.get(slug="hedmark-fylkeskommune")


# --- The forms --------------------------------------------------------------------------


@pytest.mark.parametrize("typed", OUTSIDE)
def test_a_service_at_market_price_dated_outside_the_range_is_refused(
    adviser_client, company, roros_adviser, advice, frame_2016, typed
):
    data = service_post(company, roros_adviser, advice, frame_2016, date=typed)
    data.update(grant="", own_share="")

    assert refused_on_a_field(adviser_client.post("/services/new/", data))
    assert not PricedService.objects.exists()


def test_the_service_refuses_a_date_outside_on_its_field(
    company, roros_adviser, advice, frame_2016
):
    draft = draft_for(
        company, roros_adviser, advice, date=date(9999, 12, 31), grant=None, own_share=None
    )

    with translation.override("nb"), pytest.raises(ValidationError) as refused:
        service_record(draft=draft, recorded_by=roros_adviser)

    assert RANGE in refused.value.message_dict["date"]
    assert not PricedService.objects.exists()


def test_a_placement_decided_in_year_one_is_refused(manager_client, staff, model_2016):
    Placement.objects.filter(year=2017).delete()

    response = manager_client.post(
        "/funding/placements/new/",
        {"year": "2017", "level": model_2016.levels.get(rank=2).pk, "decision_date": "0001-01-01"},
    )

    assert refused_on_a_field(response)
    assert not Placement.objects.filter(year=2017).exists()


@pytest.mark.parametrize(
    "dates",
    [
        {"granted_on": "0001-01-01"},
        {"received_on": "9999-12-31"},
        {"reporting_deadline": "1899-12-31"},
    ],
)
def test_a_grant_dated_outside_the_range_is_refused_on_the_field(
    manager_client, staff, hedmark, dates
):
    response = manager_client.post("/funding/grants/new/", grant_post(hedmark, **dates))

    assert refused_on_a_field(response)
    assert not Grant.objects.filter(funder=hedmark).exists()


@pytest.mark.parametrize(
    "url", ["/services/new/", "/funding/placements/new/?year=2018", "/funding/grants/new/"]
)
def test_every_date_picker_offers_only_the_range(manager_client, staff, url):
    page = manager_client.get(url).content.decode()
    pickers = re.findall(r'<input type="date"[^>]*>', page)

    assert pickers
    for picker in pickers:
        assert 'min="1990-01-01"' in picker and 'max="2100-12-31"' in picker, picker


# --- The database -----------------------------------------------------------------------


def refused_by_the_database(write) -> bool:
    try:
        with transaction.atomic():
            write()
    except IntegrityError:
        return True
    return False


def test_the_database_refuses_a_service_outside_the_range(
    company, roros_adviser, advice, frame_2016
):
    service = service_record(
        draft=draft_for(company, roros_adviser, advice), recorded_by=roros_adviser
    )
    services = PricedService.objects.filter(pk=service.pk)

    assert refused_by_the_database(lambda: services.update(date=date(1899, 12, 31)))
    assert refused_by_the_database(lambda: services.update(date=date(9999, 12, 31)))
    assert not refused_by_the_database(lambda: services.update(date=date(2016, 12, 31)))


def test_the_database_refuses_grant_and_placement_dates_outside_the_range(roros, hedmark):
    grant = record_grant(roros, hedmark, amount=Decimal("1000"))
    grants = Grant.objects.filter(pk=grant.pk)
    placements = Placement.objects.filter(naeringshage=roros, year=2016)
    fields = {"naeringshage": roros, "funder": hedmark, "kind": "other", "amount": 1}

    assert refused_by_the_database(
        lambda: Grant.objects.create(
            **fields, first_year=2016, last_year=2016, granted_on=date(1, 1, 1)
        )
    )
    assert refused_by_the_database(lambda: grants.update(received_on=date(2101, 1, 1)))
    assert refused_by_the_database(lambda: grants.update(reporting_deadline=date(1989, 12, 31)))
    assert refused_by_the_database(lambda: placements.update(decision_date=date(1, 1, 1)))
    assert not refused_by_the_database(lambda: grants.update(granted_on=None, received_on=None))
    assert not refused_by_the_database(lambda: placements.update(decision_date=None))
