"""Every page needs login, except the few that cannot: proven by walking the URLconf."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from tests.urlwalk import url_patterns

# The only views an anonymous visitor may reach, and why.
PUBLIC = {
    "login",  # the login page itself
    "healthz",  # load balancers
    "set_language",  # the language switch on the login page
    # A forgotten password: asking for the link, the page after, the link, and done.
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


def all_views():
    return sorted(set(url_patterns()))


def test_the_walk_finds_the_project_and_admin_pages():
    names = {name for name, _path in all_views()}
    assert {"home", "login", "logout", "password_change", "healthz"} <= names
    assert "admin:index" in names
    assert any(name.startswith("admin:auth_user_") for name in names)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "path"), all_views())
def test_anonymous_visitors_are_sent_to_login(client, name, path):
    login_page = reverse(settings.LOGIN_URL)
    if name in PUBLIC:
        response = client.get(path)
        assert response.status_code < 500, path
        assert not response.get("Location", "").startswith(login_page), path
    else:
        # Straight to the login page, or (admin pages) via /admin/login/ which leads there.
        response = client.get(path)
        location = response.get("Location", "")
        if location.startswith("/admin/login/"):
            response = client.get(location)
            location = response.get("Location", "")
        assert response.status_code == 302, f"{name} {path} answered without a redirect"
        assert urlsplit(location).path == login_page, f"{name} {path} went to {location}"


@pytest.mark.django_db
def test_the_admin_login_leads_to_the_one_login_page(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"


def test_a_logged_in_user_without_admin_access_is_refused_not_sent_round(adviser_client):
    response = adviser_client.get("/admin/", follow=True)

    assert response.status_code == 403
    assert len(response.redirect_chain) == 1
    assert "bare for administratorer" in response.content.decode()


def test_an_administrator_reaches_the_admin(administrator_client):
    assert administrator_client.get("/admin/").status_code == 200
    response = administrator_client.get("/admin/login/?next=/admin/funding/")
    assert response["Location"] == "/admin/funding/"


@pytest.mark.django_db
def test_the_admin_login_ignores_an_outside_next(client):
    response = client.get("/admin/login/?next=https://evil.example/")

    assert response["Location"] == "/accounts/login/?next=/admin/"
