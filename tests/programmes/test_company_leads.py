"""Leads: the companies newly registered in Enhetsregisteret in the næringshage's region,
from the register's search on the stand-in server (tests/registry_server.py), offered as
a list to pick from; the picked ones registered in one go with the register's answer."""

import re
from datetime import date
from html import unescape

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.models import Company
from programmes.registry import search_new_units
from tests.programmes.factories import make_company

NBSP = "\u00a0"
URL = "/companies/leads/"
NOVEMBER = {"registered_from": "2026-11-01", "registered_to": "2026-11-30"}

BREKKEN, TOLGA, MOEN, TYNSET, HYTTESERVICE = (
    "931200453", "931201220", "931202138", "931203045", "931204866"
)  # fmt: skip
OS_KAFE, OSLO = "931203959", "931205773"


def text(response) -> str:
    return unescape(response.content.decode()).replace(NBSP, " ")


def picks(response) -> dict[str, str]:
    """The page's checkboxes: organisation number → signed answer."""
    html = response.content.decode()
    return {
        number: unescape(value)
        for value, number in re.findall(
            r'<input class="ds-input" type="checkbox" name="lead" value="([^"]+)" '
            r'id="lead-(\d{9})">',
            html,
        )
    }


@pytest.fixture
def leads_page(staff_of_rorosregionen, adviser_client, registry):
    def page(**query):
        return adviser_client.get(URL, query)

    return page


def test_the_register_is_searched_by_the_regions_municipalities_and_dates(registry):
    found = search_new_units(["5025", "3426"], date(2026, 11, 1), date(2026, 11, 30), size=2)
    assert [unit.organisation_number for unit in found.units] == [HYTTESERVICE, BREKKEN]
    assert (found.total, found.pages) == (3, 2)
    asked = registry.requests[-1]
    assert "kommunenummer=5025%2C3426" in asked
    assert "fraRegistreringsdatoEnhetsregisteret=2026-11-01" in asked


def test_the_page_lists_the_new_units_in_the_region_newest_first(leads_page, registry):
    page = leads_page(**NOVEMBER)
    assert page.status_code == 200
    shown = text(page)
    assert "5 enheter registrert" in shown
    names = re.findall(r'<th scope="row">([^<]+)</th>', unescape(page.content.decode()))
    assert names == [
        "HYTTESERVICE RØROS AS", "BREKKEN FJELLGARD AS", "TOLGA ELEKTRO AS",
        "KARI MOEN REGNSKAP", "NORDRE TYNSET SNØBRØYTING DA",
    ]  # fmt: skip
    assert "OSLO RÅDGIVNING AS" not in shown  # outside the region
    assert "OS KAFÉ OG BAKERI AS" not in shown  # registered in October
    assert "931 200 453" in shown and "24.11.2026" in shown
    assert 'data-label="Kommune">Tolga</td>' in page.content.decode()
    assert "43.210 Elektrisk installasjonsarbeid" in shown
    # The region's every municipality today (the services-only ones too) is asked for.
    asked = registry.requests[-1]
    for number in ("5025", "5026", "3430", "3426", "3427", "3428", "3429", "3424"):
        assert number in asked


def test_the_picked_units_are_registered_in_one_go_with_the_registers_answer(
    leads_page, adviser_client, staff_of_rorosregionen, registry
):
    page = leads_page(**NOVEMBER)
    chosen = picks(page)
    asked = len(registry.requests)
    answer = adviser_client.post(
        f"{URL}?registered_from=2026-11-01&registered_to=2026-11-30",
        {"lead": [chosen[BREKKEN], chosen[MOEN]]},
        follow=True,
    )
    assert len(registry.requests) == asked + 1  # the page shown again: the save asked nothing
    assert "Registrert: BREKKEN FJELLGARD AS, KARI MOEN REGNSKAP." in text(answer)
    brekken = Company.objects.get(organisation_number=BREKKEN)
    assert (brekken.naeringshage, brekken.name, brekken.organisation_form) == (
        staff_of_rorosregionen, "BREKKEN FJELLGARD AS", "AS"
    )  # fmt: skip
    assert brekken.municipality.slug == "roros"
    assert (brekken.registered_on, brekken.founded_on) == (date(2026, 11, 24), date(2026, 11, 12))
    assert brekken.address == "Brekkenvegen 210, 7370 BREKKEN"
    assert brekken.registry_status == Company.RegistryStatus.ACTIVE
    assert brekken.registry_checked_at is not None
    # Registered ones are now shown as such, with a link instead of a checkbox.
    again = picks(answer)
    assert BREKKEN not in again and MOEN not in again and TOLGA in again
    assert f"/companies/{brekken.pk}/" in answer.content.decode()


def test_an_altered_answer_registers_nothing(leads_page, adviser_client):
    chosen = picks(leads_page(**NOVEMBER))
    data = signing.loads(chosen[TOLGA], salt="programmes.registry-answer")
    data["unit"]["name"] = "NOE ANNET AS"
    forged = signing.dumps(data, salt="wrong")
    answer = adviser_client.post(URL, {"lead": [chosen[BREKKEN], forged]}, follow=True)
    assert "Listen er for gammel eller endret." in text(answer)
    assert not Company.objects.exists()


def test_one_registered_meanwhile_is_left_out_and_said_why(
    leads_page, adviser_client, staff_of_rorosregionen
):
    chosen = picks(leads_page(**NOVEMBER))
    existing = make_company(staff_of_rorosregionen, 1, name="Tolga Elektro")
    Company.objects.filter(pk=existing.pk).update(organisation_number=TOLGA)
    answer = adviser_client.post(URL, {"lead": [chosen[TOLGA], chosen[TYNSET]]}, follow=True)
    shown = text(answer)
    assert "Registrert: NORDRE TYNSET SNØBRØYTING DA." in shown
    assert "TOLGA ELEKTRO AS (931 201 220) ble ikke registrert:" in shown
    assert Company.objects.filter(organisation_number=TOLGA).count() == 1


def test_nothing_picked_is_said(leads_page, adviser_client):
    answer = adviser_client.post(URL, {}, follow=True)
    assert "Velg minst én bedrift å registrere." in text(answer)


def test_the_last_30_days_are_searched_when_no_day_is_given(leads_page, registry, settings):
    page = leads_page()
    assert page.status_code == 200
    assert "tilRegistreringsdatoEnhetsregisteret=" in registry.requests[-1]


def test_days_out_of_order_or_range_are_refused_in_norwegian(leads_page, registry):
    backwards = leads_page(registered_from="2026-11-30", registered_to="2026-11-01")
    assert backwards.status_code == 400
    assert "Siste dag må være samme dag som eller etter første dag." in text(backwards)
    odd = leads_page(registered_from="31.02.2026")
    assert odd.status_code == 400
    assert registry.requests == []  # the register is not asked about a refused search


def test_a_register_that_cannot_answer_is_said_plainly(leads_page, registry):
    registry.failing_municipality = "5025"
    page = leads_page(**NOVEMBER)
    assert page.status_code == 200
    assert "Enhetsregisteret svarte med en feil (503). Prøv igjen senere." in text(page)


def test_the_page_costs_the_same_queries_however_many_units(leads_page, staff_of_rorosregionen):
    def queries(**query) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert leads_page(**query).status_code == 200
        return len(captured)

    one = queries(registered_from="2026-11-26", registered_to="2026-11-26")
    five = queries(**NOVEMBER)
    assert one == five <= 12


def test_only_staff_who_manage_companies_reach_it(client, staff_of_rorosregionen):
    assert client.get(URL).status_code == 302  # to the login
