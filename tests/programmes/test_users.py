"""The manager's page "Users": inviting an adviser or a manager by e-mail (the link sets
the password, the new user logs in), changing a role, deactivating and reactivating,
each in the user's history; and what is refused: other roles, other næringshager's users
and administrators, bad input, the manager's own role and access."""

import re
import socket
from html import unescape

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client

from accounts import roles
from programmes.models import StaffMembership
from programmes.services import staff_membership_set
from tests.conftest import PASSWORD, make_user

NEW_PASSWORD = "fjellbakst-og-tynset-sag-2016"
LINK = re.compile(r"http://testserver(/accounts/password-reset/[^/\s]+/[^/\s]+/)")
NBSP = "\u00a0"


def text(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(html).replace(NBSP, " ").split())


def rows() -> dict:
    """What the pages may write: users, their roles and memberships, the log."""
    users = get_user_model().objects.order_by("pk")
    return {
        "users": list(users.values("pk", "username", "email", "is_active", "password")),
        "roles": list(users.values_list("pk", "groups__name")),
        "memberships": list(StaffMembership.objects.order_by("pk").values()),
        "log": LogEntry.objects.count(),
    }


@pytest.fixture
def colleagues(staff_of_rorosregionen, other_naeringshage, administrator, django_user_model):
    """Rørosregionen: the shared adviser and manager, and an administrator linked to it.
    The other næringshage: its own adviser."""
    staff_membership_set(user=administrator, naeringshage=staff_of_rorosregionen)
    theirs = make_user(django_user_model, "annen-radgiver", roles.ADVISER, email="a@annen.no")
    staff_membership_set(user=theirs, naeringshage=other_naeringshage)
    return {"theirs": theirs}


def invite(client, **data):
    fields = {
        "first_name": "Kari",
        "last_name": "Østby",
        "email": "Kari.Ostby@Fjellbakst.no",
        "role": roles.ADVISER,
    }
    return client.post("/users/invite/", fields | data)


