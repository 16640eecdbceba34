"""Events and participants: the rules of the services, and the counts per event,
company and municipality."""

import pytest
from django.core.exceptions import ValidationError

from programmes.models import Event, Participant
from programmes.selectors import (
    event_counts_per_municipality,
    events_in_year,
    participant_counts_per_company,
)
from programmes.services import event_update, participant_add, participant_remove
from tests.programmes.factories import make_company, make_event, municipality, oslo


@pytest.fixture
def event(staff_of_rorosregionen, adviser):
    return make_event(staff_of_rorosregionen, adviser)


# --- Events ---------------------------------------------------------------------------


def test_an_event_is_stored_as_an_aware_moment_in_oslo(event):
    event.refresh_from_db()

    assert event.starts_at == oslo(2016, 9, 22, 9, 0)
    assert event.starts_at.utcoffset().total_seconds() == 0  # stored in UTC
    assert str(event) == "KompetanseForum: Eierskifte (22.09.2016)"


def test_a_naive_time_is_read_as_oslo_time(staff_of_rorosregionen, adviser):
    from datetime import datetime

    event = make_event(
        staff_of_rorosregionen, adviser, starts_at=datetime(2016, 1, 5, 9), ends_at=None
    )

    assert event.starts_at == oslo(2016, 1, 5, 9, 0)


def test_an_end_before_the_start_is_refused(staff_of_rorosregionen, adviser):
    with pytest.raises(ValidationError) as refused:
        make_event(staff_of_rorosregionen, adviser, ends_at=oslo(2016, 9, 22, 8, 0))

    assert refused.value.message_dict["ends_at"] == [
        "Slutten (22.09.2016 08:00) kan ikke være før starten (22.09.2016 09:00)."
    ]
    assert not Event.objects.exists()


def test_the_responsible_adviser_must_work_for_the_naeringshage(
    staff_of_rorosregionen, other_naeringshage, adviser
):
    with pytest.raises(ValidationError) as refused:
        make_event(other_naeringshage, adviser)

    assert refused.value.message_dict["responsible"] == [
        "Den ansvarlige rådgiveren må jobbe i denne næringshagen."
    ]


def test_an_event_is_edited(event, adviser):
    event_update(
        event=event,
        title="Nettverksmøte",
        kind=Event.Kind.NETWORK_MEETING,
        starts_at=oslo(2016, 10, 1, 18, 0),
        ends_at=None,
        municipality=municipality("roros"),
        venue="",
        responsible=adviser,
        description="",
    )

    event.refresh_from_db()
    assert event.kind == "network_meeting"
    assert event.ends_at is None


# --- Participants ---------------------------------------------------------------------


def test_participants_with_and_without_company_and_email(event, rorosregionen):
    company = make_company(rorosregionen)

    participant_add(event=event, name="  Kari   Haugen ", company=company, email="kari@x.example")
    participant_add(event=event, name="Ola Moen")

    assert sorted(event.participants.values_list("name", flat=True)) == ["Kari Haugen", "Ola Moen"]


def test_the_same_name_and_email_twice_is_refused(event):
    participant_add(event=event, name="Kari Haugen", email="kari@x.example")

    with pytest.raises(ValidationError) as refused:
        participant_add(event=event, name="kari haugen", email="KARI@x.example")

    assert refused.value.message_dict["name"] == [
        "kari haugen med e-postadressen KARI@x.example er allerede påmeldt dette arrangementet."
    ]
    assert event.participants.count() == 1


def test_the_same_name_from_the_same_company_twice_is_refused(event, rorosregionen):
    company = make_company(rorosregionen)
    participant_add(event=event, name="Kari Haugen", company=company)

    with pytest.raises(ValidationError) as refused:
        participant_add(event=event, name="Kari Haugen", company=company, email="ny@x.example")

    assert refused.value.message_dict["name"] == [
        "Kari Haugen fra samme bedrift er allerede påmeldt dette arrangementet."
    ]


def test_non_ascii_names_are_compared_without_case(event, rorosregionen):
    company = make_company(rorosregionen)
    participant_add(event=event, name="Øystein Ås", company=company)

    with pytest.raises(ValidationError):
        participant_add(event=event, name="øystein ås", company=company)


