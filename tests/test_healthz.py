"""/healthz: for load balancers, no login, honest about the database."""

import pytest

from tests.isolated import run_python


@pytest.mark.django_db
def test_healthz_answers_ok_without_login(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_healthz_is_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/accounts/login/").status_code == 301


def test_healthz_answers_503_with_a_reason_when_the_database_is_unreachable():
    # A separate process whose database is a PostgreSQL port where nothing listens.
    code = (
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.status_code, r.content.decode())"
    )
    result = run_python(
        code,
        DEBUG="true",
        ALLOWED_HOSTS="testserver",
        DATABASE_URL="postgres://nobody:nothing@127.0.0.1:9/none",
    )

    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().split(" ", 1)
    assert status == "503"
    assert '"status": "error"' in body
    assert "database unreachable (OperationalError)" in body
