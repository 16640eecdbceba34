"""No dead ends around a service: its own page, landing on the list where the saved row
is visible and marked, the company linked wherever a service names it, the dashboard's
own list following the chosen year, and the breadcrumb trail above each page."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from funding.models import PricedService
from funding.services import service_record, service_void
from programmes.models import Naeringshage, StaffMembership
from tests.funding.conftest import draft_for
from tests.funding.test_service_pages import service_post, text


@pytest.fixture
def service(company, roros_adviser, advice):
    return service_record(
        draft=draft_for(company, roros_adviser, advice, description="Forretningsplan"),
        recorded_by=roros_adviser,
    )


def trail(page: str) -> list[str]:
    """The breadcrumb trail's items as text, the current page last and marked."""
    nav = re.search(
        r'<nav class="ds-breadcrumbs[^"]*" aria-label="Brødsmulesti">(.*?)</nav>', page, re.S
    )
    assert nav, "no breadcrumbs"
    items = re.findall(r"<li>(.*?)</li>", nav.group(1), re.S)
    assert 'aria-current="page"' in items[-1]
    assert all('aria-current="page"' not in item for item in items[:-1])
    return [re.sub(r"<[^>]+>", "", item).strip() for item in items]


# --- The service's page ---------------------------------------------------------------


def test_the_service_page_shows_its_facts_split_funding_line_and_history(
    adviser_client, service, company
):
    page = text(adviser_client.get(f"/services/{service.pk}/"))

    assert f'<a class="ds-link" href="/companies/{company.pk}/">Fjellbakst AS</a>' in page
    assert "15.09.2016" in page and "Forretningsplan" in page
    assert "<dt>Pris</dt><dd>10 000 kr</dd>" in page
    assert "<dt>Egenandel</dt><dd>2 500 kr (25 %)</dd>" in page
    assert "<dt>Tilskudd</dt><dd>7 500 kr</dd>" in page
    assert 'href="/funding/?year=2016">Siva-ramme 2016' in page
    assert " EUR" in page  # the subsidy as state aid, in euros
    assert "Opprettet av" in page  # the history, from the service history selector
    assert f'href="/services/{service.pk}/edit/"' in page
    assert f'href="/services/{service.pk}/void/"' in page
    assert f'href="/services/{service.pk}/history/"' in page
    assert trail(page) == ["Tjenester", str(service)]


def test_a_voided_service_says_so_and_offers_no_edit_or_void(
    adviser_client, service, roros_adviser
):
    service_void(service=service, reason="Feil bedrift", voided_by=roros_adviser)

    page = text(adviser_client.get(f"/services/{service.pk}/"))

    assert "Annullert" in page and "Feil bedrift" in page
    assert f'href="/services/{service.pk}/edit/"' not in page
    assert f'href="/services/{service.pk}/void/"' not in page


def test_another_naeringshages_service_page_is_not_found(manager_client, manager, service):
    other = Naeringshage.objects.create(
        slug="annen", name="Annen AS", programme=service.naeringshage.programme
    )
    StaffMembership.objects.create(user=manager, naeringshage=other)

    assert manager_client.get(f"/services/{service.pk}/").status_code == 404


def test_the_list_and_the_company_page_link_to_the_service_page(adviser_client, service, company):
    listing = text(adviser_client.get("/services/?year=2016"))
    assert listing.count(f'href="/services/{service.pk}/"') == 2  # the date and Vis
    assert ">Vis<" in listing
    company_page = text(adviser_client.get(f"/companies/{company.pk}/"))
    assert f'href="/services/{service.pk}/"' in company_page


def test_the_service_page_costs_the_same_queries_with_a_long_history(
    adviser_client, service, company, roros_adviser, advice, frame_2016
):
    url = f"/services/{service.pk}/"
    with CaptureQueriesContext(connection) as short:
        assert adviser_client.get(url).status_code == 200
    for hours in ("11", "12", "13", "14"):
        adviser_client.post(
            f"/services/{service.pk}/edit/",
            service_post(
                company, roros_adviser, advice, frame_2016, hours=hours, own_share="5 000"
            ),
        )
    assert PricedService.history.filter(id=service.pk).count() == 5
    with CaptureQueriesContext(connection) as long:
        assert adviser_client.get(url).status_code == 200
    assert len(long.captured_queries) == len(short.captured_queries)


# --- Landing after a save -------------------------------------------------------------


def test_recording_lands_on_the_list_of_its_month_with_the_row_marked_as_new(
    adviser_client, company, roros_adviser, advice, frame_2016
):
    response = adviser_client.post(
        "/services/new/", service_post(company, roros_adviser, advice, frame_2016)
    )

    service = PricedService.objects.get()
    assert response.status_code == 302
    assert response["Location"] == (
        f"/services/?year=2016&month=9&marked={service.pk}&saved=new#service-{service.pk}"
    )
    page = text(adviser_client.get(response["Location"]))
    assert "Tjenesten er lagret: 7 500 kr trukket fra Siva-ramme" in page
    row = re.search(rf'<tr id="service-{service.pk}"[^>]*>', page).group(0)
    assert 'class="row--marked"' in row and 'aria-current="true"' in row
    assert ">Ny</span>" in page