def test_two_people_of_the_same_name_may_come(event, rorosregionen):
    participant_add(event=event, name="Ola Moen")
    participant_add(event=event, name="Ola Moen")
    participant_add(event=event, name="Ola Moen", email="ola@a.example")
    participant_add(event=event, name="Ola Moen", company=make_company(rorosregionen))

    assert event.participants.count() == 4


def test_the_same_person_may_come_to_two_events(event, staff_of_rorosregionen, adviser):
    other = make_event(staff_of_rorosregionen, adviser, title="Kurs")

    participant_add(event=event, name="Kari Haugen", email="kari@x.example")
    participant_add(event=other, name="Kari Haugen", email="kari@x.example")

    assert Participant.objects.count() == 2


def test_a_company_of_another_naeringshage_is_refused(event, other_naeringshage):
    theirs = make_company(other_naeringshage)

    with pytest.raises(ValidationError) as refused:
        participant_add(event=event, name="Kari Haugen", company=theirs)

    assert refused.value.message_dict["company"] == [
        "Bedriften er ikke en av denne næringshagens bedrifter."
    ]
    assert not Participant.objects.exists()


def test_a_participant_is_removed(event):
    participant = participant_add(event=event, name="Kari Haugen")

    participant_remove(participant=participant)

    assert not event.participants.exists()


# --- Counts ---------------------------------------------------------------------------


@pytest.fixture
def year_of_events(staff_of_rorosregionen, adviser, other_naeringshage):
    """Three events around the turn of 2016/2017 in Oslo time, with participants."""
    roros = staff_of_rorosregionen
    first, second = make_company(roros, 1, name="Alfa AS"), make_company(roros, 2, name="Beta AS")
    # 23:30 on New Year's Eve in Oslo is 22:30 UTC: it belongs to 2016.
    late = make_event(
        roros, adviser, title="Nyttårsforum", starts_at=oslo(2016, 12, 31, 23, 30), ends_at=None
    )
    # 00:30 on 1 January in Oslo is still 2016 in UTC: it belongs to 2017.
    early = make_event(
        roros, adviser, title="Nyttårsfrokost", starts_at=oslo(2017, 1, 1, 0, 30), ends_at=None
    )
    autumn = make_event(roros, adviser, title="Høstforum", municipality=municipality("roros"))
    for name in ("Kari", "Ola"):
        participant_add(event=late, name=name, company=first)
    participant_add(event=late, name="Per", company=second)
    participant_add(event=late, name="Gjest")
    participant_add(event=autumn, name="Kari", company=first)
    participant_add(event=early, name="Kari", company=first)
    return {"late": late, "early": early, "autumn": autumn}


def test_events_of_a_year_are_counted_in_oslo_time(rorosregionen, year_of_events):
    events = events_in_year(naeringshage=rorosregionen, year=2016)

    assert [(e.title, e.participant_count, e.company_count) for e in events] == [
        ("Høstforum", 1, 1),
        ("Nyttårsforum", 4, 2),
    ]
    assert [e.title for e in events_in_year(naeringshage=rorosregionen, year=2017)] == [
        "Nyttårsfrokost"
    ]


def test_counts_per_company(rorosregionen, year_of_events):
    rows = participant_counts_per_company(naeringshage=rorosregionen, year=2016)

    assert [(row.company_name, row.events, row.participants) for row in rows] == [
        ("Alfa AS", 2, 3),
        ("Beta AS", 1, 1),
    ]


def test_counts_per_municipality(rorosregionen, year_of_events, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        rows = event_counts_per_municipality(naeringshage=rorosregionen, year=2016)

    assert [(row.label, row.events, row.participants) for row in rows] == [
        ("Røros", 1, 1),
        ("Tynset", 1, 4),
    ]


def test_another_naeringshages_events_are_not_counted(
    rorosregionen, other_naeringshage, year_of_events, django_user_model
):
    from programmes.services import staff_membership_set

    someone = django_user_model.objects.create_user("annen")
    staff_membership_set(user=someone, naeringshage=other_naeringshage)
    make_event(other_naeringshage, someone, title="Deres forum")

    titles = [e.title for e in events_in_year(naeringshage=rorosregionen, year=2016)]

    assert "Deres forum" not in titles
