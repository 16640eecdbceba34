"""The shared cast: one user per role, each with a logged-in test client."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from programmes import roles

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _fast_passwords_and_plain_static(settings):
    # PBKDF2 with a million rounds is right for production and wrong for a test suite.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The manifest needs collectstatic; tests serve the source files as they are.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def make_user(django_user_model, username: str, role: str | None, **extra):
    user = django_user_model.objects.create_user(
        username=username, password=PASSWORD, first_name=username.title(), **extra
    )
    if role:
        # get_or_create: transactional tests (the browser ones) flush the migration-made groups.
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


@pytest.fixture
def adviser(db, django_user_model):
    return make_user(django_user_model, "radgiver", roles.ADVISER)


@pytest.fixture
def manager(db, django_user_model):
    return make_user(django_user_model, "leder", roles.MANAGER)


@pytest.fixture
def administrator(db, django_user_model):
    return make_user(
        django_user_model, "administrator", roles.ADMINISTRATOR, is_staff=True, is_superuser=True
    )


@pytest.fixture
def user_without_role(db, django_user_model):
    return make_user(django_user_model, "utenrolle", None)


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def adviser_client(adviser):
    return _client_for(adviser)


@pytest.fixture
def manager_client(manager):
    return _client_for(manager)


@pytest.fixture
def administrator_client(administrator):
    return _client_for(administrator)