def test_editing_lands_on_the_month_with_the_row_marked_as_changed(
    adviser_client, service, company, roros_adviser, advice, frame_2016
):
    response = adviser_client.post(
        f"/services/{service.pk}/edit/",
        service_post(
            company, roros_adviser, advice, frame_2016, date="2016-03-10", own_share="2 500"
        ),
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/services/?year=2016&month=3&marked=")
    page = text(adviser_client.get(response["Location"]))
    assert ">Endret</span>" in page
    assert page.count('aria-current="true"') == 1


def test_the_landing_goes_to_the_page_that_holds_the_row(
    adviser_client, company, roros_adviser, advice
):
    for day in range(1, 29):  # 56 services in September: more than one page of 50
        for _ in range(2):
            service_record(
                draft=draft_for(
                    company,
                    roros_adviser,
                    advice,
                    date=date(2016, 9, day),
                    hours=Decimal("1"),
                    hourly_rate=Decimal("100"),
                    own_share=Decimal("25"),
                ),
                recorded_by=roros_adviser,
            )
    oldest = PricedService.objects.order_by("date", "pk").first()
    response = adviser_client.post(
        f"/services/{oldest.pk}/edit/",
        service_post(
            company,
            roros_adviser,
            advice,
            oldest.grant,
            date="2016-09-01",
            hours="1",
            hourly_rate="100",
            own_share="25",
        ),
    )

    assert "page=2" in response["Location"]
    assert f'id="service-{oldest.pk}"' in text(adviser_client.get(response["Location"]))


def test_voiding_lands_on_the_service_page(adviser_client, service):
    response = adviser_client.post(f"/services/{service.pk}/void/", {"reason": "Feil bedrift"})
    assert response["Location"] == f"/services/{service.pk}/"


@pytest.mark.parametrize("marked", ["abc", "-1", "9" * 40, ""])
def test_a_bad_marked_value_marks_nothing(adviser_client, service, marked):
    response = adviser_client.get("/services/", {"marked": marked})
    assert response.status_code == 200
    assert 'aria-current="true"' not in text(response)


def test_the_half_year_filter_narrows_the_list(adviser_client, company, roros_adviser, advice):
    for day in (date(2016, 3, 1), date(2016, 9, 1)):
        service_record(
            draft=draft_for(company, roros_adviser, advice, date=day), recorded_by=roros_adviser
        )
    assert "1 tjeneste" in text(adviser_client.get("/services/?year=2016&half=1"))
    assert "2 tjenester" in text(adviser_client.get("/services/?year=2016"))
    refused = adviser_client.get("/services/?year=2016&half=3")
    assert refused.status_code == 400


# --- The dashboard's own list ---------------------------------------------------------


def test_the_dashboards_latest_services_follow_the_year_and_half(
    adviser_client, company, roros_adviser, advice
):
    for day in (date(2016, 3, 1), date(2016, 9, 1)):
        service_record(
            draft=draft_for(company, roros_adviser, advice, date=day), recorded_by=roros_adviser
        )
    market_price = {"grant": None, "own_share": Decimal("10000")}
    service_record(
        draft=draft_for(company, roros_adviser, advice, date=date(2017, 2, 1), **market_price),
        recorded_by=roros_adviser,
    )
    company_link = f'<a class="ds-link" href="/companies/{company.pk}/">Fjellbakst AS</a>'

    year = text(adviser_client.get("/?year=2016"))
    assert year.count(company_link) == 2
    assert f'href="/services/?year=2016&amp;adviser={roros_adviser.pk}"' in year

    half = text(adviser_client.get("/dashboard/?year=2016&half=2"))
    assert half.count(company_link) == 1 and "01.09.2016" in half
    assert f'href="/services/?year=2016&amp;adviser={roros_adviser.pk}&amp;half=2"' in half
    listing = text(
        adviser_client.get("/services/", {"year": 2016, "adviser": roros_adviser.pk, "half": 2})
    )
    assert "1 tjeneste" in listing

    empty = text(adviser_client.get("/?year=2018"))
    assert "Du har ikke registrert noen tjeneste i 2018." in empty


# --- Breadcrumbs ----------------------------------------------------------------------


def test_the_service_pages_have_their_breadcrumb_trail(adviser_client, service):
    name = str(service)
    assert trail(text(adviser_client.get(f"/services/{service.pk}/edit/"))) == [
        "Tjenester",
        name,
        "Endre",
    ]
    assert trail(text(adviser_client.get(f"/services/{service.pk}/void/"))) == [
        "Tjenester",
        name,
        "Annuller",
    ]
    assert trail(text(adviser_client.get(f"/services/{service.pk}/history/"))) == [
        "Tjenester",
        name,
        "Historikk",
    ]
    assert trail(text(adviser_client.get("/services/new/"))) == [
        "Tjenester",
        "Registrer tjeneste",
    ]


def test_the_header_search_links_a_found_service_and_its_company(adviser_client, service, company):
    page = text(adviser_client.get("/search/", {"q": str(service.pk)}))

    assert f'href="/services/{service.pk}/"' in page
    assert f'<a class="ds-link" href="/companies/{company.pk}/">Fjellbakst AS</a>' in page
