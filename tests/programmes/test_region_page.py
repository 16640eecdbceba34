"""The staff page “Region”: who may see it, what it shows, what it costs, bad input."""

import re
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from municipalities.models import County
from programmes.models import RegionMembership
from tests.municipalities.factories import municipality

URL = reverse("programmes:region")
CELL = re.compile(r"<t[hd][^>]*>(.*?)</t[hd]>", re.S)


def table_rows(response, caption_start: str) -> list[list[str]]:
    """The body rows of the table whose caption starts so, as lists of cell texts."""
    html = response.content.decode()
    for table in re.findall(r"<table.*?</table>", html, re.S):
        caption = re.search(r"<caption>(.*?)</caption>", table, re.S).group(1).strip()
        if caption.startswith(caption_start):
            body = re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)
            return [
                [re.sub(r"\s+", " ", cell).strip() for cell in CELL.findall(row)]
                for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
            ]
    raise AssertionError(f"no table captioned {caption_start!r}")


# --- Who may see it ----------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_login(client, reference_data):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_user_without_a_staff_role_is_refused(user_without_role, staff_of_rorosregionen):
    client = Client()
    client.force_login(user_without_role)

    assert client.get(URL).status_code == 403


def test_a_staff_member_without_a_naeringshage_is_refused(adviser_client, reference_data):
    response = adviser_client.get(URL)

    assert response.status_code == 403


def test_the_administrator_role_alone_does_not_open_staff_pages(
    administrator_client, reference_data
):
    assert administrator_client.get(URL).status_code == 403


@pytest.mark.parametrize("staff_client", ["adviser_client", "manager_client"])
def test_advisers_and_managers_see_their_region(request, staff_client, staff_of_rorosregionen):
    response = request.getfixturevalue(staff_client).get(URL, {"year": 2016})

    assert response.status_code == 200
    assert "Regionen til Rørosregionen Næringshage AS" in response.content.decode()


def test_the_navigation_offers_the_page_to_staff_only(
    adviser_client, user_without_role, staff_of_rorosregionen
):
    other = Client()
    other.force_login(user_without_role)

    assert URL in adviser_client.get(reverse("home")).content.decode()
    assert URL not in other.get(reverse("home")).content.decode()


# --- What it shows -------------------------------------------------------------------------


def test_2013_shows_roros_and_holtalen_with_their_old_numbers(
    adviser_client, staff_of_rorosregionen
):
    response = adviser_client.get(URL, {"year": 2013})

    assert table_rows(response, "2 programmedlemmer i 2013") == [
        ["Røros", "1640", "Sør-Trøndelag (16)", "fra 01.07.2011"],
        ["Holtålen", "1644", "Sør-Trøndelag (16)", "fra 01.07.2011"],
    ]
    assert "Ingen kommuner hadde bare tjenester dette året." in response.content.decode()


def test_2016_shows_eight_members_in_hedmark_and_sor_trondelag(
    adviser_client, staff_of_rorosregionen
):
    response = adviser_client.get(URL, {"year": 2016})

    members = table_rows(response, "8 programmedlemmer i 2016")
    assert [row[:3] for row in members] == [
        ["Rendalen", "0432", "Hedmark (04)"],
        ["Tolga", "0436", "Hedmark (04)"],
        ["Tynset", "0437", "Hedmark (04)"],
        ["Alvdal", "0438", "Hedmark (04)"],
        ["Folldal", "0439", "Hedmark (04)"],
        ["Os (Hedmark)", "0441", "Hedmark (04)"],
        ["Røros", "1640", "Sør-Trøndelag (16)"],
        ["Holtålen", "1644", "Sør-Trøndelag (16)"],
    ]
    assert table_rows(response, "2 kommuner med bare tjenester i 2016") == [
        ["Selbu", "1664", "Sør-Trøndelag (16)", "fra 01.01.2016"],
        ["Tydal", "1665", "Sør-Trøndelag (16)", "fra 01.01.2016"],
    ]


def test_2024_shows_the_numbers_and_counties_of_2024(adviser_client, staff_of_rorosregionen):
    response = adviser_client.get(URL, {"year": 2024})

    members = table_rows(response, "8 programmedlemmer i 2024")
    assert ["Tynset", "3427", "Innlandet (34)", "fra 01.01.2014"] in members
    assert ["Os (Innlandet)", "3430", "Innlandet (34)", "fra 01.01.2014"] in members
    assert ["Røros", "5025", "Trøndelag (50)", "fra 01.07.2011"] in members
    services = table_rows(response, "2 kommuner med bare tjenester i 2024")
    assert [row[:3] for row in services] == [
        ["Selbu", "5032", "Trøndelag (50)"],
        ["Tydal", "5033", "Trøndelag (50)"],
    ]


@time_machine.travel(date(2016, 5, 17))
def test_without_a_year_it_shows_the_current_year(adviser_client, staff_of_rorosregionen):
    response = adviser_client.get(URL)

    assert response.status_code == 200
    assert response.context["region"].year == 2016
    assert 'href="?year=2015"' in response.content.decode()
    assert 'href="?year=2017"' in response.content.decode()


def test_the_year_form_and_links_lead_to_other_years(adviser_client, staff_of_rorosregionen):
    html = adviser_client.get(URL, {"year": 2016}).content.decode()

    assert 'href="?year=2015"' in html
    assert 'href="?year=2017"' in html
    assert 'name="year"' in html and 'value="2016"' in html
    assert 'method="get"' in html


# --- What it costs -----------------------------------------------------------------------


def test_the_page_costs_the_same_queries_with_ten_or_thirty_five_municipalities(
    adviser_client, staff_of_rorosregionen, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as for_ten:
        adviser_client.get(URL, {"year": 2024})
    innlandet = County.objects.get(slug="innlandet")
    for number in range(3440, 3465):
        extra = municipality(
            f"kommune-{number}", (str(number), "Kommune", innlandet, date(2020, 1, 1), None)
        )
        RegionMembership.objects.create(
            naeringshage=staff_of_rorosregionen,
            municipality=extra,
            role=RegionMembership.Role.MEMBER,
            valid_from=date(2024, 1, 1),
        )

    with django_assert_max_num_queries(len(for_ten.captured_queries)):
        response = adviser_client.get(URL, {"year": 2024})

    assert len(response.context["region"].members) == 33


def test_the_page_needs_few_queries(
    adviser_client, staff_of_rorosregionen, django_assert_max_num_queries
):
    # Session, user, has an authenticator app (two-factor), roles, næringshage, then the
    # region in two.
    with django_assert_max_num_queries(7):
        adviser_client.get(URL, {"year": 2016})


# --- Bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("abc", "Året må skrives med fire sifre, for eksempel 2016."),
        ("99999", "Året må være 2100 eller tidligere."),
        ("1066", "Året må være 1990 eller senere."),
        ("", "Skriv inn et år, for eksempel 2016."),
        ("2016.5", "Året må skrives med fire sifre, for eksempel 2016."),
    ],
)
def test_a_bad_year_gets_a_norwegian_message_not_an_error_page(
    adviser_client, staff_of_rorosregionen, year, message
):
    response = adviser_client.get(URL, {"year": year})

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'aria-describedby="id_year_error"' in html
    assert "<table" not in html


def test_posting_to_the_page_is_not_allowed(adviser_client, staff_of_rorosregionen):
    assert adviser_client.post(URL, {"year": 2016}).status_code == 405
