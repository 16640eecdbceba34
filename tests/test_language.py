"""Norwegian bokmål first; English when the user picks it."""

import shutil
import subprocess
from pathlib import Path

import pytest

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "nb" / "LC_MESSAGES" / "django.po"


def test_pages_are_norwegian_even_when_the_browser_asks_for_english(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

    assert '<html lang="nb"' in response.content.decode()
    assert "<title>Logg inn" in response.content.decode()
    assert response["Content-Language"] == "nb"


def test_the_switch_turns_the_pages_english_and_back(adviser_client):
    response = adviser_client.post(
        "/i18n/setlang/", {"language": "en", "next": "/accounts/password/"}
    )
    assert response["Location"] == "/accounts/password/"

    english = adviser_client.get("/").content.decode()
    assert '<html lang="en"' in english
    assert "Welcome, Radgiver" in english
    assert "Adviser" in english

    adviser_client.post("/i18n/setlang/", {"language": "nb", "next": "/"})
    assert "Velkommen, Radgiver" in adviser_client.get("/").content.decode()


def test_an_unknown_language_is_ignored(client, db):
    client.cookies["django_language"] = "xx"

    assert '<html lang="nb"' in client.get("/accounts/login/").content.decode()


@pytest.mark.skipif(
    shutil.which("msgfmt") is None, reason="needs gettext (apt-get install gettext)"
)
def test_every_text_has_a_norwegian_translation():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=True,
    )

    statistics = result.stderr
    assert "translated message" in statistics
    assert "untranslated" not in statistics
    assert "fuzzy" not in statistics
