"""A company's History page: who changed the company and its enrolments, when (Oslo
time), and each field from what to what; only for the user's own næringshage."""

from datetime import date, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.models import Company, Enrolment
from programmes.services import enrolment_update
from tests.programmes.factories import OSLO, enrol, make_company, municipality

NBSP = "\u00a0"


def text(response) -> str:
    return response.content.decode().replace(NBSP, " ")


def company_post(company: Company, **overrides) -> dict:
    data = {
        "organisation_number": company.organisation_number,
        "name": company.name,
        "municipality": company.municipality_id,
        "address": company.address,
        "nace_code": company.nace_code,
        "women_in_leadership": company.women_in_leadership,
    }
    data.update(overrides)
    return data


@pytest.fixture
def company(staff_of_rorosregionen) -> Company:
    with time_machine.travel(datetime(2026, 1, 5, 9, 15, tzinfo=OSLO)):
        return make_company(staff_of_rorosregionen, 1, name="Fjellbakst AS", place="roros")


def test_the_history_names_who_changed_what_when_from_what_to_what(
    adviser, adviser_client, company
):
    adviser.last_name = "Rådgiversen"
    adviser.save()
    with time_machine.travel(datetime(2026, 3, 2, 10, 42, tzinfo=OSLO), tick=False):
        response = adviser_client.post(
            f"/companies/{company.pk}/edit/",
            company_post(
                company,
                name="Fjellbakst og Co AS",
                municipality=municipality("tolga").pk,
                women_in_leadership="yes",
            ),
        )
    assert response.status_code == 302

    response = adviser_client.get(f"/companies/{company.pk}/history/")

    assert response.status_code == 200
    newest, created = response.context["entries"]
    assert newest.action == "changed"
    assert newest.who == "Radgiver Rådgiversen"
    assert [(c.label, c.old, c.new) for c in newest.changes] == [
        ("Navn", "Fjellbakst AS", "Fjellbakst og Co AS"),
        ("Kommune", "Røros", "Tolga"),
        ("Kvinner i ledende stillinger", "ukjent", "ja"),
    ]
    assert created.action == "created"
    assert created.who == "ingen bruker (en kommando eller en import)"
    page = text(response)
    assert "02.03.2026 10:42" in page  # Oslo time, not UTC
    assert "Av Radgiver Rådgiversen" in page
    assert page.index("Fjellbakst og Co AS") < page.index("05.01.2026")  # newest first


def test_the_company_page_links_to_its_history(adviser_client, company):
    page = text(adviser_client.get(f"/companies/{company.pk}/"))

    assert f'href="/companies/{company.pk}/history/"' in page


def test_enrolment_changes_are_on_the_companys_history(adviser_client, company):
    enrolment = enrol(company, date(2016, 3, 1))
    enrolment_update(
        enrolment=enrolment,
        kind=Enrolment.Kind.MEMBER,
        start_date=date(2016, 3, 1),
        end_date=date(2017, 12, 31),
        goals="",
        contract_reference="K-7",
    )

    entries = adviser_client.get(f"/companies/{company.pk}/history/").context["entries"]

    changed = entries[0]
    assert changed.subject == "Innmelding som medlemsbedrift, 01.03.2016–31.12.2017"
    assert [(c.label, c.old, c.new) for c in changed.changes] == [
        ("Type", "målbedrift", "medlemsbedrift"),
        ("Sluttdato", "–", "31.12.2017"),
        ("Avtalereferanse", "–", "K-7"),
    ]
    assert entries[1].action == "created" and entries[1].subject.startswith("Innmelding")


def test_a_deleted_enrolment_stays_in_the_history(adviser_client, company):
    enrol(company, date(2016, 3, 1)).delete()

    entries = adviser_client.get(f"/companies/{company.pk}/history/").context["entries"]

    assert entries[0].action == "deleted"
    assert "Slettet" in text(adviser_client.get(f"/companies/{company.pk}/history/"))


def test_another_naeringshages_company_history_is_not_found(
    adviser_client, staff_of_rorosregionen, other_naeringshage
):
    theirs = make_company(other_naeringshage, 2)

    assert adviser_client.get(f"/companies/{theirs.pk}/history/").status_code == 404


def test_the_history_is_for_staff_only(client, user_without_role, company):
    url = f"/companies/{company.pk}/history/"
    assert client.get(url).status_code == 302
    client.force_login(user_without_role)
    assert client.get(url).status_code == 403


def test_a_page_of_many_changes_takes_as_many_queries_as_one_of_few(adviser_client, company):
    url = f"/companies/{company.pk}/history/"

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert adviser_client.get(url).status_code == 200
        return len(captured)

    few = queries()
    places = ["tolga", "roros", "tynset", "os", "alvdal"]
    for number in range(30):
        company.name = f"Fjellbakst {number} AS"
        company.municipality = municipality(places[number % len(places)])
        company.save()
    enrol(company, date(2016, 3, 1))

    assert len(adviser_client.get(url).context["entries"]) == 32
    assert queries() <= few + 2  # the enrolment's source; never one per change


def test_the_admin_shows_a_companys_history(administrator_client, company):
    company.name = "Fjellbakst og Co AS"
    company.save()

    response = administrator_client.get(f"/admin/programmes/company/{company.pk}/history/")

    assert response.status_code == 200
    assert "Fjellbakst og Co AS" in text(response)
