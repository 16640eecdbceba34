"""Several næringshager in one installation: a staff user sees only their own."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from municipalities.models import Municipality
from programmes.models import Naeringshage, Programme, RegionMembership, StaffMembership
from programmes.scoping import naeringshage_for, scoped
from programmes.services import staff_membership_set
from tests.conftest import make_user


@pytest.fixture
def other_naeringshage(reference_data) -> Naeringshage:
    """A second næringshage whose region is Selbu alone."""
    other = Naeringshage.objects.create(
        slug="annen", name="Annen Næringshage AS", programme=Programme.objects.get()
    )
    RegionMembership.objects.create(
        naeringshage=other,
        municipality=Municipality.objects.get(slug="selbu"),
        role=RegionMembership.Role.MEMBER,
        valid_from=date(2010, 1, 1),
    )
    return other


@pytest.fixture
def other_adviser(django_user_model, other_naeringshage):
    user = make_user(django_user_model, "annen-radgiver", "Rådgiver")
    staff_membership_set(user=user, naeringshage=other_naeringshage)
    return user


def test_each_user_gets_their_own_naeringshage(
    adviser, other_adviser, staff_of_rorosregionen, other_naeringshage
):
    assert naeringshage_for(adviser) == staff_of_rorosregionen
    assert naeringshage_for(other_adviser) == other_naeringshage


def test_a_user_without_a_naeringshage_is_refused(user_without_role):
    with pytest.raises(PermissionDenied):
        naeringshage_for(user_without_role)


def test_scoped_querysets_hold_only_the_users_rows(adviser, other_adviser, staff_of_rorosregionen):
    mine = scoped(RegionMembership.objects.all(), adviser)
    theirs = scoped(RegionMembership.objects.all(), other_adviser)

    assert mine.count() == 10
    assert [m.municipality.slug for m in theirs] == ["selbu"]
    assert not set(mine) & set(theirs)


def test_a_user_of_one_naeringshage_never_sees_the_region_of_another(
    adviser_client, other_adviser, staff_of_rorosregionen
):
    other_client = Client()
    other_client.force_login(other_adviser)

    mine = adviser_client.get(reverse("programmes:region"), {"year": 2016}).content.decode()
    theirs = other_client.get(reverse("programmes:region"), {"year": 2016}).content.decode()

    assert "Rørosregionen" in mine and "Annen Næringshage" not in mine
    assert "Annen Næringshage AS" in theirs and "Rørosregionen" not in theirs
    assert "1 programmedlem i 2016" in theirs
    assert "Tynset" not in theirs


def test_a_user_works_for_one_naeringshage_at_a_time(
    adviser, staff_of_rorosregionen, other_naeringshage
):
    staff_membership_set(user=adviser, naeringshage=other_naeringshage)

    assert StaffMembership.objects.filter(user=adviser).count() == 1
    assert StaffMembership.objects.get(user=adviser).naeringshage == other_naeringshage
