"""Login lockout (django-axes): five failed logins lock that username for 30 minutes."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, RequestFactory

from accounts.client_address import client_address
from tests.conftest import PASSWORD
from tests.isolated import run_python
from tests.test_settings import production_environment

# With each process's own cache and with the shared one (Redis).
pytestmark = pytest.mark.usefixtures("cache_backend")

LOCKED_NB = "For mange mislykkede innlogginger: brukeren er sperret i 30 minutter."
LOCKED_EN = "Too many failed logins: this user is locked for 30 minutes."


def log_in(client, username: str, password: str = PASSWORD, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


def fail(client, username: str, times: int):
    return [log_in(client, username, "feil-passord") for _attempt in range(times)]


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_lockout_is_on_with_five_failures_and_thirty_minutes_by_username():
    assert settings.AXES_ENABLED is True
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username"]
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert "axes.middleware.AxesMiddleware" in settings.MIDDLEWARE


def test_four_failures_only_show_the_ordinary_error(client, adviser):
    answers = fail(client, adviser.username, 4)

    assert [answer.status_code for answer in answers] == [200] * 4
    assert LOCKED_NB not in answers[-1].content.decode()
    assert log_in(client, adviser.username).status_code == 302


def test_the_fifth_failure_locks_and_then_the_right_password_is_refused(client, adviser):
    *_first, fifth = fail(client, adviser.username, 5)

    assert fifth.status_code == 429
    assert LOCKED_NB in fifth.content.decode()

    response = log_in(client, adviser.username)

    assert response.status_code == 429
    assert not logged_in(client)
    content = response.content.decode()
    # The login page again, in Norwegian, with the message as an alert and the form.
    assert "<h1" in content and "Logg inn" in content
    assert 'role="alert"' in content and LOCKED_NB in content
    assert 'name="password"' in content
    assert f'value="{adviser.username}"' in content


def test_the_message_is_english_when_english_is_chosen(client, adviser):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    fail(client, adviser.username, 5)

    response = log_in(client, adviser.username)

    assert response.status_code == 429
    assert LOCKED_EN in response.content.decode()


def test_the_lock_ends_after_thirty_minutes(client, adviser):
    start = datetime.now(UTC)
    with time_machine.travel(start, tick=False) as traveller:
        fail(client, adviser.username, 5)

        traveller.shift(timedelta(minutes=29))
        assert log_in(client, adviser.username).status_code == 429

        traveller.shift(timedelta(minutes=1, seconds=1))
        response = log_in(client, adviser.username)

    assert response.status_code == 302
    assert logged_in(client)


def test_trying_during_the_lock_does_not_extend_it(client, adviser):
    start = datetime.now(UTC)
    with time_machine.travel(start, tick=False) as traveller:
        fail(client, adviser.username, 5)
        traveller.shift(timedelta(minutes=25))
        fail(client, adviser.username, 3)

        traveller.shift(timedelta(minutes=5, seconds=1))
        assert log_in(client, adviser.username).status_code == 302


def test_another_username_is_not_locked(client, adviser, manager):
    fail(client, adviser.username, 5)

    response = log_in(client, manager.username)

    assert response.status_code == 302
    assert logged_in(client)


def test_a_successful_login_clears_the_count(client, adviser):
    fail(client, adviser.username, 4)
    assert log_in(client, adviser.username).status_code == 302
    client.post("/accounts/logout/")

    answers = fail(client, adviser.username, 4)

    assert answers[-1].status_code == 200
    assert log_in(client, adviser.username).status_code == 302


@pytest.mark.django_db
def test_an_unknown_username_is_locked_the_same_way(client):
    """The answer does not tell whether a username exists."""
    *_first, fifth = fail(client, "finnes-ikke", 5)

    assert fifth.status_code == 429
    assert LOCKED_NB in fifth.content.decode()


def test_the_admin_login_is_covered(client, administrator):
    fail(client, administrator.username, 5)

    # The admin's login leads to the one login page ...
    assert client.get("/admin/login/?next=/admin/")["Location"] == "/accounts/login/?next=/admin/"
    # ... whose lockout holds for the administrator too.
    response = client.post(
        "/accounts/login/?next=/admin/",
        {"username": administrator.username, "password": PASSWORD, "next": "/admin/"},
    )

    assert response.status_code == 429
    assert 'name="next" value="/admin/"' in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_the_attempt_records_the_client_address_behind_the_proxy(client, adviser, settings):
    settings.TRUSTED_PROXY_COUNT = 1

    log_in(
        client,
        adviser.username,
        "feil-passord",
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_FORWARDED_FOR="198.51.100.66, 203.0.113.7",
    )

    assert list(AccessAttempt.objects.values_list("username", "ip_address")) == [
        (adviser.username, "203.0.113.7")
    ]


# --- The client address -----------------------------------------------------------------


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/accounts/login/", **extra)


def test_without_proxies_the_connection_address_counts_and_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_address(request_from("203.0.113.7", "198.51.100.66")) == "203.0.113.7"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "203.0.113.7", "203.0.113.7"),
        # A client's own X-Forwarded-For entries stand to the left and are never read.
        (1, "198.51.100.66, 203.0.113.7", "203.0.113.7"),
        (2, "198.51.100.66, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        (1, "2001:db8::1", "2001:db8::1"),
        # Not what the proxies would have written: the connection's address instead.
        (2, "203.0.113.7", "10.0.0.5"),
        (1, "", "10.0.0.5"),
        (1, "not-an-address", "10.0.0.5"),
    ],
)
def test_behind_proxies_the_client_is_read_from_the_right(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies

    assert client_address(request_from("10.0.0.5", forwarded)) == expected


# --- Settings ---------------------------------------------------------------------------


def test_limit_lockout_time_and_proxies_come_from_the_environment():
    result = run_python(
        "from django.conf import settings as s; print(s.AXES_FAILURE_LIMIT,"
        " int(s.AXES_COOLOFF_TIME.total_seconds()), s.TRUSTED_PROXY_COUNT)",
        **production_environment(
            LOGIN_FAILURE_LIMIT="8", LOGIN_LOCKOUT_MINUTES="60", TRUSTED_PROXY_COUNT="1"
        ),
    )

    assert result.stdout.split() == ["8", "3600", "1"], result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("LOGIN_FAILURE_LIMIT", "0"),
        ("LOGIN_FAILURE_LIMIT", "five"),
        ("LOGIN_LOCKOUT_MINUTES", "0"),
        ("TRUSTED_PROXY_COUNT", "-1"),
    ],
)
def test_a_bad_lockout_setting_names_the_variable(name, value):
    result = run_python("", **production_environment(**{name: value}))

    assert "ImproperlyConfigured" in result.stderr
    assert name in result.stderr


def test_the_admin_cleans_up_the_attempts_older_than_the_lockout(administrator_client, adviser):
    """django-axes' action failed from the admin (it needs the time of a login). (A
    failed login cleans up too, so the old attempt is made after the new one.)"""
    fail(Client(), adviser.username, 1)
    with time_machine.travel(datetime(2016, 3, 1, 9, tzinfo=UTC)):
        fail(Client(), "gammel", 1)
    old = AccessAttempt.objects.get(username="gammel")

    response = administrator_client.post(
        "/admin/axes/accessattempt/",
        {"action": "cleanup_expired_attempts", "_selected_action": [old.pk]},
    )

    assert response.status_code == 302
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == [adviser.username]
