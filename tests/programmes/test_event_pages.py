"""The event pages through Django's test client: who may open them, what they show,
how they refuse bad input, and how many queries they take."""

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.roles import MANAGER
from programmes import page_cache
from programmes.models import Company, Event, Participant, StaffMembership
from programmes.services import participant_add
from tests.programmes.factories import (
    make_company,
    make_event,
    municipality,
    organisation_number,
    oslo,
)

NBSP = "\u00a0"


def text(response) -> str:
    return response.content.decode().replace(NBSP, " ")


@pytest.fixture
def event(staff_of_rorosregionen, adviser):
    event = make_event(staff_of_rorosregionen, adviser)
    company = make_company(staff_of_rorosregionen, 1, name="Fjellbakst AS")
    participant_add(event=event, name="Kari Haugen", company=company, email="kari@x.example")
    return event


def page_urls(event) -> dict[str, str]:
    participant = event.participants.get()
    return {
        "list": "/events/?year=2016",
        "create": "/events/new/",
        "detail": f"/events/{event.pk}/",
        "edit": f"/events/{event.pk}/edit/",
        "remove": f"/events/{event.pk}/participants/{participant.pk}/remove/",
    }


PAGES = ["list", "create", "detail", "edit", "remove"]


# --- Permission ladder ----------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_login(client, event, page):
    response = client.get(page_urls(event)[page])

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_anonymous_posts_are_sent_to_login(client, event):
    response = client.post(f"/events/{event.pk}/participants/", {"name": "Snik"})

    assert response.status_code == 302
    assert event.participants.count() == 1


@pytest.mark.parametrize("page", PAGES)
def test_a_user_without_a_staff_role_is_refused(user_without_role, event, page):
    StaffMembership.objects.create(user=user_without_role, naeringshage=event.naeringshage)
    client = Client()
    client.force_login(user_without_role)

    assert client.get(page_urls(event)[page]).status_code == 403
    assert client.post(f"/events/{event.pk}/participants/", {"name": "X"}).status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_a_manager_without_a_naeringshage_is_refused(event, django_user_model, page):
    loner = django_user_model.objects.create_user("ensom", password="x")
    loner.groups.add(Group.objects.get(name=MANAGER))
    client = Client()
    client.force_login(loner)

    assert client.get(page_urls(event)[page]).status_code == 403


@pytest.mark.parametrize("staff_client", ["adviser_client", "manager_client"])
@pytest.mark.parametrize("page", PAGES)
def test_advisers_and_managers_open_every_page(request, event, staff_client, page):
    response = request.getfixturevalue(staff_client).get(page_urls(event)[page])

    assert response.status_code == 200


def test_adding_a_participant_is_post_only(adviser_client, event):
    assert adviser_client.get(f"/events/{event.pk}/participants/").status_code == 405


def test_the_navigation_offers_events_to_staff(adviser_client, event):
    assert 'href="/events/"' in text(adviser_client.get("/"))


# --- Scoping --------------------------------------------------------------------------


@pytest.fixture
def their_event(other_naeringshage, django_user_model):
    from programmes.services import staff_membership_set

    someone = django_user_model.objects.create_user("annen")
    staff_membership_set(user=someone, naeringshage=other_naeringshage)
    theirs = make_event(other_naeringshage, someone, title="Hemmelig forum")
    participant_add(event=theirs, name="Skjult Person")
    return theirs


@pytest.mark.parametrize("page", ["detail", "edit", "remove"])
def test_another_naeringshages_event_is_not_found(adviser_client, event, their_event, page):
    assert adviser_client.get(page_urls(their_event)[page]).status_code == 404
    assert "Hemmelig forum" not in text(adviser_client.get("/events/?year=2016"))


def test_a_participant_cannot_be_added_to_another_naeringshages_event(
    adviser_client, event, their_event
):
    response = adviser_client.post(
        f"/events/{their_event.pk}/participants/", {"name": "Inntrenger"}
    )

    assert response.status_code == 404
    assert not Participant.objects.filter(name="Inntrenger").exists()


# --- The list -------------------------------------------------------------------------


def test_the_list_shows_the_years_events_with_counts(adviser_client, adviser, event):
    participant_add(event=event, name="Ola Moen")
    make_event(
        event.naeringshage,
        adviser,
        title="Kurs i regnskap",
        kind="course",
        starts_at=oslo(2017, 2, 1, 9, 0),
        ends_at=None,
    )

    response = adviser_client.get("/events/?year=2016")
    page = text(response)

    assert [e.title for e in response.context["events"]] == ["KompetanseForum: Eierskifte"]
    assert "Kurs i regnskap" not in page
    assert "1 arrangement i 2016" in page
    assert "Tynset" in page
    assert "22.09.2016 09:00" in page
    assert [
        (row.label, row.events, row.participants) for row in response.context["per_municipality"]
    ] == [("Tynset", 1, 2)]
    assert [(row.company_name, row.participants) for row in response.context["per_company"]] == [
        ("Fjellbakst AS", 1)
    ]


