"""Two people open the same grant or service; the second to save is told who saved in
between and when, sees both versions field by field, and overwrites nothing."""

from datetime import datetime
from decimal import Decimal
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import translation

from funding.models import Grant, PricedService
from funding.services import EditConflict, grant_update, service_record, service_update
from programmes.models import StaffMembership
from tests.conftest import make_user
from tests.funding.conftest import draft_for, record_grant

OSLO = ZoneInfo("Europe/Oslo")
NBSP = "\u00a0"


class _FormReader(HTMLParser):
    """The values a browser would post from the page's first form with a CSRF token."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method") == "post":
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "checkbox"):
            self.data[name] = attrs.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data.removeprefix("\n")


def opened_form(client: Client, url: str) -> dict[str, str]:
    """Open the edit page and return what its form would post unchanged."""
    response = client.get(url)
    assert response.status_code == 200
    reader = _FormReader()
    reader.feed(response.content.decode())
    return reader.data


def text(response) -> str:
    return response.content.decode().replace(NBSP, " ")


@pytest.fixture
def colleague(manager, roros, staff, django_user_model):
    """A second manager of Rørosregionen, Kari Nordmann."""
    from accounts import roles

    user = make_user(django_user_model, "kari", roles.MANAGER)
    user.last_name = "Nordmann"
    user.save()
    StaffMembership.objects.create(user=user, naeringshage=roros)
    return user


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def regional_grant(roros, reference_data, staff):
    from funding.models import Funder

    return record_grant(roros, Funder.objects.get(slug="hedmark-fylkeskommune"))


# --- Grants ------------------------------------------------------------------------------


def test_the_second_to_save_a_grant_is_told_who_saved_first_and_nothing_is_overwritten(
    manager, colleague, regional_grant
):
    mine, theirs = _client(manager), _client(colleague)
    url = f"/funding/grants/{regional_grant.pk}/edit/"
    with time_machine.travel(datetime(2026, 3, 2, 10, 30, tzinfo=OSLO), tick=False) as clock:
        my_form = opened_form(mine, url)
        their_form = opened_form(theirs, url)
        clock.move_to(datetime(2026, 3, 2, 10, 42, 10, tzinfo=OSLO))
        saved = theirs.post(url, {**their_form, "amount": "450 000", "note": "Økt av fylket"})
        assert saved.status_code == 302
        clock.move_to(datetime(2026, 3, 2, 10, 50, tzinfo=OSLO))

        refused = mine.post(url, {**my_form, "amount": "300 000", "title": "Mitt prosjekt"})

    assert refused.status_code == 409
    page = text(refused)
    assert "Endret av Kari Nordmann kl. 10:42 etter at du åpnet skjemaet" in page
    # Both versions, field by field: theirs as saved now, mine as typed.
    assert "Lagret nå av Kari Nordmann" in page
    assert "450 000 kr" in page and "300 000 kr" in page
    assert "Økt av fylket" in page and "Mitt prosjekt" in page
    assert "Fordeling 2016" in page
    regional_grant.refresh_from_db()
    assert regional_grant.amount == Decimal("450000")
    assert regional_grant.note == "Økt av fylket"
    assert regional_grant.title == ""
    assert regional_grant.allocations.get().amount == Decimal("450000")


def test_after_seeing_both_versions_saving_again_replaces_theirs_on_purpose(
    manager, colleague, regional_grant
):
    mine, theirs = _client(manager), _client(colleague)
    url = f"/funding/grants/{regional_grant.pk}/edit/"
    my_form = opened_form(mine, url)
    their_form = opened_form(theirs, url)
    theirs.post(url, {**their_form, "amount": "450 000"})
    refused = mine.post(url, {**my_form, "amount": "300 000"})
    assert refused.status_code == 409

    reader = _FormReader()
    reader.feed(refused.content.decode())
    again = mine.post(url, reader.data)

    assert again.status_code == 302
    regional_grant.refresh_from_db()
    assert regional_grant.amount == Decimal("300000")


def test_a_form_opened_before_an_unchanged_version_saves_as_before(manager, regional_grant):
    """Nobody else saved in between: the form saves, however long it was open."""
    client = _client(manager)
    url = f"/funding/grants/{regional_grant.pk}/edit/"
    form = opened_form(client, url)
    client.get(f"/funding/grants/{regional_grant.pk}/history/")  # reading changes nothing

    response = client.post(url, {**form, "note": "Sent, men ingen andre har endret"})

    assert response.status_code == 302
    regional_grant.refresh_from_db()
    assert regional_grant.note == "Sent, men ingen andre har endret"


def test_a_change_on_another_day_names_the_date(manager, colleague, regional_grant):
    with time_machine.travel(datetime(2026, 3, 2, 10, 42, tzinfo=OSLO), tick=False) as clock:
        opened = Grant.objects.get(pk=regional_grant.pk).updated_at
        grant_update(grant=Grant.objects.get(pk=regional_grant.pk), note="endret")
        clock.move_to(datetime(2026, 3, 3, 8, 0, tzinfo=OSLO))
        with translation.override("nb"), pytest.raises(EditConflict) as refused:
            grant_update(
                grant=Grant.objects.get(pk=regional_grant.pk), opened_at=opened, note="mitt"
            )

    assert "02.03.2026 kl. 10:42" in refused.value.messages[0]
    assert Grant.objects.get(pk=regional_grant.pk).note == "endret"


def test_a_damaged_version_is_refused_with_a_message(manager, regional_grant):
    client = _client(manager)
    url = f"/funding/grants/{regional_grant.pk}/edit/"
    form = opened_form(client, url)

    response = client.post(url, {**form, "version": "i går", "note": "x"})

    assert response.status_code == 200
    assert "Skjemaet er skadet" in text(response)
    regional_grant.refresh_from_db()
    assert regional_grant.note == ""


# --- Services ----------------------------------------------------------------------------


@pytest.fixture
def service(company, adviser, advice, staff) -> PricedService:
    return service_record(draft=draft_for(company, adviser, advice), recorded_by=adviser)


def test_the_second_to_save_a_service_is_told_who_saved_first_and_nothing_is_overwritten(
    adviser, colleague, service
):
    mine, theirs = _client(adviser), _client(colleague)
    url = f"/services/{service.pk}/edit/"
    with time_machine.travel(datetime(2026, 3, 2, 10, 30, tzinfo=OSLO), tick=False) as clock:
        my_form = opened_form(mine, url)
        their_form = opened_form(theirs, url)
        clock.move_to(datetime(2026, 3, 2, 10, 42, tzinfo=OSLO))
        saved = theirs.post(
            url, {**their_form, "action": "save", "hours": "8", "description": "Budsjett"}
        )
        assert saved.status_code == 302
        clock.move_to(datetime(2026, 3, 2, 11, 5, tzinfo=OSLO))

        refused = mine.post(url, {**my_form, "action": "save", "hours": "12", "own_share": "3 000"})

    assert refused.status_code == 409
    page = text(refused)
    assert "Endret av Kari Nordmann kl. 10:42 etter at du åpnet skjemaet" in page
    assert "8,00" in page and "12,00" in page  # hours: theirs and mine
    assert "2 500 kr" in page and "3 000 kr" in page  # own share: theirs and mine
    assert "Budsjett" in page
    service.refresh_from_db()
    assert service.hours == Decimal("8")
    assert service.description == "Budsjett"
    assert service.own_share == Decimal("2500")


def test_a_service_voided_after_the_form_was_opened_is_a_conflict_too(adviser, colleague, service):
    from funding.services import service_void

    client = _client(adviser)
    url = f"/services/{service.pk}/edit/"
    form = opened_form(client, url)
    service_void(service=service, reason="Feilført", voided_by=colleague)
    stale = PricedService.objects.get(pk=service.pk)
    stale.voided_at = None  # as the view had it before the void

    with translation.override("nb"), pytest.raises(EditConflict) as refused:
        from funding.services import parse_version

        service_update(
            service=stale,
            draft=draft_for(service.company, adviser, service.service_type),
            opened_at=parse_version(form["version"]),
        )

    assert "Endret av Kari Nordmann" in refused.value.messages[0]


def test_a_stale_service_form_without_a_change_by_another_saves(adviser, service):
    client = _client(adviser)
    url = f"/services/{service.pk}/edit/"
    form = opened_form(client, url)

    response = client.post(url, {**form, "action": "save", "description": "Oppfølging"})

    assert response.status_code == 302
    service.refresh_from_db()
    assert service.description == "Oppfølging"


def test_computing_a_preview_is_no_save_and_no_conflict(adviser, colleague, service):
    client = _client(adviser)
    url = f"/services/{service.pk}/edit/"
    form = opened_form(client, url)
    _client(colleague).post(url, {**opened_form(_client(colleague), url), "action": "save"})

    preview = client.post(url, {**form, "action": "preview"})

    assert preview.status_code == 200
