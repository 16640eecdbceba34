"""Demo users: one per role, known passwords, never by accident in production."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.http import HttpRequest

from demo.management.commands.seed_demo import DEMO_USERS
from programmes.models import StaffMembership

# The users alone: without the reference data there is no demo næringshage to fill
# (tests/demo/test_seed_demo_staff.py and tests/demo/test_seed_demo_data.py have it).
pytestmark = pytest.mark.empty_database


@pytest.mark.django_db
def test_it_refuses_when_debug_is_off_and_the_flag_is_missing(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--i-know-this-is-demo"):
        call_command("seed_demo")

    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_it_creates_one_user_per_role_who_can_log_in(client):
    call_command("seed_demo", "--i-know-this-is-demo")

    for demo in DEMO_USERS:
        user = get_user_model().objects.get(username=demo.username)
        assert list(user.groups.values_list("name", flat=True)) == [demo.role]
        # The login lockout (django-axes) checks every authentication against a request.
        assert client.login(request=HttpRequest(), username=demo.username, password=demo.password)
    assert {demo.role for demo in DEMO_USERS} == {"Rådgiver", "Daglig leder", "Administrator"}


@pytest.mark.django_db
def test_running_it_twice_changes_nothing():
    call_command("seed_demo", "--i-know-this-is-demo")
    before = list(get_user_model().objects.order_by("pk").values())

    call_command("seed_demo", "--i-know-this-is-demo")

    assert list(get_user_model().objects.order_by("pk").values()) == before


@pytest.mark.django_db
def test_it_restores_a_demo_password_that_was_changed():
    call_command("seed_demo", "--i-know-this-is-demo")
    user = get_user_model().objects.get(username="leder")
    user.set_password("something-else-entirely")
    user.save()

    call_command("seed_demo", "--i-know-this-is-demo")

    user.refresh_from_db()
    assert user.check_password("demo-leder")


@pytest.mark.django_db
def test_without_reference_data_the_demo_users_have_no_naeringshage():
    call_command("seed_demo", "--i-know-this-is-demo")

    assert get_user_model().objects.count() == len(DEMO_USERS)
    assert not StaffMembership.objects.exists()