@time_machine.travel(oslo(2017, 6, 1, 12, 0))
def test_the_list_shows_this_year_by_default(adviser_client, adviser, event):
    make_event(
        event.naeringshage,
        adviser,
        title="Sommerforum",
        starts_at=oslo(2017, 6, 1, 9, 0),
        ends_at=None,
    )

    response = adviser_client.get("/events/")

    assert response.context["year"] == 2017
    assert [e.title for e in response.context["events"]] == ["Sommerforum"]


def test_a_bad_year_gets_a_norwegian_message_not_a_500(adviser_client, event):
    response = adviser_client.get("/events/?year=abc")

    assert response.status_code == 400
    assert "Året må skrives med fire sifre" in text(response)


def _bulk_events(naeringshage, responsible, count: int, start: int) -> None:
    """`count` events of 2016 in four municipalities, each with a participant from a
    company of its own."""
    places = [municipality(slug) for slug in ("roros", "os", "tolga", "alvdal")]
    events = Event.objects.bulk_create(
        Event(
            naeringshage=naeringshage,
            title=f"Forum {number}",
            kind=Event.Kind.COURSE,
            starts_at=oslo(2016, 1 + number % 12, 1 + number % 28, 9, 0),
            municipality=places[number % 4],
            responsible=responsible,
        )
        for number in range(start, start + count)
    )
    companies = Company.objects.bulk_create(
        Company(
            naeringshage=naeringshage,
            organisation_number=organisation_number(number),
            name=f"Deltakerbedrift {number} AS",
            municipality=places[0],
        )
        for number in range(start, start + count)
    )
    Participant.objects.bulk_create(
        Participant(event=event, name="Kari Haugen", company=company)
        for event, company in zip(events, companies, strict=True)
    )
    page_cache.mark_changed([naeringshage.pk])  # bulk_create sends no signal


def test_the_list_takes_as_many_queries_for_100_events_as_for_10(
    adviser_client, adviser, staff_of_rorosregionen, django_assert_max_num_queries
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert adviser_client.get("/events/?year=2016").status_code == 200
        return len(context.captured_queries)

    _bulk_events(staff_of_rorosregionen, adviser, 10, start=100)
    few = queries()
    _bulk_events(staff_of_rorosregionen, adviser, 90, start=200)
    with CaptureQueriesContext(connection) as context:
        response = adviser_client.get("/events/?year=2016")
    many = len(context.captured_queries)

    assert len(response.context["events"]) == 100
    assert many == few
    assert many <= 14
    # Then the page comes from the page cache, with fewer still.
    with django_assert_max_num_queries(many - 1):
        adviser_client.get("/events/?year=2016")


def test_the_detail_page_takes_a_fixed_number_of_queries(
    adviser_client, event, django_assert_max_num_queries
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert adviser_client.get(f"/events/{event.pk}/").status_code == 200
        return len(context.captured_queries)

    few = queries()
    for number in range(20):
        company = make_company(event.naeringshage, 10 + number)
        participant_add(event=event, name=f"Deltaker {number}", company=company)
    many = queries()

    assert many == few
    with django_assert_max_num_queries(14):
        adviser_client.get(f"/events/{event.pk}/")


# --- The detail page and its participants ----------------------------------------------


def test_the_detail_page_shows_the_event_and_its_participants(adviser_client, event):
    page = text(adviser_client.get(f"/events/{event.pk}/"))

    assert "KompetanseForum: Eierskifte</h1>" in page
    assert "Næringshagens kontor på Tynset" in page
    assert "Kari Haugen" in page
    assert "Fjellbakst AS" in page
    assert "1 deltaker" in page


def test_a_participant_is_added_through_the_form_on_the_page(adviser_client, event):
    company = event.participants.get().company

    response = adviser_client.post(
        f"/events/{event.pk}/participants/",
        {"name": "Ola Moen", "company": company.pk, "email": ""},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/events/{event.pk}/#participants"
    assert event.participants.filter(name="Ola Moen", company=company).exists()
    assert "Ola Moen ble lagt til" in text(adviser_client.get(response["Location"]))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"name": "Kari Haugen", "email": "KARI@x.example"},
            "er allerede påmeldt dette arrangementet",
        ),
        ({"name": "kari haugen", "company": "COMPANY"}, "fra samme bedrift er allerede påmeldt"),
        ({"name": ""}, "Skriv inn deltakerens navn."),
        ({"name": "Ola", "email": "ola@"}, "Skriv en hel e-postadresse"),
        ({"name": "Ola", "company": "999999"}, "Velg en av næringshagens bedrifter i listen."),
    ],
)
def test_bad_participants_are_refused_on_the_page(adviser_client, event, data, message):
    company = event.participants.get().company
    data = {key: company.pk if value == "COMPANY" else value for key, value in data.items()}

    response = adviser_client.post(f"/events/{event.pk}/participants/", data)

    assert response.status_code == 200
    assert message in text(response)
    assert 'aria-invalid="true"' in text(response)
    assert event.participants.count() == 1


