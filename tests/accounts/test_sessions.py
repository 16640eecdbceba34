"""The idle timeout: a user who keeps working stays logged in; an idle session ends."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from tests.conftest import PASSWORD
from tests.isolated import run_python
from tests.test_settings import production_environment


def log_in(client, user) -> None:
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, "the login failed"


@pytest.fixture
def five_minutes_idle(settings):
    settings.SESSION_COOKIE_AGE = 300


def test_a_user_working_every_100_seconds_stays_logged_in_for_15_minutes(
    client, adviser, five_minutes_idle
):
    with time_machine.travel(datetime.now(UTC), tick=False) as traveller:
        log_in(client, adviser)
        for _step in range(9):
            traveller.shift(timedelta(seconds=100))
            assert client.get("/").status_code == 200, "logged out while in use"


def test_a_session_ends_301_seconds_after_the_last_request(client, adviser, five_minutes_idle):
    with time_machine.travel(datetime.now(UTC), tick=False) as traveller:
        log_in(client, adviser)
        traveller.shift(timedelta(seconds=100))
        assert client.get("/").status_code == 200

        traveller.shift(timedelta(seconds=301))
        response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_a_session_shorter_than_two_minutes_is_renewed_after_half_its_idle_time(
    client, adviser, settings
):
    # The settings refuse less than five minutes; the middleware does not rely on it.
    settings.SESSION_COOKIE_AGE = 60

    with time_machine.travel(datetime.now(UTC), tick=False) as traveller:
        log_in(client, adviser)
        for _step in range(9):
            traveller.shift(timedelta(seconds=20))
            assert client.get("/").status_code == 200, "logged out while in use"


def test_an_idle_timeout_below_five_minutes_is_refused_by_name():
    result = run_python("", **production_environment(SESSION_IDLE_SECONDS="299"))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SESSION_IDLE_SECONDS must be at least 300" in result.stderr


def test_an_idle_timeout_of_five_minutes_is_accepted():
    result = run_python(
        "from django.conf import settings as s; print(s.SESSION_COOKIE_AGE)",
        **production_environment(SESSION_IDLE_SECONDS="300"),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["300"]


def test_the_idle_clock_starts_at_login_and_the_first_page_writes_no_session(client, adviser):
    from django.apps import apps
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.apps import AccountsConfig
    from accounts.sessions import REFRESHED_AT

    # accounts/apps.py holds other apps' configs too: "accounts" must still be its own,
    # whose ready() connects the login to the idle clock.
    assert type(apps.get_app_config("accounts")) is AccountsConfig
    client.force_login(adviser)  # a login without the login page's response
    assert REFRESHED_AT in client.session

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert not [q for q in queries.captured_queries if "UPDATE" in q["sql"]]
