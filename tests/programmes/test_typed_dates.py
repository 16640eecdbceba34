"""Dates and times of events and enrolments stay in 01.01.1990–31.12.2100: the forms
refuse others on the field, naming the range; the services say the same; the database
refuses them; and one broken row written before the constraints stops neither the
retention rule nor another næringshage's pages."""

import re
from datetime import date
from html import unescape
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from programmes.models import Enrolment, Event, Participant
from programmes.services import enrolment_create, event_create, staff_membership_set
from tests.municipalities.test_admin import inline_post_data
from tests.programmes.broken_dates import break_the_start
from tests.programmes.factories import enrol, make_company, make_event, municipality, oslo

RANGE = "Datoen må være mellom 01.01.1990 og 31.12.2100."


def text(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(html).replace("\u00a0", " ").split())


def event_post(adviser, **overrides) -> dict:
    data = {
        "title": "KompetanseForum: Eierskifte",
        "kind": "kompetanseforum",
        "starts_at": "2016-09-22T09:00",
        "ends_at": "",
        "municipality": municipality("tynset").pk,
        "venue": "",
        "responsible": adviser.pk,
        "description": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def company(staff_of_rorosregionen):
    return make_company(staff_of_rorosregionen, 1, name="Fjellbakst AS")


# --- The forms --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("starts_at", "0001-01-01T00:00"),
        ("starts_at", "01.01.0001 00:00"),
        ("starts_at", "1989-12-31T23:59"),
        ("starts_at", "9999-12-31T23:59"),
        ("ends_at", "2101-01-01T00:00"),
    ],
)
def test_an_event_dated_outside_the_range_is_refused_on_its_field(
    adviser_client, staff_of_rorosregionen, adviser, field, typed
):
    response = adviser_client.post("/events/new/", event_post(adviser, **{field: typed}))

    assert response.status_code == 200
    assert RANGE in text(response)
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Event.objects.exists()


def test_the_first_and_last_minutes_of_the_range_are_accepted(
    adviser_client, staff_of_rorosregionen, adviser
):
    data = event_post(adviser, starts_at="1990-01-01T00:00", ends_at="2100-12-31T23:59")

    assert adviser_client.post("/events/new/", data).status_code == 302
    assert Event.objects.get().starts_at == oslo(1990, 1, 1, 0, 0)


def test_an_event_edited_to_year_one_is_refused_and_kept_as_it_was(
    adviser_client, staff_of_rorosregionen, adviser
):
    event = make_event(staff_of_rorosregionen, adviser)

    response = adviser_client.post(
        f"/events/{event.pk}/edit/", event_post(adviser, starts_at="0001-01-01T00:00")
    )

    assert response.status_code == 200
    assert RANGE in text(response)
    event.refresh_from_db()
    assert event.starts_at == oslo(2016, 9, 22, 9, 0)


@pytest.mark.parametrize(
    "dates",
    [
        {"start_date": "0001-01-01"},
        {"start_date": "31.12.9999"},
        {"start_date": "1899-12-31"},
        {"start_date": "2016-01-01", "end_date": "2101-01-01"},
    ],
)
def test_an_enrolment_dated_outside_the_range_is_refused_on_its_field(
    adviser_client, company, dates
):
    response = adviser_client.post(
        f"/companies/{company.pk}/enrolments/new/", {"kind": "target", **dates}
    )

    assert response.status_code == 200
    assert RANGE in text(response)
    assert 'aria-invalid="true"' in response.content.decode()
    assert not company.enrolments.exists()


def test_the_date_pickers_offer_only_the_range(adviser_client, company):
    event_form = adviser_client.get("/events/new/").content.decode()
    enrolment_form = adviser_client.get(f"/companies/{company.pk}/enrolments/new/")

    assert re.search(r'type="datetime-local"[^>]* min="1990-01-01T00:00"', event_form)
    assert 'max="2100-12-31T23:59"' in event_form
    assert 'min="1990-01-01" max="2100-12-31"' in enrolment_form.content.decode()


# --- The services: the field's message, not the constraint's ----------------------------


def test_the_event_service_refuses_year_one_on_the_start(staff_of_rorosregionen, adviser):
    with pytest.raises(ValidationError) as refused:
        event_create(
            naeringshage=staff_of_rorosregionen,
            title="Gammelt forum",
            kind=Event.Kind.COURSE,
            starts_at=oslo(1, 1, 1, 0, 0),
            municipality=municipality("tynset"),
            responsible=adviser,
        )

    assert refused.value.message_dict == {"starts_at": [RANGE]}
    assert not Event.objects.exists()


def test_the_enrolment_service_refuses_year_9999_on_the_end(company):
    with pytest.raises(ValidationError) as refused:
        enrolment_create(
            company=company, kind="target", start_date=date(2016, 1, 1), end_date=date.max
        )

    assert refused.value.message_dict == {"end_date": [RANGE]}