def test_an_invited_adviser_chooses_a_password_through_the_mail_and_logs_in(
    colleagues, manager, manager_client
):
    response = invite(manager_client)

    assert response.status_code == 302 and response["Location"] == "/users/"
    kari = get_user_model().objects.get(email="Kari.Ostby@fjellbakst.no")
    assert kari.username == "kari.ostby@fjellbakst.no"
    assert not kari.has_usable_password()
    assert roles.role_names(kari) == {roles.ADVISER}
    assert kari.staff_membership.naeringshage.slug == "rorosregionen"
    listing = text(manager_client.get("/users/"))
    assert "Kari Østby er invitert" in listing
    assert "Aldri: invitert, har ikke valgt passord ennå" in listing

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Kari.Ostby@fjellbakst.no"]
    assert message.subject == "Du er invitert til Næringshage (Rørosregionen Næringshage AS)"
    assert "Leder har gjort deg til bruker av Rørosregionen" in message.body
    assert "som rådgiver" in message.body
    assert "Brukernavnet ditt er kari.ostby@fjellbakst.no." in message.body
    link = LINK.search(message.body).group(1)

    browser = Client()
    response = browser.get(link)
    assert response.status_code == 302  # to the same page without the token in it
    form_page = browser.get(response["Location"])
    assert "Velg passord" in text(form_page)
    response = browser.post(
        response["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response["Location"] == "/accounts/password-reset/complete/"
    assert "Passordet er lagret" in text(browser.get(response["Location"]))
    # The link works once.
    assert "Lenken virker ikke" in text(Client().get(link))

    response = browser.post(
        "/accounts/login/", {"username": "kari.ostby@fjellbakst.no", "password": NEW_PASSWORD}
    )
    assert response["Location"] == "/"
    assert "Velkommen, Kari" in text(browser.get("/"))
    assert browser.get("/companies/").status_code == 200

    entry = LogEntry.objects.get(object_id=str(kari.pk))
    assert entry.action_flag == ADDITION and entry.user == manager
    history = text(manager_client.get(f"/users/{kari.pk}/history/"))
    assert "Opprettet" in history and "Av Leder" in history
    assert "Rolle Rådgiver" in history and "E-postadresse Kari.Ostby@fjellbakst.no" in history


def test_an_invited_manager_gets_the_managers_role_and_sets_up_a_second_factor(
    colleagues, manager_client
):
    invite(manager_client, email="per@fjellbakst.no", first_name="Per", role=roles.MANAGER)

    per = get_user_model().objects.get(username="per@fjellbakst.no")
    assert roles.role_names(per) == {roles.MANAGER}
    assert "som daglig leder" in mail.outbox[0].body
    browser = Client()
    link = LINK.search(mail.outbox[0].body).group(1)
    form_url = browser.get(link)["Location"]
    browser.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    browser.post("/accounts/login/", {"username": per.username, "password": NEW_PASSWORD})
    assert browser.get("/users/")["Location"].startswith("/accounts/two-factor/enrol/")


def test_the_lists_query_count_does_not_grow_with_its_staff(
    colleagues, staff_of_rorosregionen, manager_client, django_user_model
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert manager_client.get("/users/").status_code == 200
        return len(queries)

    def hire(first: int, last: int) -> None:
        for number in range(first, last):
            user = make_user(django_user_model, f"radgiver-{number}", roles.ADVISER)
            staff_membership_set(user=user, naeringshage=staff_of_rorosregionen)

    manager_client.get("/users/")  # the session's first write after login, counted nowhere
    hire(0, 3)
    with_five = count()
    hire(3, 30)
    assert count() == with_five


def test_the_list_shows_the_naeringshages_staff_and_no_one_else(
    colleagues, manager_client, administrator, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = manager_client.get("/users/")

    assert response.status_code == 200
    table = text(response).split("Sist innlogget", 1)[1]
    assert "2 brukere" in text(response)
    assert "Radgiver – Rådgiver Ja Aldri" in table and "Leder deg – Daglig leder Ja" in table
    assert "Annen-Radgiver" not in table and "a@annen.no" not in table
    assert "Administrator" not in table
    assert f"/users/{administrator.pk}/" not in response.content.decode()
    assert '<a class="ds-link" href="/users/"' in response.content.decode()  # in the menu


def test_a_role_change_is_saved_and_written_in_the_history(
    colleagues, adviser, manager, manager_client
):
    response = manager_client.post(
        f"/users/{adviser.pk}/", {"role": roles.MANAGER, "is_active": "on"}
    )

    assert response.status_code == 302
    assert roles.role_names(get_user_model().objects.get(pk=adviser.pk)) == {roles.MANAGER}
    assert "Radgiver er nå daglig leder." in text(manager_client.get("/users/"))
    entry = LogEntry.objects.get(object_id=str(adviser.pk))
    assert entry.action_flag == CHANGE and entry.user == manager
    assert entry.get_change_message() == "Endret rolle."  # as the admin shows it
    history = text(manager_client.get(f"/users/{adviser.pk}/history/"))
    assert "Endret" in history and "Rolle Rådgiver Daglig leder" in history


def test_a_deactivated_user_is_logged_out_and_a_reactivated_one_logs_in_again(
    colleagues, adviser, adviser_client, manager_client
):
    response = manager_client.post(f"/users/{adviser.pk}/", {"role": roles.ADVISER})

    assert response.status_code == 302
    assert not get_user_model().objects.get(pk=adviser.pk).is_active
    assert "Radgiver er deaktivert og kan ikke lenger logge inn." in text(
        manager_client.get("/users/")
    )
    assert adviser_client.get("/companies/")["Location"].startswith("/accounts/login/")
    refused = Client().post(
        "/accounts/login/", {"username": adviser.username, "password": PASSWORD}
    )
    assert refused.status_code == 200  # the login page again

    manager_client.post(f"/users/{adviser.pk}/", {"role": roles.ADVISER, "is_active": "on"})

    again = Client()
    again.post("/accounts/login/", {"username": adviser.username, "password": PASSWORD})
    assert again.get("/companies/").status_code == 200
    history = text(manager_client.get(f"/users/{adviser.pk}/history/"))
    assert history.count("Aktiv ja nei") == 1 and history.count("Aktiv nei ja") == 1


def test_saving_without_a_change_writes_nothing(colleagues, adviser, manager_client):
    before = rows()

    response = manager_client.post(
        f"/users/{adviser.pk}/", {"role": roles.ADVISER, "is_active": "on"}
    )

    assert response.status_code == 302
    assert rows() == before


def test_an_adviser_is_refused_every_users_page_and_nothing_changes(
    colleagues, adviser_client, manager
):
    before = rows()
    for path in (
        "/users/",
        "/users/invite/",
        f"/users/{manager.pk}/",
        f"/users/{manager.pk}/history/",
    ):
        assert adviser_client.get(path).status_code == 403, path
    assert invite(adviser_client).status_code == 403
    response = adviser_client.post(f"/users/{manager.pk}/", {"role": roles.ADVISER})
    assert response.status_code == 403
    assert adviser_client.post(f"/users/{manager.pk}/invite-again/").status_code == 403
    assert rows() == before and not mail.outbox


def test_another_naeringshages_user_and_an_administrator_are_not_found(
    colleagues, administrator, manager_client
):
    before = rows()
    for someone in (colleagues["theirs"], administrator):
        for path in (f"/users/{someone.pk}/", f"/users/{someone.pk}/history/"):
            assert manager_client.get(path).status_code == 404, path
        response = manager_client.post(f"/users/{someone.pk}/", {"role": roles.MANAGER})
        assert response.status_code == 404
        assert manager_client.post(f"/users/{someone.pk}/invite-again/").status_code == 404
    assert rows() == before and not mail.outbox


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "kari@"}, "Skriv en hel e-postadresse, for eksempel kari@example.no."),
        ({"email": ""}, "Skriv e-postadressen."),
        ({"first_name": " "}, "Skriv fornavnet."),
        ({"last_name": "x" * 151}, "Etternavnet kan være høyst 150 tegn."),
        ({"first_name": "Kari\u202e"}, "usynlig tegn"),
        ({"role": roles.ADMINISTRATOR}, "Velg rådgiver eller daglig leder."),
        (
            {"email": "radgiver@example.no"},
            "Det finnes allerede en bruker med denne e-postadressen.",
        ),
        ({"email": "o'hara@example.no"}, "Adressen blir brukernavnet"),
    ],
)
def test_bad_input_to_the_invitation_is_refused_in_norwegian_and_writes_nothing(
    colleagues, adviser, manager_client, data, message
):
    adviser.email = "Radgiver@Example.no"
    adviser.save()
    before = rows()

    response = invite(manager_client, **data)

    assert response.status_code == 400
    assert message in text(response)
    assert rows() == before and not mail.outbox


