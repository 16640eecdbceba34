"""The page cache renews a page only when a topic it shows changes (programmes.page_cache).

For each kind of write a user makes, every cached page is fetched twice: as the cache
serves it after the write, and made afresh from an empty cache. The two must be the same
page (nothing stale), and the pages that show none of the write's topics must still be
served from the cache (nothing renewed for no reason).
"""

import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from funding.models import GrantAllocation, Placement, PricedService
from funding.services import placement_save, service_record, service_update, service_void
from municipalities.models import MunicipalityNumbering
from programmes import page_cache
from programmes.models import RegionMembership
from programmes.services.companies import (
    contact_person_create,
    enrolment_create,
    key_figures_create,
)
from programmes.services.events import event_create, participant_add
from tests.funding.conftest import draft_for, record_grant

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
COMPANIES, EVENTS, FUNDING, SERVICES = "companies", "events", "funding", "services"
ALL = None  # a write that every page shows (reference data, users, the region)

# The pages, and the topics each shows: the specification of what renews what.
PAGES = {
    "companies": ("/companies/", {COMPANIES}),
    "company": ("/companies/{company}/", {COMPANIES, EVENTS, FUNDING, SERVICES}),
    "events": ("/events/?year=2016", {EVENTS, COMPANIES}),
    "event": ("/events/{event}/", {EVENTS, COMPANIES}),
    "region": ("/region/?year=2016", set()),
    # A year's list too: its filter of advisers comes from every year's services.
    "services": ("/services/?year=2016", {SERVICES, COMPANIES, FUNDING}),
    "funding": ("/funding/?year=2016", {FUNDING, SERVICES}),
    "report 2016": ("/reports/annual/?year=2016", {COMPANIES, EVENTS, FUNDING, "services:2016"}),
    "report 2021": ("/reports/annual/?year=2021", {COMPANIES, EVENTS, FUNDING, "services:2021"}),
    "report this year": ("/reports/annual/", {COMPANIES, EVENTS, FUNDING, SERVICES}),
}


@pytest.fixture
def world(staff, manager, company, tynset_company, services, roros, roros_municipality):
    """Rørosregionen in 2016 and 2021: services (fixture `services`), an event with a
    participant from Fjellbakst, an enrolment and key figures."""
    event = event_create(
        naeringshage=roros,
        title="KompetanseForum våren 2016",
        kind="kompetanseforum",
        starts_at=datetime(2016, 4, 12, 18, 0, tzinfo=OSLO),
        municipality=roros_municipality,
        responsible=manager,
    )
    participant_add(event=event, name="Per Berg", company=company)
    enrolment_create(company=company, kind="target", start_date=date(2016, 1, 4))
    key_figures_create(company=company, year=2016, employees=4, revenue=Decimal("2100000"))
    frame, market = services
    return {"event": event, "frame": frame, "market": market}


def _write_service_2016(world, company, manager, advice, **_):
    service_record(
        draft=draft_for(
            company,
            manager,
            advice,
            date=date(2016, 11, 2),
            hours=Decimal("2"),
            own_share=Decimal("500"),
        ),
        recorded_by=manager,
    )


def _move_service_to_2021(world, tynset_company, roros_adviser, advice, **_):
    service = PricedService.objects.get(pk=world["frame"].pk)
    draft = draft_for(
        tynset_company, roros_adviser, advice, date=date(2021, 5, 5), grant=None, own_share=None
    )
    service_update(service=service, draft=draft)


def _void_service_2021(world, manager, **_):
    service = PricedService.objects.get(pk=world["market"].pk)
    service_void(service=service, reason="Ført to ganger", voided_by=manager)


def _rename_company(company, **_):
    company.name = "Fjellbakst og Kafé AS"
    company.save()


def _add_contact(company, **_):
    contact_person_create(company=company, name="Kari Haugen", role="daglig leder")


def _add_enrolment(tynset_company, **_):
    enrolment_create(company=tynset_company, kind="member", start_date=date(2016, 6, 1))


def _add_key_figures(company, **_):
    key_figures_create(company=company, year=2017, employees=6, revenue=Decimal("2600000"))


def _rename_event(world, **_):
    event = world["event"]
    event.title = "KompetanseForum: eksport"
    event.save()


