"""Two advisers open the same company, contact person, enrolment or event; the second to
save is told who saved in between (rows with history) and when, sees both versions field
by field, and overwrites nothing. Saving the conflict page's form again replaces theirs
on purpose; a form without a version (a page opened before forms carried one) saves as
before, as grants and services do."""

import threading
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.test import Client

from accounts import roles
from programmes.conflicts import EditConflict, parse_version
from programmes.models import (
    Company,
    ContactPerson,
    Enrolment,
    Event,
    KeyFigures,
    Naeringshage,
    Participant,
)
from programmes.services import (
    company_update,
    contact_person_create,
    contact_person_delete,
    contact_person_update,
    key_figures_create,
    participant_add,
    staff_membership_set,
)
from tests.conftest import make_user
from tests.funding.test_edit_conflicts import _FormReader, opened_form, text
from tests.programmes.factories import enrol, make_company, make_event, municipality

OSLO = ZoneInfo("Europe/Oslo")


@dataclass
class World:
    company: Company
    contact: ContactPerson
    enrolment: Enrolment
    event: Event


@pytest.fixture
def world(staff_of_rorosregionen, adviser) -> World:
    company = make_company(staff_of_rorosregionen, 1, name="Fjellbakst AS", place="tynset")
    return World(
        company=company,
        contact=contact_person_create(company=company, name="Kari Haugen", role="daglig leder"),
        enrolment=enrol(company, date(2016, 3, 1)),
        event=make_event(staff_of_rorosregionen, adviser),
    )


@pytest.fixture
def colleague(staff_of_rorosregionen, django_user_model):
    """A second adviser of Rørosregionen, Kari Nordmann."""
    user = make_user(django_user_model, "kari", roles.ADVISER, last_name="Nordmann")
    staff_membership_set(user=user, naeringshage=staff_of_rorosregionen)
    return user


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_on(response) -> dict[str, str]:
    """What the page's form would post as it stands."""
    reader = _FormReader()
    reader.feed(response.content.decode())
    return reader.data


@dataclass(frozen=True)
class Case:
    """One edit form: where it is, a field both change, and whether the row keeps a
    history that names who saved it (contact persons and events keep none)."""

    url: str
    field: str
    theirs: str
    mine: str
    model: type
    row: str
    named: bool


CASES = {
    "company": Case(
        "/companies/{company}/edit/",
        "address",
        "Kjerkgata 1",
        "Storgata 9",
        Company,
        "company",
        True,
    ),
    "contact person": Case(
        "/companies/{company}/contacts/{contact}/edit/",
        "phone",
        "+47 62 48 00 00",
        "+47 911 22 333",
        ContactPerson,
        "contact",
        False,
    ),
    "enrolment": Case(
        "/companies/{company}/enrolments/{enrolment}/edit/",
        "contract_reference",
        "K-7",
        "K-9",
        Enrolment,
        "enrolment",
        True,
    ),
    "event": Case(
        "/events/{event}/edit/", "venue", "Røros Hotell", "Tynset kulturhus", Event, "event", False
    ),
}


def url_of(case: Case, world: World) -> str:
    return case.url.format(
        company=world.company.pk,
        contact=world.contact.pk,
        enrolment=world.enrolment.pk,
        event=world.event.pk,
    )


def stored(case: Case, world: World):
    return case.model.objects.get(pk=getattr(world, case.row).pk)


def history_count(case: Case, world: World) -> int:
    if not case.named:
        return 0
    return case.model.history.filter(id=getattr(world, case.row).pk).count()


@pytest.fixture(params=CASES, ids=str)
def case(request) -> Case:
    return CASES[request.param]


def test_the_edit_page_carries_the_version_it_was_opened_at(adviser, world, case):
    form = opened_form(_client(adviser), url_of(case, world))

    assert parse_version(form["version"]) == stored(case, world).updated_at


