"""Two managers open the same placement; the second to save is told who saved in between
and when, sees both versions field by field, and overwrites nothing (as for grants and
services, tests/funding/test_edit_conflicts.py)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from accounts import roles
from funding.models import Placement
from funding.services import EditConflict, placement_save
from programmes.models import StaffMembership
from tests.conftest import make_user
from tests.funding.test_edit_conflicts import _FormReader, opened_form, text

OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture
def kari(manager, roros, staff, django_user_model):
    """A second manager of Rørosregionen, Kari Nordmann."""
    user = make_user(django_user_model, "kari", roles.MANAGER, last_name="Nordmann")
    StaffMembership.objects.create(user=user, naeringshage=roros)
    return user


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def placement(roros, reference_data) -> Placement:
    return Placement.objects.get(naeringshage=roros, year=2016)


def test_the_second_to_save_a_placement_is_told_who_saved_first_and_nothing_is_overwritten(
    manager, kari, placement, model_2016
):
    mine, theirs = _client(manager), _client(kari)
    url = f"/funding/placements/{placement.pk}/edit/"
    level_2 = model_2016.levels.get(rank=2)
    criterion = model_2016.criteria.order_by("position").first()
    with time_machine.travel(datetime(2026, 3, 2, 10, 30, tzinfo=OSLO), tick=False) as clock:
        my_form = opened_form(mine, url)
        their_form = opened_form(theirs, url)
        clock.move_to(datetime(2026, 3, 2, 10, 42, tzinfo=OSLO))
        saved = theirs.post(
            url,
            {
                **their_form,
                "level": level_2.pk,
                "decision_date": "01.07.2016",
                "letter_reference": "Siva 16/0101",
            },
        )
        assert saved.status_code == 302
        clock.move_to(datetime(2026, 3, 2, 10, 50, tzinfo=OSLO))

        refused = mine.post(
            url,
            {
                **my_form,
                "decision_date": "15.06.2016",
                "letter_reference": "Mitt brev",
                f"comment_{criterion.pk}": "Min kommentar",
            },
        )

    assert refused.status_code == 409
    page = text(refused)
    assert "Endret av Kari Nordmann kl. 10:42 etter at du åpnet skjemaet" in page
    assert "Lagret nå av Kari Nordmann" in page
    assert "Siva 16/0101" in page and "Mitt brev" in page
    assert "01.07.2016" in page and "15.06.2016" in page
    assert "Min kommentar" in page  # the criteria's scores and comments are compared too
    assert 'value="Mitt brev"' in page  # the form still holds what I typed
    stored = Placement.objects.get(pk=placement.pk)
    assert stored.level == level_2
    assert stored.letter_reference == "Siva 16/0101"
    assert stored.decision_date == date(2016, 7, 1)
    assert not stored.scores.exists()


def test_after_the_conflict_page_saving_again_replaces_theirs(manager, kari, placement):
    mine, theirs = _client(manager), _client(kari)
    url = f"/funding/placements/{placement.pk}/edit/"
    my_form = opened_form(mine, url)
    their_form = opened_form(theirs, url)
    theirs.post(url, {**their_form, "decision_date": "01.07.2016", "letter_reference": "Deres"})
    refused = mine.post(url, {**my_form, "decision_date": "15.06.2016", "letter_reference": "Mitt"})
    assert refused.status_code == 409

    reader = _FormReader()
    reader.feed(refused.content.decode())
    again = mine.post(url, reader.data)

    assert again.status_code == 302
    stored = Placement.objects.get(pk=placement.pk)
    assert (stored.letter_reference, stored.decision_date) == ("Mitt", date(2016, 6, 15))


def test_a_placement_form_nobody_else_saved_in_between_saves(manager, placement, staff):
    client = _client(manager)
    url = f"/funding/placements/{placement.pk}/edit/"
    form = opened_form(client, url)
    assert form["version"]

    response = client.post(url, {**form, "decision_date": "01.07.2016", "rationale": "Sent"})

    assert response.status_code == 302
    assert Placement.objects.get(pk=placement.pk).rationale == "Sent"


def test_placement_save_refuses_a_stale_version_and_writes_nothing(
    manager, kari, placement, model_2016
):
    opened = placement.updated_at
    criterion = model_2016.criteria.first()
    placement_save(
        naeringshage=placement.naeringshage,
        year=2016,
        level=placement.level,
        decision_date=date(2016, 7, 1),
        letter_reference="Først",
        placement=Placement.objects.get(pk=placement.pk),
    )

    with translation.override("nb"), pytest.raises(EditConflict):
        placement_save(
            naeringshage=placement.naeringshage,
            year=2016,
            level=placement.level,
            decision_date=date(2016, 6, 1),
            letter_reference="Sist",
            scores={criterion.pk: (3, "Godt")},
            placement=Placement.objects.get(pk=placement.pk),
            opened_at=opened,
        )

    stored = Placement.objects.get(pk=placement.pk)
    assert stored.letter_reference == "Først"
    assert not stored.scores.exists()


def test_a_damaged_placement_version_is_refused_with_a_message(manager, placement, staff):
    client = _client(manager)
    url = f"/funding/placements/{placement.pk}/edit/"
    form = opened_form(client, url)

    response = client.post(url, {**form, "version": "i går", "decision_date": "01.07.2016"})

    assert response.status_code == 200
    assert "Skjemaet er skadet" in text(response)
    assert Placement.objects.get(pk=placement.pk).decision_date is None
