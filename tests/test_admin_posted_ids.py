"""The admin checks the ids a request posts before it looks them up
(naeringshage/admin_site.py): a crafted value is refused on its field or as a choice,
never a 500. Django's own admin answered 500 for each of these."""

import re

import pytest
from django.contrib.auth.models import Group, Permission

from funding.models import Funder

pytestmark = pytest.mark.django_db

PAST_64_BITS = str(2**63)


def test_a_list_action_given_chosen_rows_that_are_not_ids_is_refused(administrator_client):
    group = Group.objects.create(name="Beholdes")
    response = administrator_client.post(
        "/admin/auth/group/",
        {"action": "delete_selected", "index": "0", "_selected_action": ["abc", str(group.pk)]},
        follow=True,
    )
    assert response.status_code == 200
    assert "Radene som er valgt, er ikke gyldige. Velg dem på nytt." in response.text
    assert Group.objects.filter(pk=group.pk).exists()


@pytest.mark.parametrize("chosen", [PAST_64_BITS, "-" + str(2**63 + 1)])
def test_a_list_action_given_an_id_past_64_bits_is_refused(administrator_client, chosen):
    response = administrator_client.post(
        "/admin/auth/group/",
        {"action": "delete_selected", "index": "0", "_selected_action": chosen},
    )
    assert response.status_code == 302


@pytest.mark.parametrize("chosen", ["abc", " ", "1.5", PAST_64_BITS])
def test_an_autocomplete_select_given_a_value_that_is_not_an_id_is_refused_on_its_field(
    administrator_client, chosen
):
    response = administrator_client.post(
        "/admin/funding/funder/add/",
        {"slug": "ny", "name": "Ny fylkeskommune", "kind": "county", "municipality": chosen},
    )
    assert response.status_code == 200
    assert "Velg et gyldig valg" in response.text
    assert not Funder.objects.filter(slug="ny").exists()


def test_an_inline_autocomplete_select_is_guarded_too(administrator_client):
    page = administrator_client.get("/admin/funding/placement/add/").text
    prefix = re.search(r'name="([\w-]+)-TOTAL_FORMS"', page).group(1)
    response = administrator_client.post(
        "/admin/funding/placement/add/",
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
            f"{prefix}-0-criterion": "abc",
            f"{prefix}-0-score": "3",
        },
    )
    assert response.status_code == 200
    assert "Velg et gyldig valg" in response.text


@pytest.mark.parametrize("chosen", [PAST_64_BITS, "abc"])
def test_a_multiple_select_given_an_id_past_64_bits_is_refused_as_a_choice(
    administrator_client, chosen
):
    permission = Permission.objects.first()
    response = administrator_client.post(
        "/admin/auth/group/add/", {"name": "Ny", "permissions": [str(permission.pk), chosen]}
    )
    assert response.status_code == 200
    assert "er ikke en gyldig verdi" in response.text
    assert not Group.objects.filter(name="Ny").exists()