def test_the_second_to_save_is_refused_with_both_versions_and_nothing_is_overwritten(
    adviser, colleague, world, case
):
    mine, theirs = _client(adviser), _client(colleague)
    url = url_of(case, world)
    with time_machine.travel(datetime(2026, 3, 2, 10, 30, tzinfo=OSLO), tick=False) as clock:
        my_form = opened_form(mine, url)
        their_form = opened_form(theirs, url)
        clock.move_to(datetime(2026, 3, 2, 10, 42, tzinfo=OSLO))
        saved = theirs.post(url, {**their_form, case.field: case.theirs})
        assert saved.status_code == 302
        after_theirs = stored(case, world)
        histories = history_count(case, world)
        clock.move_to(datetime(2026, 3, 2, 10, 50, tzinfo=OSLO))

        refused = mine.post(url, {**my_form, case.field: case.mine})

    assert refused.status_code == 409
    page = text(refused)
    who = "Kari Nordmann" if case.named else "noen"
    assert f"Endret av {who} kl. 10:42 etter at du åpnet skjemaet" in page
    assert f"Lagret nå av {who}" in page
    assert case.theirs in page and case.mine in page
    now = stored(case, world)
    assert getattr(now, case.field) == case.theirs
    assert now.updated_at == after_theirs.updated_at
    assert history_count(case, world) == histories


def test_saving_the_conflict_pages_form_again_replaces_theirs_on_purpose(
    adviser, colleague, world, case
):
    mine, theirs = _client(adviser), _client(colleague)
    url = url_of(case, world)
    my_form = opened_form(mine, url)
    theirs.post(url, {**opened_form(theirs, url), case.field: case.theirs})
    refused = mine.post(url, {**my_form, case.field: case.mine})
    assert refused.status_code == 409

    again = form_on(refused)
    assert again[case.field] == case.mine  # the form still holds what I typed
    assert parse_version(again["version"]) == stored(case, world).updated_at
    replaced = mine.post(url, again)

    assert replaced.status_code == 302
    assert getattr(stored(case, world), case.field) == case.mine


def test_a_form_without_a_version_saves_as_before(adviser, colleague, world, case):
    """A page opened before the forms carried a version compares nothing, as a grant's
    or a service's form without one does."""
    url = url_of(case, world)
    old_tab = {k: v for k, v in opened_form(_client(adviser), url).items() if k != "version"}
    _client(colleague).post(url, {**opened_form(_client(colleague), url), case.field: case.theirs})

    response = _client(adviser).post(url, {**old_tab, case.field: case.mine})

    assert response.status_code == 302
    assert getattr(stored(case, world), case.field) == case.mine


def test_a_form_opened_before_an_unchanged_version_saves(adviser, world, case):
    client = _client(adviser)
    url = url_of(case, world)
    form = opened_form(client, url)

    response = client.post(url, {**form, case.field: case.mine})

    assert response.status_code == 302
    assert getattr(stored(case, world), case.field) == case.mine


def test_a_damaged_version_is_refused_with_a_message(adviser, world):
    client = _client(adviser)
    url = f"/companies/{world.company.pk}/edit/"
    form = opened_form(client, url)

    response = client.post(url, {**form, "version": "i går", "address": "Storgata 9"})

    assert response.status_code == 200
    assert "Skjemaet er skadet" in text(response)
    assert Company.objects.get(pk=world.company.pk).address == ""


# --- What the conflict page shows ---------------------------------------------------------


def _conflict_page(adviser, colleague, url, theirs: dict, mine: dict) -> str:
    my_client, their_client = _client(adviser), _client(colleague)
    my_form = opened_form(my_client, url)
    their_client.post(url, {**opened_form(their_client, url), **theirs})
    refused = my_client.post(url, {**my_form, **mine})
    assert refused.status_code == 409
    return text(refused)


def _row(page: str, label: str) -> str:
    """The conflict table's row of `label`, as text."""
    start = page.index(f'<th scope="row">{label}')
    return page[start : page.index("</tr>", start)]


