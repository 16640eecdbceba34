"""The demo users work for Rørosregionen once the reference data is loaded (without it,
tests/demo/test_seed_demo.py). The users alone: the whole command with its demo data is
tests/demo/test_seed_demo_data.py's."""

import pytest
from django.http import HttpRequest
from django.urls import reverse

from demo.management.commands.seed_demo import DEMO_USERS, seed_demo_users
from programmes.models import StaffMembership
from tests.conftest import rows_for_the_module


@pytest.fixture(scope="module")
def _seeded(django_db_setup, django_db_blocker):
    with rows_for_the_module(django_db_blocker):
        seed_demo_users()
        yield


@pytest.fixture
def seeded(_seeded, reference_data):
    pass


def test_the_demo_users_are_linked_to_rorosregionen(seeded, client):
    memberships = StaffMembership.objects.select_related("user", "naeringshage")
    assert {m.user.username for m in memberships} == {demo.username for demo in DEMO_USERS}
    assert {m.naeringshage.slug for m in memberships} == {"rorosregionen"}
    # The login lockout (django-axes) checks every authentication against a request.
    assert client.login(request=HttpRequest(), username="radgiver", password="demo-radgiver")
    assert client.get(reverse("programmes:region")).status_code == 200


def test_seeding_twice_keeps_one_membership_each(seeded):
    seed_demo_users()

    assert StaffMembership.objects.count() == len(DEMO_USERS)