def test_a_company_of_another_naeringshage_is_not_offered_nor_accepted(
    adviser_client, event, other_naeringshage
):
    theirs = make_company(other_naeringshage, 5, name="Fremmed AS")

    assert "Fremmed AS" not in text(adviser_client.get(f"/events/{event.pk}/"))
    response = adviser_client.post(
        f"/events/{event.pk}/participants/", {"name": "Ola", "company": theirs.pk}
    )

    assert "Velg en av næringshagens bedrifter i listen." in text(response)
    assert event.participants.count() == 1


def test_a_participant_is_removed_after_confirming(adviser_client, event):
    url = page_urls(event)["remove"]

    confirm = text(adviser_client.get(url))
    assert "Fjerne Kari Haugen fra KompetanseForum: Eierskifte (22.09.2016)?" in confirm
    assert event.participants.count() == 1

    response = adviser_client.post(url)

    assert response.status_code == 302
    assert not event.participants.exists()


# --- Recording and editing events ------------------------------------------------------


def event_post(responsible, /, **overrides) -> dict:
    data = {
        "title": "KompetanseForum: Reiseliv hele året",
        "kind": "kompetanseforum",
        "starts_at": "2016-11-17T09:00",
        "ends_at": "2016-11-17T14:30",
        "municipality": municipality("roros").pk,
        "venue": "Næringshagens kontor på Røros",
        "responsible": responsible.pk,
        "description": "Faglig innlegg og nettverk.",
    }
    data.update(overrides)
    return data


def test_an_adviser_records_an_event_in_oslo_time(adviser_client, adviser, staff_of_rorosregionen):
    response = adviser_client.post("/events/new/", event_post(adviser))

    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/events/{event.pk}/"
    assert event.starts_at == oslo(2016, 11, 17, 9, 0)
    assert event.naeringshage == staff_of_rorosregionen
    assert "Arrangementet er registrert" in text(adviser_client.get(response["Location"]))


def test_the_form_offers_the_naeringshages_staff_as_responsible(
    adviser_client, manager, staff_of_rorosregionen, their_event
):
    page = text(adviser_client.get("/events/new/"))

    assert "Radgiver" in page
    assert "Leder" in page
    assert "Annen" not in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_at": "2016-11-17T08:00"}, "Slutten (17.11.2016 08:00) kan ikke være før starten"),
        ({"starts_at": ""}, "Skriv inn når arrangementet starter."),
        ({"starts_at": "i morgen"}, "Skriv dato og klokkeslett"),
        ({"title": ""}, "Skriv inn arrangementets tittel."),
        ({"kind": "fest"}, "Velg et gyldig valg"),
        ({"municipality": ""}, "Velg kommunen der arrangementet ble holdt."),
        ({"responsible": "RESPONSIBLE_ELSEWHERE"}, "Velg en av næringshagens rådgivere i listen."),
    ],
)
def test_bad_event_input_is_refused_on_the_field(
    adviser_client, adviser, staff_of_rorosregionen, their_event, overrides, message
):
    if overrides.get("responsible") == "RESPONSIBLE_ELSEWHERE":
        overrides["responsible"] = their_event.responsible_id
    before = Event.objects.count()

    response = adviser_client.post("/events/new/", event_post(adviser, **overrides))

    assert response.status_code == 200
    assert message in text(response)
    assert 'aria-invalid="true"' in text(response)
    assert Event.objects.count() == before


def test_an_event_is_edited(adviser_client, adviser, event):
    response = adviser_client.post(
        f"/events/{event.pk}/edit/", event_post(adviser, title="Nytt navn", ends_at="")
    )

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Nytt navn"
    assert event.ends_at is None


def test_the_edit_form_shows_the_stored_times_in_oslo_time(adviser_client, event):
    page = text(adviser_client.get(f"/events/{event.pk}/edit/"))

    assert 'value="2016-09-22T09:00"' in page
