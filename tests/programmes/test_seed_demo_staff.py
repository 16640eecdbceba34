"""The demo users work for Rørosregionen once the reference data is loaded."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.http import HttpRequest
from django.urls import reverse

from naeringshage.management.commands.seed_demo import DEMO_USERS
from programmes.models import StaffMembership


@pytest.mark.django_db
def test_the_demo_users_are_linked_to_rorosregionen(reference_data, client):
    call_command("seed_demo", "--i-know-this-is-demo", stdout=None)

    memberships = StaffMembership.objects.select_related("user", "naeringshage")
    assert {m.user.username for m in memberships} == {demo.username for demo in DEMO_USERS}
    assert {m.naeringshage.slug for m in memberships} == {"rorosregionen"}
    # The login lockout (django-axes) checks every authentication against a request.
    assert client.login(request=HttpRequest(), username="radgiver", password="demo-radgiver")
    assert client.get(reverse("programmes:region")).status_code == 200


@pytest.mark.django_db
def test_without_reference_data_the_demo_users_have_no_naeringshage():
    call_command("seed_demo", "--i-know-this-is-demo")

    assert get_user_model().objects.count() == len(DEMO_USERS)
    assert not StaffMembership.objects.exists()


@pytest.mark.django_db
def test_seeding_twice_keeps_one_membership_each(reference_data):
    call_command("seed_demo", "--i-know-this-is-demo")
    call_command("seed_demo", "--i-know-this-is-demo")

    assert StaffMembership.objects.count() == len(DEMO_USERS)