def test_the_company_conflict_shows_choices_by_label_and_the_municipality_by_name(
    adviser, colleague, world
):
    page = _conflict_page(
        adviser,
        colleague,
        f"/companies/{world.company.pk}/edit/",
        theirs={"women_in_leadership": "yes"},
        mine={"municipality": str(municipality("roros").pk), "name": "Fjellbakst Røros AS"},
    )

    leadership = _row(page, "Kvinner i ledende stillinger")
    assert "<strong>ja</strong>" in leadership and "<strong>ukjent</strong>" in leadership
    place = _row(page, "Kommune")
    assert "<strong>Tynset</strong>" in place and "<strong>Røros</strong>" in place
    assert "Fjellbakst Røros AS" in _row(page, "Navn")
    # Unchanged rows are shown too, as the form shows them.
    number = world.company.organisation_number
    assert f"{number[:3]} {number[3:6]} {number[6:]}" in _row(page, "Organisasjonsnummer")


def test_the_event_conflict_names_the_responsible_adviser_and_the_kind(adviser, colleague, world):
    page = _conflict_page(
        adviser,
        colleague,
        f"/events/{world.event.pk}/edit/",
        theirs={"title": "Eierskifte i praksis"},
        mine={"responsible": str(colleague.pk), "kind": "course"},
    )

    responsible = _row(page, "Ansvarlig rådgiver")
    assert "Radgiver" in responsible and "Kari Nordmann" in responsible
    kind = _row(page, "Type")
    assert "KompetanseForum" in kind and "kurs" in kind.lower()
    assert "Eierskifte i praksis" in _row(page, "Tittel")


# --- Deleted in between -------------------------------------------------------------------


def test_an_edit_of_a_contact_person_deleted_meanwhile_is_refused_in_words(world):
    stale = ContactPerson.objects.get(pk=world.contact.pk)
    ContactPerson.objects.filter(pk=stale.pk).delete()

    with pytest.raises(ValidationError) as refused:
        contact_person_update(
            contact_person=stale, name="Kari Haugen", role="", email="", phone="", opened_at=None
        )

    assert "Noen slettet den etter at du åpnet skjemaet" in refused.value.messages[0]
    assert not ContactPerson.objects.exists()


def test_deleting_a_contact_person_changed_since_the_question_asks_again(adviser, colleague, world):
    url = f"/companies/{world.company.pk}/contacts/{world.contact.pk}/delete/"
    client = _client(adviser)
    question = opened_form(client, url)
    with time_machine.travel(datetime(2026, 3, 2, 10, 42, tzinfo=OSLO), tick=False):
        contact_person_update(
            contact_person=ContactPerson.objects.get(pk=world.contact.pk),
            name="Per Haugen",
            role="styreleder",
            email="",
            phone="",
        )

    refused = client.post(url, question)

    assert refused.status_code == 409
    page = text(refused)
    assert "Endret av noen" in page and "Ingenting ble slettet" in page
    assert "Slette Per Haugen, kontaktperson for Fjellbakst AS?" in page  # as saved now
    assert ContactPerson.objects.filter(pk=world.contact.pk).exists()

    deleted = client.post(url, form_on(refused))

    assert deleted.status_code == 302
    assert not ContactPerson.objects.filter(pk=world.contact.pk).exists()


def test_deleting_a_contact_person_without_a_version_deletes_as_before(adviser, world):
    url = f"/companies/{world.company.pk}/contacts/{world.contact.pk}/delete/"

    response = _client(adviser).post(url)

    assert response.status_code == 302
    assert not ContactPerson.objects.exists()


def test_a_contact_person_deleted_by_somebody_else_is_said_so(adviser, colleague, world):
    url = f"/companies/{world.company.pk}/contacts/{world.contact.pk}/delete/"
    mine = _client(adviser)
    question = opened_form(mine, url)
    assert _client(colleague).post(url, opened_form(_client(colleague), url)).status_code == 302

    response = mine.post(url, question, follow=True)

    assert response.redirect_chain[-1][0].endswith(f"/companies/{world.company.pk}/#contacts")
    assert "Kontaktpersonen var allerede slettet." in text(response)
    assert _client(adviser).get(url).status_code == 404  # the question itself is gone


