"""Login, logout and password change through Django's auth views, in Norwegian."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, PBKDF2PasswordHasher
from django.contrib.auth.models import Group

from accounts import roles
from naeringshage import settings as project_settings
from tests.conftest import PASSWORD


@pytest.mark.django_db
def test_the_three_roles_exist_as_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Rådgiver",
        "Daglig leder",
        "Administrator",
    }


def test_a_wrong_password_shows_a_norwegian_error_and_no_500(client, adviser):
    response = client.post(
        "/accounts/login/", {"username": adviser.username, "password": "feil-passord"}
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Vennligst oppgi korrekt brukernavn og passord" in content
    assert 'role="alert"' in content
    assert "_auth_user_id" not in client.session


def test_an_empty_form_names_the_missing_fields_in_norwegian(client, db):
    response = client.post("/accounts/login/", {"username": "", "password": ""})

    assert response.status_code == 200
    content = response.content.decode()
    # Beside each field, and again in the error summary at the top of the form.
    assert content.count("Feltet er påkrevet.") == 4
    assert 'aria-describedby="id_username_error"' in content
    assert 'aria-invalid="true"' in content


def test_a_correct_password_logs_in_and_lands_on_the_home_page(client, adviser):
    response = client.post(
        "/accounts/login/", {"username": adviser.username, "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain == [("/", 302)]
    assert int(client.session["_auth_user_id"]) == adviser.pk
    assert "Velkommen, Radgiver" in response.content.decode()


def test_login_follows_a_safe_next_and_ignores_an_outside_one(client, adviser):
    data = {"username": adviser.username, "password": PASSWORD}

    safe = client.post("/accounts/login/?next=/accounts/password/", data)
    client.logout()
    outside = client.post("/accounts/login/?next=https://evil.example/", data)

    assert safe["Location"] == "/accounts/password/"
    assert outside["Location"] == "/"


def test_the_home_page_names_the_users_roles(client, manager, user_without_role):
    client.force_login(manager)
    assert "Daglig leder" in client.get("/").content.decode()

    client.force_login(user_without_role)
    assert "Du har ingen rolle ennå" in client.get("/").content.decode()


def test_the_home_page_shows_the_admin_link_only_to_staff(adviser_client, administrator_client):
    assert "/admin/" not in adviser_client.get("/").content.decode()
    assert "/admin/" in administrator_client.get("/").content.decode()


def test_logout_is_post_only(adviser_client):
    assert adviser_client.get("/accounts/logout/").status_code == 405

    response = adviser_client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert adviser_client.get("/")["Location"] == "/accounts/login/?next=/"


def test_logout_needs_the_csrf_token(adviser):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(adviser)

    assert client.post("/accounts/logout/").status_code == 403
    assert client.get("/").status_code == 200


def test_the_password_can_be_changed(adviser_client, adviser):
    response = adviser_client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Tynset-Røros-2016",
            "new_password2": "Tynset-Røros-2016",
        },
    )

    assert response["Location"] == "/accounts/password/done/"
    adviser.refresh_from_db()
    assert adviser.check_password("Tynset-Røros-2016")
    assert "Passordet ditt er byttet" in adviser_client.get(response["Location"]).content.decode()


def test_a_bad_password_change_is_refused_in_norwegian(adviser_client, adviser):
    response = adviser_client.post(
        "/accounts/password/",
        {"old_password": "feil", "new_password1": "abc", "new_password2": "abd"},
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Ditt gamle passord er galt." in content
    assert "De to passordfeltene er ikke like." in content
    adviser.refresh_from_db()
    assert adviser.check_password(PASSWORD)


def test_role_checks_read_the_groups_once_per_user_object(manager, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert roles.is_manager(manager)
        assert roles.is_staff_member(manager)
        assert not roles.has_role(manager, roles.ADMINISTRATOR)


def test_a_refusal_says_why_when_the_reason_is_known(client, django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("uten-hage", password="x")
    user.groups.add(Group.objects.get_or_create(name=roles.ADVISER)[0])
    client.force_login(user)

    response = client.get("/services/")

    assert response.status_code == 403
    assert "ikke knyttet til en næringshage" in response.content.decode()


@pytest.fixture
def pbkdf2_adviser(adviser, settings):
    """The adviser with a password stored by PBKDF2, as before Argon2, and the product's
    own hashers instead of the suite's fast MD5 (tests/conftest.py)."""
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    pbkdf2 = PBKDF2PasswordHasher()
    # Few iterations: what is tested is the upgrade, not PBKDF2's work factor.
    adviser.password = pbkdf2.encode(PASSWORD, pbkdf2.salt(), iterations=1000)
    adviser.save(update_fields=["password"])
    return adviser


def test_new_passwords_are_stored_with_argon2(settings, django_user_model):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS

    user = django_user_model.objects.create_user("ny-radgiver", password=PASSWORD)

    assert user.password.startswith("argon2$")
    # Argon2id with OWASP's 19 MiB, 2 passes, 1 lane (accounts/hashers.py).
    assert "$argon2id$v=19$m=19456,t=2,p=1$" in user.password


def test_a_password_hashed_at_djangos_argon2_setting_is_stored_again_at_the_products(
    client, adviser, settings
):
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    django_argon2 = Argon2PasswordHasher()
    adviser.password = django_argon2.encode(PASSWORD, django_argon2.salt())
    adviser.save(update_fields=["password"])
    assert "m=102400,t=2,p=8" in adviser.password

    response = client.post("/accounts/login/", {"username": adviser.username, "password": PASSWORD})

    assert response.status_code == 302
    adviser.refresh_from_db()
    assert "$argon2id$v=19$m=19456,t=2,p=1$" in adviser.password


def test_a_pbkdf2_password_logs_in_and_is_stored_again_with_argon2(client, pbkdf2_adviser):
    response = client.post(
        "/accounts/login/", {"username": pbkdf2_adviser.username, "password": PASSWORD}
    )

    assert response.status_code == 302 and response["Location"] == "/"
    assert int(client.session["_auth_user_id"]) == pbkdf2_adviser.pk
    pbkdf2_adviser.refresh_from_db()
    assert pbkdf2_adviser.password.startswith("argon2$")
    assert pbkdf2_adviser.check_password(PASSWORD)


def test_a_wrong_password_leaves_the_pbkdf2_hash_as_it_was(client, pbkdf2_adviser):
    stored = pbkdf2_adviser.password

    response = client.post(
        "/accounts/login/", {"username": pbkdf2_adviser.username, "password": "feil-passord"}
    )

    assert response.status_code == 200
    pbkdf2_adviser.refresh_from_db()
    assert pbkdf2_adviser.password == stored
