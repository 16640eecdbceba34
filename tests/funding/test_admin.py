"""The funding admin: every list opens, and a grant saved there is allocated."""

from decimal import Decimal

import pytest

from funding.models import Funder, Grant, Placement

ADMIN_LISTS = [
    "funder",
    "tiermodel",
    "placement",
    "grant",
    "ownsharerule",
    "ownshareexception",
    "stateaidrule",
    "eurrate",
    "pricedservice",
]


@pytest.mark.parametrize("model", ADMIN_LISTS)
def test_each_admin_list_opens_in_few_queries(
    administrator_client, reference_data, model, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15):
        response = administrator_client.get(f"/admin/funding/{model}/")

    assert response.status_code == 200


def test_a_grant_saved_in_the_admin_is_split_over_its_years(
    administrator_client, roros, reference_data
):
    county = Funder.objects.get(slug="trondelag-fylkeskommune")

    response = administrator_client.post(
        "/admin/funding/grant/add/",
        {
            "naeringshage": roros.pk,
            "funder": county.pk,
            "kind": "project",
            "title": "Reiseliv",
            "first_year": "2018",
            "last_year": "2019",
            "amount": "1000000",
            "granted_on": "2018-01-05",
            "allocations-TOTAL_FORMS": "0",
            "allocations-INITIAL_FORMS": "0",
            "allocations-MIN_NUM_FORMS": "0",
            "allocations-MAX_NUM_FORMS": "1000",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    grant = Grant.objects.get(title="Reiseliv")
    assert list(grant.allocations.values_list("year", "amount")) == [
        (2018, Decimal("500000.00")),
        (2019, Decimal("500000.00")),
    ]


def test_services_cannot_be_changed_in_the_admin(administrator_client, reference_data):
    assert administrator_client.get("/admin/funding/pricedservice/add/").status_code == 403


@pytest.mark.parametrize("year", ["9223372036854775808", "40000", "1"])
def test_a_placement_given_a_year_out_of_range_in_the_admin_is_refused_on_its_field(
    administrator_client, reference_data, year
):
    """The closed-years check ran on the refused year: past 64 bits SQLite raised."""
    placement = Placement.objects.order_by("pk").first()

    response = administrator_client.post(
        f"/admin/funding/placement/{placement.pk}/change/",
        {"year": year, "scores-TOTAL_FORMS": "0", "scores-INITIAL_FORMS": "0"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["year"]
    placement.refresh_from_db()
    assert str(placement.year) != year