def test_the_service_deletes_a_contact_person_gone_already_without_complaint(world):
    stale = ContactPerson.objects.get(pk=world.contact.pk)
    ContactPerson.objects.filter(pk=stale.pk).delete()

    contact_person_delete(contact_person=stale, opened_at=stale.updated_at)

    assert not ContactPerson.objects.exists()


def test_the_delete_of_a_contact_person_refuses_a_stale_version(world):
    opened = world.contact.updated_at
    with time_machine.travel(datetime(2026, 3, 2, 10, 42, tzinfo=OSLO), tick=False):
        contact_person_update(
            contact_person=world.contact, name="Per Haugen", role="", email="", phone=""
        )

    with pytest.raises(EditConflict):
        contact_person_delete(contact_person=world.contact, opened_at=opened)

    assert ContactPerson.objects.get().name == "Per Haugen"


def test_key_figures_deleted_by_somebody_else_are_said_so(adviser, colleague, world):
    figures = key_figures_create(company=world.company, year=2016, employees=7)
    url = f"/companies/{world.company.pk}/key-figures/{figures.pk}/delete/"
    assert _client(colleague).post(url).status_code == 302

    response = _client(adviser).post(url, follow=True)

    assert response.status_code == 200
    assert "Nøkkeltallene var allerede slettet." in text(response)
    assert not KeyFigures.objects.exists()


def test_a_participant_removed_by_somebody_else_is_said_so(adviser, colleague, world):
    participant = participant_add(event=world.event, name="Ola Nordmann")
    url = f"/events/{world.event.pk}/participants/{participant.pk}/remove/"
    assert _client(colleague).post(url).status_code == 302

    response = _client(adviser).post(url, follow=True)

    assert response.redirect_chain[-1][0].endswith(f"/events/{world.event.pk}/#participants")
    assert "Deltakeren var allerede fjernet." in text(response)
    assert not Participant.objects.exists()


def test_a_delete_posted_for_another_naeringshages_company_is_still_not_found(
    adviser, world, other_naeringshage
):
    theirs = make_company(other_naeringshage, 2, name="Hemmelig AS")
    url = f"/companies/{theirs.pk}/contacts/999999/delete/"

    assert _client(adviser).post(url).status_code == 404


# --- Two saves at the same moment (PostgreSQL row locks) ------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Row locks (SELECT … FOR UPDATE) are what is tested; SQLite serialises all writes.",
)
@pytest.mark.django_db(transaction=True)
def test_two_saves_of_the_same_version_at_once_let_exactly_one_win(reference_data, adviser):
    naeringshage = Naeringshage.objects.get(slug="rorosregionen")
    staff_membership_set(user=adviser, naeringshage=naeringshage)
    company = make_company(naeringshage, 1, name="Fjellbakst AS")
    opened = company.updated_at
    threads = 2
    barrier = threading.Barrier(threads)
    outcomes: list[str] = []
    lock = threading.Lock()

    def save(address: str):
        try:
            barrier.wait(timeout=30)
            company_update(
                company=Company.objects.get(pk=company.pk),
                organisation_number=company.organisation_number,
                name=company.name,
                municipality=company.municipality,
                address=address,
                nace_code="",
                women_in_leadership=company.women_in_leadership,
                opened_at=opened,
            )
            result = f"saved {address}"
        except EditConflict:
            result = "EditConflict"
        except Exception as error:  # every outcome is collected and checked below
            result = type(error).__name__
        finally:
            close_old_connections()
            connection.close()
        with lock:
            outcomes.append(result)

    workers = [threading.Thread(target=save, args=(address,)) for address in ("Gata 1", "Gata 2")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)

    assert sorted(outcome.split(" ")[0] for outcome in outcomes) == ["EditConflict", "saved"]
    winner = next(outcome for outcome in outcomes if outcome.startswith("saved"))
    assert Company.objects.get(pk=company.pk).address == winner.removeprefix("saved ")
    assert Company.history.filter(id=company.pk).count() == 2  # created, and one change
