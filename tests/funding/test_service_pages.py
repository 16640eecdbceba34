"""The services pages through the test client: access, the list and its totals,
recording with preview, refusals, double posts, editing and voiding."""

import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from funding.models import PricedService
from funding.services import service_record
from programmes.models import StaffMembership
from tests.funding.conftest import draft_for

NBSP = "\u00a0"


def text(response) -> str:
    return response.content.decode().replace(NBSP, " ")


@pytest.fixture
def manager_in_roros(manager, roros):
    StaffMembership.objects.create(user=manager, naeringshage=roros)
    return manager


def service_post(the_company, adviser, service_type, frame, **overrides) -> dict:
    data = {
        "submission_id": str(uuid.uuid4()),
        "company": the_company.pk,
        "date": "2016-09-15",
        "service_type": service_type.pk,
        "adviser": adviser.pk,
        "description": "Forretningsplan",
        "hours": "10",
        "hourly_rate": "1 000",
        "fixed_price": "",
        "grant": frame.pk,
        "own_share": "2 500",
        "subsidy": "",
        "exception_reason": "",
        "action": "save",
    }
    data.update(overrides)
    return data


def record_services(company, adviser, service_type, count: int):
    for _ in range(count):
        service_record(
            draft=draft_for(
                company,
                adviser,
                service_type,
                hours=Decimal("1"),
                hourly_rate=Decimal("100"),
                own_share=Decimal("25"),
            ),
            recorded_by=adviser,
        )


# --- Access ---------------------------------------------------------------------------

URLS = ["/services/", "/services/new/"]


@pytest.mark.parametrize("url", URLS)
def test_anonymous_visitors_are_sent_to_login(client, url, reference_data):
    assert client.get(url)["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", URLS)
def test_users_without_a_staff_role_are_refused(client, user_without_role, roros, url):
    StaffMembership.objects.create(user=user_without_role, naeringshage=roros)
    client.force_login(user_without_role)

    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", URLS)
def test_advisers_and_managers_may_use_the_pages(
    adviser_client, manager_client, roros_adviser, manager_in_roros, url
):
    assert adviser_client.get(url).status_code == 200
    assert manager_client.get(url).status_code == 200


def test_another_naeringshages_service_cannot_be_edited_or_voided(
    manager_client, manager_in_roros, company, roros_adviser, advice
):
    service = service_record(
        draft=draft_for(company, roros_adviser, advice), recorded_by=roros_adviser
    )
    StaffMembership.objects.filter(user=manager_in_roros).delete()
    from programmes.models import Naeringshage

    other = Naeringshage.objects.create(
        slug="annen", name="Annen AS", programme=company.naeringshage.programme
    )
    StaffMembership.objects.create(user=manager_in_roros, naeringshage=other)

    assert manager_client.get(f"/services/{service.pk}/edit/").status_code == 404
    assert manager_client.post(f"/services/{service.pk}/void/", {"reason": "x"}).status_code == 404


# --- Recording ------------------------------------------------------------------------


def test_an_adviser_records_a_service_and_the_frame_falls_by_its_subsidy(
    adviser_client, company, roros_adviser, advice, frame_2016
):
    response = adviser_client.post(
        "/services/new/", service_post(company, roros_adviser, advice, frame_2016)
    )

    assert response.status_code == 302
    service = PricedService.objects.get()
    assert (service.price, service.own_share, service.subsidy) == (
        Decimal("10000.00"),
        Decimal("2500.00"),
        Decimal("7500.00"),
    )
    listing = text(adviser_client.get(response["Location"]))
    assert "Tjenesten er lagret: 7 500 kr trukket fra Siva-ramme" in listing
    assert "Fjellbakst AS" in listing
    page = text(adviser_client.get("/funding/?year=2016"))
    assert "<dt>Igjen</dt><dd>1 492 500 kr</dd>" in page


def test_compute_shows_the_split_and_the_room_without_saving(
    adviser_client, company, roros_adviser, advice, frame_2016
):
    response = adviser_client.post(
        "/services/new/", service_post(company, roros_adviser, advice, frame_2016, action="preview")
    )

    page = text(response)
    assert "Beregnet, ikke lagret" in page
    assert "<dt>Tilskudd</dt><dd>7 500 kr</dd>" in page
    assert "<dt>Igjen av tilskuddet etterpå</dt><dd>1 492 500 kr</dd>" in page
    assert not PricedService.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"own_share": "1 800"}, "Egenandelen må være minst 25 %, du har oppgitt 18 %"),
        ({"hours": "25"}, "høyst 24"),
        ({"hours": "-3"}, "høyst 24"),
        ({"date": "2017-02-01"}, "Tjenesten er datert 2017"),
        ({"subsidy": "9 000"}, "Fordelingen går ikke opp"),
        ({"hourly_rate": "", "fixed_price": ""}, "Oppgi timer og timepris, eller fast pris"),
        ({"own_share": "0", "exception_reason": "Krise"}, "Ingen unntaksperiode gjelder"),
        ({"company": "999999"}, "Velg en av bedriftene i listen"),
    ],
)
def test_bad_input_is_refused_in_norwegian_on_the_field_and_nothing_saved(
    adviser_client, company, roros_adviser, advice, frame_2016, overrides, message
):
    response = adviser_client.post(
        "/services/new/", service_post(company, roros_adviser, advice, frame_2016, **overrides)
    )

    assert response.status_code == 200
    assert message in text(response)
    assert 'aria-invalid="true"' in text(response)
    assert not PricedService.objects.exists()


