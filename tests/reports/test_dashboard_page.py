"""The dashboard page: who sees it, what it shows, bad input and its query count."""

import re
from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.models import StaffMembership
from tests.conftest import _client_for, make_user
from tests.reports.scenario import build, record

NBSP = "\u00a0"


def text(response) -> str:
    # Tags become spaces, so that the cells of a table row read as one line.
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(unescape(html).replace(NBSP, " ").split())


@pytest.fixture
def scenario(roros, company, roros_adviser, advice):
    return build(roros=roros, company=company, adviser=roros_adviser, advice=advice)


# --- Access ------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_the_login_page(client, db):
    assert client.get("/dashboard/")["Location"] == "/accounts/login/?next=/dashboard/"
    assert client.get("/")["Location"] == "/accounts/login/?next=/"


def test_a_user_without_a_role_is_refused_the_dashboard_and_sees_the_roles_page(
    client, user_without_role, roros
):
    client.force_login(user_without_role)

    assert client.get("/dashboard/").status_code == 403
    home = client.get("/")
    assert home.status_code == 200
    assert "Du har ingen rolle ennå" in text(home)


def test_an_adviser_without_a_naeringshage_is_told_why(client, django_user_model, reference_data):
    from accounts import roles

    user = make_user(django_user_model, "uten-hage", roles.ADVISER)
    client.force_login(user)

    response = client.get("/dashboard/")

    assert response.status_code == 403
    assert "ikke knyttet til en næringshage" in response.content.decode()
    # The home page still greets them with their role.
    assert "Rådgiver" in text(client.get("/"))


def test_advisers_and_managers_of_the_naeringshage_see_it(adviser_client, manager_client, staff):
    for client in (adviser_client, manager_client):
        for url in ("/dashboard/?year=2016", "/?year=2016"):
            response = client.get(url)
            assert response.status_code == 200, url
            assert "Oversikt 2016" in text(response)


def test_the_dashboard_is_the_home_page_of_staff(adviser_client, roros_adviser):
    page = text(adviser_client.get("/"))

    assert "Oversikt" in page
    assert "Velkommen, Radgiver" in page
    assert "Dine siste tjenester" in page


def test_post_is_not_allowed(adviser_client, roros_adviser):
    assert adviser_client.post("/dashboard/").status_code == 405


# --- Figures -----------------------------------------------------------------------------


def test_the_page_shows_the_hand_worked_figures_in_the_table_and_the_chart(
    adviser_client, scenario
):
    response = adviser_client.get("/dashboard/?year=2016")
    html = response.content.decode()
    page = text(response)

    # The report's table: county, number, municipality, services, companies, hours, price,
    # own share, subsidy.
    assert "Hedmark 0437 Tynset 2 1 8,00 12 500 kr 6 500 kr 6 000 kr" in page
    assert "Sør-Trøndelag 1640 Røros 2 1 14,00 14 000 kr 3 500 kr 10 500 kr" in page
    assert "Sum 4 2 22,00 26 500 kr 10 000 kr 16 500 kr" in page
    assert "Brukt av Siva-rammen 16 500 kr" in page
    assert "Igjen av Siva-rammen 1 483 500 kr" in page
    # The chart: an image with a name and a description carrying the same numbers; the
    # longest bar (360) is Røros' 10 500 kr, Tynset's 6 000 kr in proportion (206).
    assert 'role="img"' in html
    assert 'aria-labelledby="chart-title chart-desc"' in html
    assert "Tynset: 6" in html and "Røros: 10" in html
    assert 'width="206" height="22"' in html
    assert 'width="360" height="22"' in html
    assert "style=" not in html


def test_the_half_year_shows_january_to_june(adviser_client, scenario):
    response = adviser_client.get("/dashboard/?year=2016&half=1")
    page = text(response)
    # The previous and next year keep the half-year.
    html = response.content.decode()
    assert 'href="?year=2015&amp;half=1"' in html and 'href="?year=2017&amp;half=1"' in html

    assert "Oversikt 2016, halvår 1" in page
    assert "Hedmark 0437 Tynset 1 1 3,00 8 000 kr 2 000 kr 6 000 kr" in page
    assert "Sum 2 2 13,00 18 000 kr 4 500 kr 13 500 kr" in page
    # The frame is granted for the year and used as drawn in the half.
    assert "Siva-ramme innvilget 1 500 000 kr Brukt av Siva-rammen 13 500 kr" in page


def test_2024_numbers_tynset_as_3427_under_innlandet(adviser_client, roros, roros_adviser, advice):
    from municipalities.models import Municipality
    from programmes.models import Company

    tynset = Company.objects.create(
        naeringshage=roros,
        organisation_number="923456783",
        name="Tynset Sag AS",
        municipality=Municipality.objects.get(slug="tynset"),
    )
    record(
        tynset,
        roros_adviser,
        advice,
        date=date(2024, 2, 1),
        hours=Decimal("2"),
        hourly_rate=Decimal("1200"),
        own_share=None,
        grant=None,
    )

    page = text(adviser_client.get("/dashboard/?year=2024"))

    assert "Innlandet 3427 Tynset 1 1 2,00 2 400 kr 2 400 kr 0 kr" in page


# --- Bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=abc", "Året må skrives med fire sifre"),
        ("year=1200", "Året må være"),
        ("year=2016&half=3", "Velg hele året, halvår 1"),
        ("year=2016&half=første", "Velg hele året, halvår 1"),
    ],
)
def test_bad_input_is_refused_in_norwegian_with_400(adviser_client, roros_adviser, query, message):
    for url in (f"/dashboard/?{query}", f"/?{query}"):
        response = adviser_client.get(url)
        assert response.status_code == 400, url
        assert message in text(response), url


# --- Speed -------------------------------------------------------------------------------


def test_the_query_count_does_not_grow_with_the_services(
    adviser_client, company, roros_adviser, advice, django_assert_max_num_queries
):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert adviser_client.get("/dashboard/?year=2016").status_code == 200
        return len(queries)

    def record_services(n: int) -> None:
        for _ in range(n):
            record(
                company,
                roros_adviser,
                advice,
                hours=Decimal("1"),
                hourly_rate=Decimal("100"),
                own_share=Decimal("25"),
            )

    record_services(5)
    with_five = count()
    record_services(45)
    with_fifty = count()

    assert with_five == with_fifty
    with django_assert_max_num_queries(20):
        adviser_client.get("/dashboard/?year=2016")


def test_another_naeringshages_staff_see_only_their_own(
    scenario, other_naeringshage, django_user_model
):
    from accounts import roles

    other = make_user(django_user_model, "annen", roles.MANAGER)
    StaffMembership.objects.create(user=other, naeringshage=other_naeringshage)

    page = text(_client_for(other).get("/dashboard/?year=2016"))

    assert "Tynset" not in page
    assert "Ingen tjenester er registrert i perioden" in page
