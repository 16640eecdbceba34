"""A database that cannot be reached answers 503 with Retry-After, in the user's language;
every other database error stays the 500 page."""

import json
import secrets

import pytest
from django.db import InterfaceError, OperationalError, connection, connections, transaction

from naeringshage.views import database_unreachable
from tests.isolated import run_python

UNREACHABLE = "postgres://nobody:nothing@127.0.0.1:9/none"
# A logged-in user's browser: the session must be read from the database.
SESSION_COOKIE = {"sessionid": "a" * 32}

# In a separate process whose database is a PostgreSQL port where nothing listens (or
# the given DATABASE_URL), with production's error pages (DEBUG off). Static files are
# served as they are, as in tests/conftest.py: no collectstatic has run.
REQUEST = """
import json
from django.conf import settings
from django.test import Client, override_settings
plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}):
    client = Client(raise_request_exception=False, headers=HEADERS)
    client.cookies.load(COOKIES)
    response = getattr(client, METHOD)(PATH, DATA)
print(json.dumps({
    "status": response.status_code,
    "headers": dict(response.headers),
    "body": response.content.decode(),
}))
"""


def request_in_outage(
    method: str,
    path: str,
    *,
    data: dict | None = None,
    cookies: dict | None = None,
    headers: dict | None = None,
    database_url: str = UNREACHABLE,
) -> tuple[dict, str]:
    """The answer (status, headers, body) and what the process logged."""
    code = (
        f"HEADERS = {headers or {}!r}; COOKIES = {cookies or {}!r}; METHOD = {method!r};"
        f"PATH = {path!r}; DATA = {data or {}!r}\n{REQUEST}"
    )
    result = run_python(
        code,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="testserver",
        DATABASE_URL=database_url,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]), result.stderr


def test_a_page_answers_503_in_norwegian_when_the_database_cannot_be_reached():
    response, log = request_in_outage("get", "/companies/", cookies=SESSION_COOKIE)

    assert response["status"] == 503
    assert response["headers"]["Retry-After"] == "30"
    assert "no-cache" in response["headers"]["Cache-Control"]
    assert response["headers"]["Content-Language"] == "nb"
    assert "default-src 'self'" in response["headers"]["Content-Security-Policy"]
    body = response["body"]
    assert '<html lang="nb"' in body
    assert '<h1 class="ds-heading" data-size="lg">Midlertidig utilgjengelig</h1>' in body
    assert "Databasen svarer ikke akkurat nå. Prøv igjen om litt." in body
    assert "designsystemet.css" in body
    assert "Traceback" not in body
    assert "OperationalError" not in body
    # Logged once, with the exception, although the session is read twice per request.
    assert log.count("Service Unavailable: /companies/") == 1
    assert "django.db.utils.OperationalError: connection to server" in log


def test_a_login_answers_503_when_the_database_cannot_be_reached():
    response, log = request_in_outage(
        "post", "/accounts/login/", data={"username": "radgiver", "password": "hemmelig"}
    )

    assert response["status"] == 503
    assert response["headers"]["Retry-After"] == "30"
    assert "Midlertidig utilgjengelig" in response["body"]
    assert log.count("Service Unavailable: /accounts/login/") == 1


def test_the_outage_page_is_english_for_a_user_who_chose_english():
    response, _log = request_in_outage(
        "get", "/companies/", cookies={**SESSION_COOKIE, "django_language": "en"}
    )

    assert response["status"] == 503
    assert response["headers"]["Content-Language"] == "en"
    assert '<html lang="en"' in response["body"]
    assert "The database cannot be reached right now." in response["body"]


def test_the_outage_page_is_norwegian_when_only_the_browser_asks_for_english():
    # As every page (tests/test_language.py): the switch's cookie chooses, not the browser.
    response, _log = request_in_outage(
        "get", "/companies/", cookies=SESSION_COOKIE, headers={"Accept-Language": "en"}
    )

    assert response["status"] == 503
    assert "Midlertidig utilgjengelig" in response["body"]


def test_an_sqlite_file_that_cannot_be_opened_answers_503(tmp_path):
    missing = tmp_path / "no-such-folder" / "db.sqlite3"

    response, _log = request_in_outage(
        "get", "/companies/", cookies=SESSION_COOKIE, database_url=f"sqlite:///{missing}"
    )

    assert response["status"] == 503
    assert response["headers"]["Retry-After"] == "30"


def test_a_database_without_its_tables_answers_500_not_503(tmp_path):
    # "no such table" is an OperationalError too, but trying again will not help.
    empty = tmp_path / "empty.sqlite3"

    response, log = request_in_outage(
        "get", "/companies/", cookies=SESSION_COOKIE, database_url=f"sqlite:///{empty}"
    )

    assert response["status"] == 500
    assert "Retry-After" not in response["headers"]
    assert "Noe gikk galt" in response["body"]
    assert "no such table: django_session" in log


@pytest.mark.django_db
def test_a_query_cancelled_by_postgresql_is_not_an_outage():
    if connection.vendor != "postgresql":
        pytest.skip("a statement timeout is PostgreSQL's")

    with (
        pytest.raises(OperationalError) as cancelled,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("SET LOCAL statement_timeout = 1")
        cursor.execute("SELECT pg_sleep(1)")

    assert not database_unreachable(cancelled.value)


@pytest.mark.django_db
def test_a_connection_ended_by_postgresql_is_an_outage():
    if connection.vendor != "postgresql":
        pytest.skip("ending another connection is PostgreSQL's")
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (pid,) = cursor.fetchone()
        with connection.cursor() as cursor:
            # Waits up to 5 s until that connection's server process has ended.
            cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
        with pytest.raises((OperationalError, InterfaceError)) as ended, other.cursor() as cursor:
            cursor.execute("SELECT 1")
    finally:
        other.close()

    assert database_unreachable(ended.value)