def test_the_same_address_twice_makes_one_user(colleagues, manager_client):
    invite(manager_client)
    response = invite(manager_client, email="kari.ostby@FJELLBAKST.no")

    assert response.status_code == 400
    assert get_user_model().objects.filter(email__iexact="kari.ostby@fjellbakst.no").count() == 1
    assert len(mail.outbox) == 1


def test_a_manager_changes_neither_their_own_role_nor_their_own_access(
    colleagues, manager, manager_client
):
    page = text(manager_client.get(f"/users/{manager.pk}/"))
    assert "Du kan ikke endre din egen rolle eller deaktivere deg selv" in page
    before = rows()

    for data in ({"role": roles.ADVISER, "is_active": "on"}, {"role": roles.MANAGER}):
        response = manager_client.post(f"/users/{manager.pk}/", data)
        assert response.status_code == 400
        assert "Du kan ikke endre din egen rolle eller deaktivere deg selv" in text(response)
    assert rows() == before


def test_a_bad_role_on_a_user_is_refused(colleagues, adviser, manager_client):
    before = rows()

    response = manager_client.post(
        f"/users/{adviser.pk}/", {"role": "Superbruker", "is_active": "on"}
    )

    assert response.status_code == 400
    assert "Velg rådgiver eller daglig leder." in text(response)
    assert rows() == before


def _closed_port() -> int:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        return free.getsockname()[1]


def test_when_the_mail_server_cannot_be_reached_the_invitation_can_be_sent_again(
    colleagues, manager_client, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = (
        "127.0.0.1",
        _closed_port(),
        2,
    )

    response = invite(manager_client)

    kari = get_user_model().objects.get(username="kari.ostby@fjellbakst.no")
    page = text(manager_client.get(response["Location"]))
    assert "Kari Østby er opprettet som bruker, men e-posten kunne ikke sendes" in page
    assert "Send invitasjonen på nytt" in page

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = manager_client.post(f"/users/{kari.pk}/invite-again/")

    assert response["Location"] == "/users/"
    assert len(mail.outbox) == 1 and LINK.search(mail.outbox[0].body)


def test_a_user_with_a_password_gets_no_invitation(colleagues, adviser, manager_client):
    response = manager_client.post(f"/users/{adviser.pk}/invite-again/", follow=True)

    assert "Denne brukeren har valgt passord allerede" in text(response)
    assert not mail.outbox


def test_the_roles_groups_are_the_ones_the_migration_made(colleagues, manager_client):
    """The invitation uses the roles' groups; it makes none of its own."""
    groups = Group.objects.count()

    invite(manager_client)

    assert Group.objects.count() == groups


def test_a_deactivated_invited_user_gets_no_invitation(colleagues, manager_client):
    invite(manager_client)
    kari = get_user_model().objects.get(username="kari.ostby@fjellbakst.no")
    manager_client.post(f"/users/{kari.pk}/", {"role": roles.ADVISER})
    mail.outbox.clear()

    page = text(manager_client.get(f"/users/{kari.pk}/invite-again/"))
    assert "Denne brukeren er deaktivert" in page and "Avbryt" not in page
    response = manager_client.post(f"/users/{kari.pk}/invite-again/", follow=True)

    assert "Denne brukeren er deaktivert. Gjør vedkommende aktiv først." in text(response)
    assert not mail.outbox
