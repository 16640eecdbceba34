"""A company's page shows its services with totals and its state aid in the window."""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from funding.selectors import state_aid_of
from funding.services import service_record, service_void
from tests.funding.conftest import draft_for

NBSP = "\u00a0"


def text(response) -> str:
    return response.content.decode().replace(NBSP, " ")


def test_the_company_page_shows_services_totals_and_state_aid(
    adviser_client, company, roros_adviser, advice
):
    service_record(draft=draft_for(company, roros_adviser, advice), recorded_by=roros_adviser)
    voided = service_record(
        draft=draft_for(
            company, roros_adviser, advice, hours=Decimal("2"), own_share=Decimal("500")
        ),
        recorded_by=roros_adviser,
    )
    service_void(service=voided, reason="Feil", voided_by=roros_adviser)

    page = text(adviser_client.get(f"/companies/{company.pk}/"))

    assert "Tjenester og statsstøtte" in page
    assert "<dt>Tilskudd</dt><dd>7 500 kr</dd>" in page  # the voided one does not count
    assert "(annullert)" in page
    assert f'href="/services/new/?company={company.pk}"' in page


def test_state_aid_counts_the_window_up_to_the_day(company, roros_adviser, advice):
    service_record(draft=draft_for(company, roros_adviser, advice), recorded_by=roros_adviser)

    in_window = state_aid_of(company=company, day=date(2019, 9, 14))
    after_window = state_aid_of(company=company, day=date(2019, 9, 15))
    before = state_aid_of(company=company, day=date(2016, 9, 14))

    assert in_window.used_eur == Decimal("807.33")
    assert in_window.left_eur == Decimal("200000.00") - Decimal("807.33")
    assert after_window.used_eur == 0
    assert before.used_eur == 0


def test_the_company_pages_query_count_does_not_grow_with_services(
    adviser_client, company, roros_adviser, advice, django_assert_max_num_queries
):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert adviser_client.get(f"/companies/{company.pk}/").status_code == 200
        return len(queries)

    def add(number: int):
        for _ in range(number):
            service_record(
                draft=draft_for(
                    company,
                    roros_adviser,
                    advice,
                    hours=Decimal("1"),
                    hourly_rate=Decimal("100"),
                    own_share=Decimal("25"),
                ),
                recorded_by=roros_adviser,
            )

    add(3)
    few = count()
    add(40)

    assert count() == few
    with django_assert_max_num_queries(30):
        adviser_client.get(f"/companies/{company.pk}/")
