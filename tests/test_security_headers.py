"""Strict headers on every answer, secure cookies in production, sessions that end when idle."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings

from tests.isolated import run_python
from tests.test_settings import production_environment

EXPECTED_DIRECTIVES = {
    "default-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}


def policy(response) -> dict[str, set[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = set(sources)
    return directives


@pytest.mark.parametrize("path", ["/accounts/login/", "/healthz"])
@pytest.mark.django_db
def test_anonymous_pages_carry_the_strict_policy(client, path):
    response = client.get(path)

    directives = policy(response)
    for name, sources in EXPECTED_DIRECTIVES.items():
        assert directives[name] == sources, name


@pytest.mark.parametrize("path", ["/", "/admin/", "/admin/auth/user/add/"])
def test_staff_and_admin_pages_carry_the_strict_policy(administrator_client, path):
    response = administrator_client.get(path)

    assert response.status_code == 200
    directives = policy(response)
    for name, sources in EXPECTED_DIRECTIVES.items():
        assert directives[name] == sources, name


@pytest.mark.django_db
def test_the_policy_allows_no_inline_code_no_eval_and_no_other_origin(client):
    header = client.get("/accounts/login/")["Content-Security-Policy"]

    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    assert "unsafe-hashes" not in header
    assert "*" not in header
    assert "http" not in header
    # Only the design system's CSS icons (data: URIs) are added beyond 'self'.
    assert policy(client.get("/accounts/login/"))["img-src"] == {"'self'", "data:"}


@pytest.mark.django_db
def test_pages_may_not_be_framed_and_send_no_referrer_to_other_sites(client):
    response = client.get("/accounts/login/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_session_cookie_is_http_only(client, adviser):
    from tests.conftest import PASSWORD

    response = client.post("/accounts/login/", {"username": adviser.username, "password": PASSWORD})

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["max-age"] == settings.SESSION_COOKIE_AGE


def test_production_cookies_are_secure_and_http_only():
    result = run_python(
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE,"
        " s.LANGUAGE_COOKIE_SECURE, s.SESSION_COOKIE_AGE,"
        " 'accounts.sessions.IdleSessionMiddleware' in s.MIDDLEWARE)",
        **production_environment(),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "True", "3600", "True"]


def test_the_idle_timeout_comes_from_session_idle_seconds():
    result = run_python(
        "from django.conf import settings as s; print(s.SESSION_COOKIE_AGE)",
        **production_environment(SESSION_IDLE_SECONDS="900"),
    )

    assert result.stdout.split() == ["900"], result.stderr


def test_the_old_session_cookie_age_variable_is_refused_by_name():
    result = run_python("", **production_environment(SESSION_COOKIE_AGE="28800"))

    assert "ImproperlyConfigured" in result.stderr
    assert "SESSION_IDLE_SECONDS" in result.stderr


def test_a_session_lives_on_while_used_and_ends_after_the_idle_timeout(adviser_client):
    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    start = datetime.now(UTC)

    with time_machine.travel(start, tick=False) as traveller:
        assert adviser_client.get("/").status_code == 200
        # Used every 50 minutes for a whole working day: still logged in.
        for _step in range(10):
            traveller.shift(idle - timedelta(minutes=10))
            assert adviser_client.get("/").status_code == 200, "logged out while in use"

        traveller.shift(idle + timedelta(seconds=1))
        response = adviser_client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_a_used_session_is_written_at_most_once_a_minute(adviser_client):
    from django.contrib.sessions.models import Session

    def expiry():
        return Session.objects.get().expire_date

    with time_machine.travel(datetime.now(UTC), tick=False) as traveller:
        traveller.shift(timedelta(seconds=61))
        adviser_client.get("/")
        first = expiry()

        traveller.shift(timedelta(seconds=59))
        adviser_client.get("/")
        assert expiry() == first, "written again within the minute"

        traveller.shift(timedelta(seconds=2))
        adviser_client.get("/")
        assert expiry() == first + timedelta(seconds=61)