# --- The database -----------------------------------------------------------------------


def refused_by_the_database(write) -> bool:
    try:
        with transaction.atomic():
            write()
    except IntegrityError:
        return True
    return False


def test_the_database_refuses_an_event_outside_the_range(staff_of_rorosregionen, adviser):
    event = make_event(staff_of_rorosregionen, adviser, ends_at=None)
    events = Event.objects.filter(pk=event.pk)
    fields = {
        "naeringshage": staff_of_rorosregionen,
        "title": "Feil",
        "kind": "course",
        "municipality": municipality("tynset"),
    }

    assert refused_by_the_database(
        lambda: Event.objects.create(**fields, starts_at=oslo(1989, 12, 31, 23, 59))
    )
    assert refused_by_the_database(lambda: events.update(starts_at=oslo(2101, 1, 1, 0, 0)))
    assert refused_by_the_database(lambda: events.update(ends_at=oslo(2101, 1, 1, 0, 0)))
    assert not refused_by_the_database(lambda: events.update(starts_at=oslo(1990, 1, 1, 0, 0)))
    assert Event.objects.get(pk=event.pk).ends_at is None  # empty is allowed


def test_the_database_refuses_an_enrolment_outside_the_range(company):
    enrolment = enrol(company, date(2016, 1, 1))
    enrolments = Enrolment.objects.filter(pk=enrolment.pk)

    assert refused_by_the_database(
        lambda: Enrolment.objects.create(company=company, kind="member", start_date=date(1, 1, 1))
    )
    assert refused_by_the_database(lambda: enrolments.update(start_date=date(1899, 12, 31)))
    assert refused_by_the_database(lambda: enrolments.update(end_date=date(9999, 12, 31)))
    assert not refused_by_the_database(lambda: enrolments.update(end_date=date(2100, 12, 31)))


# --- One broken row written before the constraints ----------------------------------------


@pytest.fixture
def broken_event_elsewhere(other_naeringshage, django_user_model):
    """Another næringshage's event whose start is year 1, with Kari Haugen at it."""
    someone = django_user_model.objects.create_user("annen")
    staff_membership_set(user=someone, naeringshage=other_naeringshage)
    theirs = make_event(other_naeringshage, someone, title="Ødelagt forum")
    Participant.objects.create(event=theirs, name="Kari Haugen", email="kari@annen.example")
    break_the_start(theirs)
    return theirs


def test_the_retention_rule_skips_an_event_with_a_broken_start_and_says_so(
    staff_of_rorosregionen, adviser, company, broken_event_elsewhere
):
    old = make_event(staff_of_rorosregionen, adviser)  # 2016
    Participant.objects.create(event=old, name="Per Berg", company=company)
    out, err = StringIO(), StringIO()

    with time_machine.travel("2022-01-10 08:00 +01:00", tick=False):
        call_command("anonymise_old_participants", stdout=out, stderr=err)

    assert out.getvalue() == "1 participants of events before 2017 anonymised.\n"
    assert "1 participant skipped: their event starts outside 01.01.1990–31.12.2100" in (
        err.getvalue()
    )
    names = Participant.objects.order_by("pk").values_list("name", flat=True)
    assert list(names) == ["Kari Haugen", f"Slettet person {old.participants.get().pk}"]


def test_a_naeringshages_pages_do_not_read_a_broken_event_of_another(
    manager_client, staff_of_rorosregionen, adviser, company, broken_event_elsewhere
):
    ours = make_event(staff_of_rorosregionen, adviser)
    Participant.objects.create(event=ours, name="Kari Haugen", company=company)

    pages = [
        f"/events/{ours.pk}/",
        "/events/?year=2016",
        f"/companies/{company.pk}/",
        "/people/?q=Kari",
    ]
    for url in pages:
        response = manager_client.get(url)
        assert response.status_code == 200, url
        assert "Kari Haugen" in text(response) or "Fjellbakst" in text(response), url
    assert manager_client.get(f"/events/{broken_event_elsewhere.pk}/").status_code == 404


def test_the_admin_refuses_year_one_on_the_field(
    administrator_client, rorosregionen, administrator
):
    staff_membership_set(user=administrator, naeringshage=rorosregionen)
    event = make_event(rorosregionen, administrator)
    url = f"/admin/programmes/event/{event.pk}/change/"
    data = inline_post_data(administrator_client.get(url))
    data.update({"starts_at_0": "01.01.0001", "starts_at_1": "00:00"})
    data.update({"ends_at_0": "", "ends_at_1": ""})

    response = administrator_client.post(url, data)

    assert response.status_code == 200
    assert RANGE in text(response)
    event.refresh_from_db()
    assert event.starts_at == oslo(2016, 9, 22, 9, 0)