def _add_participant(world, tynset_company, **_):
    participant_add(event=world["event"], name="Åse Moen", company=tynset_company)


def _record_grant(roros, siva, **_):
    record_grant(roros, siva, title="Reiseliv Fjellregionen")


def _change_allocation(roros, **_):
    allocation = GrantAllocation.objects.get(
        grant__naeringshage=roros, grant__kind="siva_frame", year=2016
    )
    allocation.amount += Decimal("100000")
    allocation.save()


def _change_placement(roros, model_2016, **_):
    placement_save(
        naeringshage=roros,
        year=2016,
        level=model_2016.levels.get(rank=2),
        decision_date=date(2016, 2, 1),
        placement=Placement.objects.get(naeringshage=roros, year=2016),
    )


def _rename_municipality(**_):
    numbering = MunicipalityNumbering.objects.filter(municipality__slug="roros").latest(
        "valid_from"
    )
    numbering.name = "Røros bergstad"
    numbering.save()


def _rename_adviser(roros_adviser, **_):
    roros_adviser.first_name = "Ragnhild"
    roros_adviser.save()


def _change_region(roros, **_):
    membership = RegionMembership.objects.filter(
        naeringshage=roros, role=RegionMembership.Role.SERVICES_ONLY
    ).first()
    membership.role = RegionMembership.Role.MEMBER
    membership.save()


WRITES = {
    "a service recorded in 2016": (_write_service_2016, {SERVICES, "services:2016"}),
    "a service moved from 2016 to 2021": (
        _move_service_to_2021,
        {SERVICES, "services:2016", "services:2021"},
    ),
    "a service of 2021 voided": (_void_service_2021, {SERVICES, "services:2021"}),
    "a company renamed": (_rename_company, {COMPANIES}),
    "a contact person added": (_add_contact, {COMPANIES}),
    "an enrolment added": (_add_enrolment, {COMPANIES}),
    "key figures added": (_add_key_figures, {COMPANIES}),
    "an event renamed": (_rename_event, {EVENTS}),
    "a participant added": (_add_participant, {EVENTS}),
    "a grant recorded": (_record_grant, {FUNDING}),
    "an allocation changed": (_change_allocation, {FUNDING}),
    "the placement changed": (_change_placement, {FUNDING}),
    "a municipality renamed": (_rename_municipality, ALL),
    "an adviser renamed": (_rename_adviser, ALL),
    "the region changed": (_change_region, ALL),
}


def _without_tokens(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def _fetch(client, paths: dict[str, str]) -> dict[str, tuple[str, int]]:
    """Each page (as the cache serves it, or made) and the queries it took."""
    fetched = {}
    for name, path in paths.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        fetched[name] = (_without_tokens(response.content.decode()), len(queries))
    return fetched


def test_a_write_renews_the_pages_of_its_topics_and_no_others(world, manager_client, request):
    ids = {"company": request.getfixturevalue("company").pk, "event": world["event"].pk}
    paths = {name: path.format(**ids) for name, (path, _topics) in PAGES.items()}
    fixtures = {
        name: request.getfixturevalue(name)
        for name in (
            "company",
            "tynset_company",
            "manager",
            "roros_adviser",
            "advice",
            "roros",
            "siva",
            "model_2016",
        )
    }
    before = _fetch(manager_client, paths)  # made and kept
    from_cache = {name: queries for name, (_page, queries) in _fetch(manager_client, paths).items()}

    for write_name, (write, topics) in WRITES.items():
        write(world=world, **fixtures)
        page_cache.flush()
        served = _fetch(manager_client, paths)
        caches[page_cache.CACHE_ALIAS].clear()
        fresh = _fetch(manager_client, paths)  # and kept, served as before, for the next write
        for name, (page, _queries) in served.items():
            assert page == fresh[name][0], f"{write_name}: the {name} page was stale"
        # A write no page shows would prove nothing.
        assert any(fresh[name][0] != before[name][0] for name in paths), write_name
        before = fresh
        kept = {name for name, (_page, queries) in served.items() if queries == from_cache[name]}
        expected = {
            name
            for name, (_path, shown) in PAGES.items()
            if topics is not ALL and not (shown & topics)
        }
        assert kept == expected, write_name