def test_a_double_posted_form_records_one_service(
    adviser_client, company, roros_adviser, advice, frame_2016
):
    data = service_post(company, roros_adviser, advice, frame_2016)

    adviser_client.post("/services/new/", data)
    adviser_client.post("/services/new/", data)

    assert PricedService.objects.count() == 1


def test_editing_a_service_rechecks_it(adviser_client, company, roros_adviser, advice, frame_2016):
    service = service_record(
        draft=draft_for(company, roros_adviser, advice), recorded_by=roros_adviser
    )
    url = f"/services/{service.pk}/edit/"
    assert "Forretningsplan" not in text(adviser_client.get(url))

    refused = adviser_client.post(
        url, service_post(company, roros_adviser, advice, frame_2016, own_share="100")
    )
    assert "minst 25 %" in text(refused)

    saved = adviser_client.post(
        url, service_post(company, roros_adviser, advice, frame_2016, hours="12", own_share="3000")
    )
    assert saved.status_code == 302
    service.refresh_from_db()
    assert (service.price, service.subsidy) == (Decimal("12000.00"), Decimal("9000.00"))


def test_voiding_needs_a_reason_and_gives_the_subsidy_back(
    adviser_client, company, roros_adviser, advice, roros
):
    service = service_record(
        draft=draft_for(company, roros_adviser, advice), recorded_by=roros_adviser
    )
    url = f"/services/{service.pk}/void/"

    refused = adviser_client.post(url, {"reason": ""})
    assert "Skriv hvorfor tjenesten annulleres" in text(refused)

    assert adviser_client.post(url, {"reason": "Feil bedrift"}).status_code == 302
    service.refresh_from_db()
    assert service.is_voided and service.void_reason == "Feil bedrift"
    assert "<dt>Brukt</dt><dd>0 kr</dd>" in text(adviser_client.get("/funding/?year=2016"))
    assert adviser_client.get(f"/services/{service.pk}/edit/").status_code == 302


# --- The list -------------------------------------------------------------------------


def test_the_list_filters_and_totals_in_sql(adviser_client, company, roros_adviser, advice):
    record_services(company, roros_adviser, advice, 3)
    service_record(
        draft=draft_for(company, roros_adviser, advice, grant=None, own_share=None),
        recorded_by=roros_adviser,
    )

    everything = text(adviser_client.get("/services/?year=2016"))
    assert "4 tjenester" in everything
    assert "10 300 kr" in everything  # 3 × 100 + 10 000

    market = text(adviser_client.get("/services/?funding_line=market"))
    assert "1 tjeneste" in market

    none = text(adviser_client.get("/services/?year=2015"))
    assert "Ingen tjenester passer med filtrene" in none


def test_voided_services_are_left_out_unless_asked_for(
    adviser_client, company, roros_adviser, advice
):
    record_services(company, roros_adviser, advice, 2)
    from funding.services import service_void

    service_void(service=PricedService.objects.first(), reason="Feil", voided_by=roros_adviser)

    assert "1 tjeneste" in text(adviser_client.get("/services/"))
    assert "1 tjeneste" in text(adviser_client.get("/services/?voided=only"))
    assert "2 tjenester" in text(adviser_client.get("/services/?voided=all"))


@pytest.mark.parametrize("query", ["year=abc", "month=13", "adviser=x", "funding_line=nope"])
def test_bad_filters_get_a_message_not_a_500(adviser_client, roros_adviser, query):
    response = adviser_client.get(f"/services/?{query}")

    assert response.status_code == 400
    assert 'aria-invalid="true"' in text(response)


def test_the_lists_query_count_does_not_grow_with_rows(
    adviser_client, company, roros_adviser, advice, django_assert_max_num_queries
):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert adviser_client.get("/services/?year=2016").status_code == 200
        return len(queries)

    record_services(company, roros_adviser, advice, 10)
    with_ten = count()
    record_services(company, roros_adviser, advice, 60)
    with_seventy = count()

    assert with_ten == with_seventy
    with django_assert_max_num_queries(20):
        adviser_client.get("/services/?year=2016")


def test_the_home_page_shows_the_advisers_latest_services(
    adviser_client, company, roros_adviser, advice
):
    record_services(company, roros_adviser, advice, 2)

    page = text(adviser_client.get("/?year=2016"))

    assert "Dine siste tjenester" in page
    assert page.count(f'href="/companies/{company.pk}/">Fjellbakst AS</a>') == 2
    assert 'href="/services/new/"' in page
