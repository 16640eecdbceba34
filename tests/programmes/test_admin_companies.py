"""The admin of companies, enrolments, contact persons, key figures, events,
participants and service types."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.models import Company, Enrolment, Participant
from programmes.services import (
    contact_person_create,
    key_figures_create,
    participant_add,
    staff_membership_set,
)
from tests.municipalities.test_admin import inline_post_data
from tests.programmes.factories import enrol, make_company, make_event


@pytest.fixture
def company(rorosregionen):
    company = make_company(rorosregionen, 1, name="Fjellbakst AS")
    contact_person_create(company=company, name="Kari Haugen", email="kari@x.example")
    key_figures_create(company=company, year=2016, revenue=Decimal("1000000"))
    enrol(company, date(2016, 1, 1), date(2016, 12, 31))
    return company


@pytest.fixture
def event(rorosregionen, company, administrator):
    staff_membership_set(user=administrator, naeringshage=rorosregionen)
    event = make_event(rorosregionen, administrator)
    participant_add(event=event, name="Kari Haugen", company=company)
    return event


@pytest.mark.parametrize(
    "url",
    [
        "/admin/programmes/company/",
        "/admin/programmes/company/add/",
        "/admin/programmes/company/?q=fjell",
        "/admin/programmes/company/?enrolments__kind=target",
        "/admin/programmes/enrolment/",
        "/admin/programmes/enrolment/?kind__exact=target",
        "/admin/programmes/contactperson/?q=kari",
        "/admin/programmes/keyfigures/?year=2016",
        "/admin/programmes/event/",
        "/admin/programmes/event/add/",
        "/admin/programmes/participant/?q=haugen",
        "/admin/programmes/servicetype/",
    ],
)
def test_the_admin_pages_open(administrator_client, company, event, url):
    assert administrator_client.get(url).status_code == 200


def test_the_company_page_shows_enrolments_contacts_and_figures_inline(
    administrator_client, company
):
    response = administrator_client.get(f"/admin/programmes/company/{company.pk}/change/")

    prefixes = [inline.formset.prefix for inline in response.context["inline_admin_formsets"]]
    assert prefixes == ["enrolments", "contact_persons", "key_figures"]


def test_the_company_search_takes_a_number_with_spaces(administrator_client, company):
    spaced = company.organisation_number_display

    response = administrator_client.get("/admin/programmes/company/", {"q": spaced})

    assert list(response.context["cl"].result_list) == [company]


def test_the_company_list_does_not_query_per_row(administrator_client, rorosregionen):
    for serial in range(2, 30):
        make_company(rorosregionen, serial, place=["roros", "os", "tynset"][serial % 3])

    with CaptureQueriesContext(connection) as queries:
        administrator_client.get("/admin/programmes/company/")

    assert len(queries.captured_queries) <= 20


def test_the_admin_refuses_two_overlapping_enrolments_in_one_save(administrator_client, company):
    url = f"/admin/programmes/company/{company.pk}/change/"
    data = inline_post_data(administrator_client.get(url))
    data["enrolments-TOTAL_FORMS"] = "2"
    data.update(
        {
            "enrolments-1-kind": "member",
            "enrolments-1-start_date": "01.06.2016",
            "enrolments-1-company": company.pk,
        }
    )

    response = administrator_client.post(url, data)

    assert response.status_code == 200
    assert "overlapper bedriftens innmelding som målbedrift" in response.content.decode()
    assert Enrolment.objects.count() == 1


def test_a_new_company_with_two_overlapping_enrolments_is_refused(
    administrator_client, rorosregionen
):
    url = "/admin/programmes/company/add/"
    data = inline_post_data(administrator_client.get(url))
    data.update(
        {
            "naeringshage": rorosregionen.pk,
            "organisation_number": "912 345 688",
            "name": "Ny AS",
            "municipality": company_municipality_pk(),
            "women_in_leadership": "unknown",
            "enrolments-TOTAL_FORMS": "2",
            "enrolments-0-kind": "target",
            "enrolments-0-start_date": "01.01.2016",
            "enrolments-1-kind": "member",
            "enrolments-1-start_date": "01.06.2016",
        }
    )

    response = administrator_client.post(url, data)

    assert response.status_code == 200
    assert "To innmeldinger gjelder samme dag" in response.content.decode()
    assert not Company.objects.filter(name="Ny AS").exists()


def company_municipality_pk() -> int:
    from tests.programmes.factories import municipality

    return municipality("roros").pk


def test_the_admin_refuses_a_participant_listed_twice(administrator_client, event, company):
    url = f"/admin/programmes/event/{event.pk}/change/"
    data = inline_post_data(administrator_client.get(url))
    data["participants-TOTAL_FORMS"] = "3"
    for index in (1, 2):
        data.update(
            {
                f"participants-{index}-name": "Ola Moen",
                f"participants-{index}-email": "ola@x.example",
                f"participants-{index}-event": event.pk,
            }
        )

    response = administrator_client.post(url, data)

    assert response.status_code == 200
    assert "Ola Moen står to ganger i listen." in response.content.decode()
    assert Participant.objects.count() == 1
