"""Forgot password: the link by e-mail sets a new password; the page says the same
whether or not the address is a user's and sends a mail only to a user; the requests
are throttled per client and per address; the login page links to it."""

import re
from html import unescape

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from accounts.password_reset import LINKS_PER_ADDRESS, REQUESTS_PER_CLIENT

# With each process's own cache and with the shared one (Redis).
pytestmark = pytest.mark.usefixtures("cache_backend")

NEW_PASSWORD = "fjellbakst-og-tynset-sag-2016"
LINK = re.compile(r"http://testserver(/accounts/password-reset/[^/\s]+/[^/\s]+/)")


def text(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(html).replace("\u00a0", " ").split())


@pytest.fixture(autouse=True)
def _fresh_counts():
    """The throttle counts in the default cache, which outlives a test."""
    cache.clear()
    with translation.override("nb"):
        yield
    cache.clear()


@pytest.fixture
def kari(adviser):
    adviser.email = "kari@fjellbakst.no"
    adviser.save()
    return adviser


def ask(client: Client, address: str):
    return client.post("/accounts/password-reset/", {"email": address})


def test_the_login_page_links_to_forgot_password(client, db):
    page = client.get("/accounts/login/").content.decode()

    assert '<a class="ds-link" href="/accounts/password-reset/">Glemt passord?</a>' in page


def test_a_user_gets_a_link_that_sets_a_new_password_once(client, kari):
    response = ask(client, "KARI@fjellbakst.no")

    assert response["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kari@fjellbakst.no"]
    assert message.subject == "Velg nytt passord for Næringshage"
    assert "Brukernavnet ditt er radgiver." in message.body
    assert "Lenken virker én gang, i 3 døgn." in message.body
    link = LINK.search(message.body).group(1)

    form_url = client.get(link)["Location"]
    assert "Passordet for brukeren radgiver" in text(client.get(form_url))
    short = client.post(form_url, {"new_password1": "kort", "new_password2": "kort"})
    assert short.status_code == 400
    assert "Passordet er for kort" in text(short)
    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == "/accounts/password-reset/complete/"

    kari.refresh_from_db()
    assert kari.check_password(NEW_PASSWORD)
    assert "Lenken virker ikke" in text(Client().get(link))
    browser = Client()
    browser.post("/accounts/login/", {"username": "radgiver", "password": NEW_PASSWORD})
    assert browser.get("/").status_code == 200


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, kari):
    known = ask(client, "kari@fjellbakst.no")
    unknown = ask(Client(), "ingen@fjellbakst.no")

    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    assert text(Client().get(unknown["Location"])) == text(Client().get(known["Location"]))
    assert [message.to for message in mail.outbox] == [["kari@fjellbakst.no"]]


def test_a_deactivated_user_gets_no_mail_and_their_old_link_sets_nothing(client, kari):
    ask(client, "kari@fjellbakst.no")
    link = LINK.search(mail.outbox[0].body).group(1)
    kari.is_active = False
    kari.save()

    assert ask(Client(), "kari@fjellbakst.no")["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1
    assert "Lenken virker ikke" in text(Client().get(link))


def test_a_bad_address_is_refused_in_norwegian(client, db):
    response = ask(client, "kari@")

    assert response.status_code == 400
    assert "Oppgi en gyldig e-postadresse" in text(response)
    assert not mail.outbox


def test_one_address_gets_a_few_links_then_the_same_page_and_no_more_mail(kari):
    answers = {
        ask(Client(), "kari@fjellbakst.no")["Location"] for _ in range(LINKS_PER_ADDRESS + 2)
    }

    assert answers == {"/accounts/password-reset/sent/"}
    assert len(mail.outbox) == LINKS_PER_ADDRESS
    # An address nobody has counts the same way, so the limit tells nothing either.
    unknown = {
        ask(Client(), "ingen@fjellbakst.no").status_code for _ in range(LINKS_PER_ADDRESS + 2)
    }
    assert unknown == {302}


def test_one_client_is_refused_after_many_requests(client, kari):
    for number in range(REQUESTS_PER_CLIENT):
        assert ask(client, f"person{number}@example.no").status_code == 302

    response = ask(client, "kari@fjellbakst.no")

    assert response.status_code == 429
    assert "for mange forespørsler om nytt passord" in text(response)
    assert not mail.outbox
    # Another client address is not held back.
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert ask(other, "kari@fjellbakst.no").status_code == 302
    assert len(mail.outbox) == 1


def test_an_invited_user_without_a_password_may_ask_for_a_new_link(client, kari):
    kari.set_unusable_password()
    kari.save()

    ask(client, "kari@fjellbakst.no")

    assert len(mail.outbox) == 1
