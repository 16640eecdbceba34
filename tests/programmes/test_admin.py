"""The admin of the programme, the næringshager, their regions and staff."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.models import Naeringshage, RegionMembership
from tests.municipalities.test_admin import inline_post_data

pytestmark = pytest.mark.usefixtures("reference_data")


def change_url(naeringshage: Naeringshage) -> str:
    return f"/admin/programmes/naeringshage/{naeringshage.pk}/change/"


@pytest.mark.parametrize(
    "url",
    [
        "/admin/programmes/organisation/",
        "/admin/programmes/programme/",
        "/admin/programmes/naeringshage/",
        "/admin/programmes/naeringshage/add/",
        "/admin/programmes/regionmembership/",
        "/admin/programmes/regionmembership/?q=Tynset",
        "/admin/programmes/regionmembership/?role__exact=services_only",
        "/admin/programmes/staffmembership/",
    ],
)
def test_the_admin_pages_open(administrator_client, url):
    assert administrator_client.get(url).status_code == 200


def test_the_naeringshage_page_shows_offices_region_and_staff_inline(
    administrator_client, rorosregionen
):
    response = administrator_client.get(change_url(rorosregionen))

    prefixes = [inline.formset.prefix for inline in response.context["inline_admin_formsets"]]
    assert prefixes == ["offices", "region_memberships", "staff_memberships"]
    region = response.context["inline_admin_formsets"][1].formset
    assert len(region.forms) == 10


def test_the_naeringshage_page_does_not_query_per_region_row(administrator_client, rorosregionen):
    with CaptureQueriesContext(connection) as queries:
        administrator_client.get(change_url(rorosregionen))

    assert len(queries.captured_queries) <= 25


def test_the_region_search_finds_a_municipality_by_its_old_number(administrator_client):
    response = administrator_client.get("/admin/programmes/regionmembership/", {"q": "0437"})

    assert [m.municipality.slug for m in response.context["cl"].result_list] == ["tynset"]


def test_the_admin_refuses_two_overlapping_memberships_of_one_municipality(
    administrator_client, rorosregionen
):
    data = inline_post_data(administrator_client.get(change_url(rorosregionen)))
    prefix = "region_memberships"
    tydal = RegionMembership.objects.get(municipality__slug="tydal")
    extra = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(extra + 1)
    data[f"{prefix}-{extra}-municipality"] = tydal.municipality_id
    data[f"{prefix}-{extra}-role"] = "member"
    data[f"{prefix}-{extra}-valid_from"] = "01.01.2020"

    response = administrator_client.post(change_url(rorosregionen), data)

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][1].formset
    assert formset.forms[extra].errors["valid_from"] == [
        "Perioden overlapper kommunens medlemskap i regionen som bare tjenester "
        "(fra 01.01.2016). En kommune har én rolle om gangen: avslutt den forrige først."
    ]
    assert RegionMembership.objects.filter(municipality=tydal.municipality).count() == 1


def test_the_admin_refuses_an_invalid_organisation_number(administrator_client, rorosregionen):
    data = inline_post_data(administrator_client.get(change_url(rorosregionen)))
    data["organisation_number"] = "123 456 789"

    response = administrator_client.post(change_url(rorosregionen), data)

    assert response.status_code == 200
    assert (
        "kontrollsifferet (det siste sifferet) er 9, men de åtte første sifrene gir 5"
        in response.context["adminform"].form.errors["organisation_number"][0]
    )


def test_the_admin_stores_a_typed_organisation_number_as_digits(
    administrator_client, rorosregionen
):
    data = inline_post_data(administrator_client.get(change_url(rorosregionen)))
    data["organisation_number"] = "912 345 688"

    response = administrator_client.post(change_url(rorosregionen), data)

    assert response.status_code == 302
    rorosregionen.refresh_from_db()
    assert rorosregionen.organisation_number == "912345688"
