"""Recording a priced service: the price split, and each rule a subsidy must keep,
refused with the rule and the numbers."""

import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from funding.models import Funder, Grant, PricedService
from funding.selectors import frame_use
from funding.services import service_evaluate, service_record, service_update, service_void
from programmes.models import Company
from tests.funding.conftest import draft_for, record_grant

NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def _norwegian():
    with translation.override("nb"):
        yield


def refusal(draft, field: str, **kwargs) -> str:
    with pytest.raises(ValidationError) as error:
        service_record(draft=draft, recorded_by=draft.adviser, **kwargs)
    return " ".join(error.value.message_dict[field]).replace(NBSP, " ")


def record(draft):
    return service_record(draft=draft, recorded_by=draft.adviser)


def test_hours_times_rate_split_into_own_share_and_subsidy(company, roros_adviser, advice):
    service = record(draft_for(company, roros_adviser, advice))

    assert service.price == Decimal("10000.00")
    assert service.own_share == Decimal("2500.00")
    assert service.subsidy == Decimal("7500.00")
    # The aid in euros is fixed at the rate of the service's date (2016: 9.2899).
    assert service.nok_per_eur == Decimal("9.2899")
    assert service.subsidy_eur == Decimal("807.33")


def test_a_fixed_price_service(company, roros_adviser, advice):
    draft = draft_for(
        company,
        roros_adviser,
        advice,
        hours=None,
        hourly_rate=None,
        fixed_price=Decimal("4000"),
        own_share=Decimal("1000"),
    )

    service = record(draft)

    assert (service.price, service.subsidy) == (Decimal("4000.00"), Decimal("3000.00"))


def test_the_frame_falls_by_exactly_the_subsidy(company, roros_adviser, advice, roros):
    before = frame_use(naeringshage=roros, year=2016)

    service = record(draft_for(company, roros_adviser, advice))

    after = frame_use(naeringshage=roros, year=2016)
    assert before.left - after.left == service.subsidy == after.used


def test_an_own_share_below_25_percent_is_refused_with_the_numbers(company, roros_adviser, advice):
    message = refusal(
        draft_for(company, roros_adviser, advice, own_share=Decimal("1800")), "own_share"
    )

    assert "Egenandelen må være minst 25 %, du har oppgitt 18 %" in message
    assert "minst 2 500 kr" in message
    assert not PricedService.objects.exists()


def test_market_price_draws_nothing_and_the_company_pays_all(company, roros_adviser, advice, roros):
    service = record(draft_for(company, roros_adviser, advice, grant=None, own_share=None))

    assert service.grant is None
    assert (service.own_share, service.subsidy) == (Decimal("10000.00"), Decimal("0.00"))
    assert frame_use(naeringshage=roros, year=2016).used == 0


def test_at_market_price_a_smaller_own_share_is_refused(company, roros_adviser, advice):
    draft = draft_for(company, roros_adviser, advice, grant=None, own_share=Decimal("100"))

    assert "hele prisen" in refusal(draft, "own_share")


@pytest.fixture
def frame_2020(roros, siva):
    return record_grant(
        roros,
        siva,
        kind=Grant.Kind.SIVA_FRAME,
        first_year=2020,
        last_year=2020,
        amount=Decimal("2500000"),
    )


def test_in_the_covid_period_a_reason_allows_a_full_subsidy(
    company, roros_adviser, advice, frame_2020
):
    draft = draft_for(
        company,
        roros_adviser,
        advice,
        date=date(2020, 5, 4),
        grant=frame_2020,
        own_share=Decimal("0"),
        exception_reason="Omsetningen falt 60 % etter nedstengingen.",
    )

    service = record(draft)

    assert service.subsidy == service.price == Decimal("10000.00")
    assert service.own_share_exception.name == "COVID-19"


def test_in_the_covid_period_no_reason_means_the_normal_minimum(
    company, roros_adviser, advice, frame_2020
):
    draft = draft_for(
        company,
        roros_adviser,
        advice,
        date=date(2020, 5, 4),
        grant=frame_2020,
        own_share=Decimal("0"),
    )

    message = refusal(draft, "own_share")

    assert "minst 25 %" in message
    assert "COVID-19" in message


def test_an_exception_reason_outside_any_exception_period_is_refused(
    company, roros_adviser, advice
):
    draft = draft_for(
        company, roros_adviser, advice, own_share=Decimal("0"), exception_reason="Krise"
    )

    assert "Ingen unntaksperiode" in refusal(draft, "exception_reason")


def test_the_last_part_of_the_frame_can_be_used_but_not_more(company, roros_adviser, advice, roros):
    big = draft_for(
        company,
        roros_adviser,
        advice,
        hours=None,
        hourly_rate=None,
        fixed_price=Decimal("1996933.33"),
        own_share=Decimal("499233.33"),
    )
    record(big)  # subsidy 1 497 700: 2 300 kr left of 1 500 000
    assert frame_use(naeringshage=roros, year=2016).left == Decimal("2300.00")

    message = refusal(draft_for(company, roros_adviser, advice), "grant")

    assert "Bare 2 300 kr igjen av Siva-rammen for 2016" in message
    assert "7 500 kr" in message


def test_a_service_dated_outside_its_grants_year_is_refused(company, roros_adviser, advice):
    draft = draft_for(company, roros_adviser, advice, date=date(2017, 1, 3))

    assert "datert 2017" in refusal(draft, "date")


@pytest.mark.parametrize("hours", [Decimal("0"), Decimal("-1"), Decimal("24.5"), Decimal("100")])
def test_absurd_hours_are_refused(company, roros_adviser, advice, hours):
    draft = draft_for(company, roros_adviser, advice, hours=hours)

    assert "høyst 24" in refusal(draft, "hours")


def test_a_split_that_does_not_add_up_is_refused(company, roros_adviser, advice):
    draft = draft_for(company, roros_adviser, advice, expected_subsidy=Decimal("8000"))

    message = refusal(draft, "subsidy")

    assert "7 500 kr" in message and "8 000 kr" in message


def test_a_company_of_another_naeringshage_is_refused(
    company, roros_adviser, advice, other_naeringshage, roros_municipality
):
    theirs = Company.objects.create(
        naeringshage=other_naeringshage,
        organisation_number="987654325",
        name="Annen AS",
        municipality=roros_municipality,
    )

    assert "næringshagens bedrifter" in refusal(
        draft_for(theirs, roros_adviser, advice, naeringshage=company.naeringshage, grant=None),
        "company",
    )


@pytest.fixture
def open_grant(roros, reference_data):
    """A large grant without an own-share rule, to reach the state-aid cap."""
    return record_grant(
        roros,
        Funder.objects.get(slug="hedmark-fylkeskommune"),
        kind=Grant.Kind.OTHER,
        title="Stort prosjekt",
        first_year=2015,
        last_year=2018,
        amount=Decimal("20000000"),
    )


def fixed(company, adviser, service_type, grant, day, price):
    return draft_for(
        company,
        adviser,
        service_type,
        grant=grant,
        date=day,
        hours=None,
        hourly_rate=None,
        fixed_price=Decimal(price),
        own_share=Decimal("0"),
    )


def test_the_state_aid_cap_of_eur_200000_in_three_years_is_enforced(
    company, roros_adviser, advice, open_grant
):
    # 1 800 000 kr at 9.2899 = EUR 193 758.81
    record(fixed(company, roros_adviser, advice, open_grant, date(2016, 3, 1), "1800000"))

    message = refusal(
        fixed(company, roros_adviser, advice, open_grant, date(2016, 10, 1), "100000"), "subsidy"
    )

    assert "EUR 193 758,81" in message
    assert "EUR 200 000" in message
    assert "EUR 6 241,19" in message
    assert PricedService.objects.count() == 1


def test_aid_older_than_the_window_no_longer_counts(company, roros_adviser, advice, open_grant):
    # 1 700 000 kr at the 2015 rate (8.9496) = EUR 189 952.62
    record(fixed(company, roros_adviser, advice, open_grant, date(2015, 3, 1), "1700000"))
    # 1 000 000 kr at the 2018 rate (9.5975) = EUR 104 193.80
    a_day_short = fixed(company, roros_adviser, advice, open_grant, date(2018, 2, 28), "1000000")
    three_years_on = fixed(company, roros_adviser, advice, open_grant, date(2018, 3, 1), "1000000")

    assert "subsidy" in service_evaluate(a_day_short).errors
    assert record(three_years_on).subsidy_eur == Decimal("104193.80")


def test_a_double_submitted_form_records_one_service(company, roros_adviser, advice):
    submission = uuid.uuid4()
    draft = draft_for(company, roros_adviser, advice)

    first = service_record(draft=draft, recorded_by=roros_adviser, submission_id=submission)
    second = service_record(draft=draft, recorded_by=roros_adviser, submission_id=submission)

    assert first.pk == second.pk
    assert PricedService.objects.count() == 1


def test_a_voided_service_counts_nowhere(company, roros_adviser, advice, roros):
    service = record(draft_for(company, roros_adviser, advice))

    service_void(service=service, reason="Registrert på feil bedrift", voided_by=roros_adviser)

    assert frame_use(naeringshage=roros, year=2016).used == 0
    assert PricedService.objects.counted().count() == 0
    assert PricedService.objects.get().void_reason == "Registrert på feil bedrift"


def test_voiding_needs_a_reason_and_happens_once(company, roros_adviser, advice):
    service = record(draft_for(company, roros_adviser, advice))

    with pytest.raises(ValidationError):
        service_void(service=service, reason="  ", voided_by=roros_adviser)
    service_void(service=service, reason="Feil", voided_by=roros_adviser)
    with pytest.raises(ValidationError):
        service_void(service=service, reason="Igjen", voided_by=roros_adviser)
    with pytest.raises(ValidationError):
        service_update(service=service, draft=draft_for(company, roros_adviser, advice))


def test_an_update_is_checked_without_counting_itself_twice(company, roros_adviser, advice, roros):
    big = draft_for(
        company,
        roros_adviser,
        advice,
        hours=None,
        hourly_rate=None,
        fixed_price=Decimal("1990000"),
        own_share=Decimal("497500"),
    )
    service = record(big)  # subsidy 1 492 500 of 1 500 000

    # Raising it to the whole frame fits: its own old subsidy does not count against it.
    updated = service_update(
        service=service,
        draft=draft_for(
            company,
            roros_adviser,
            advice,
            hours=None,
            hourly_rate=None,
            fixed_price=Decimal("2000000"),
            own_share=Decimal("500000"),
        ),
    )

    assert updated.subsidy == Decimal("1500000.00")
    assert frame_use(naeringshage=roros, year=2016).left == 0


@pytest.mark.parametrize(
    ("price", "own_share"),
    [("16533.33", "4133.33"), ("0.30", "0.10"), ("1000000.07", "250000.03")],
)
def test_a_split_in_ore_adds_up_on_every_database(company, roros_adviser, advice, price, own_share):
    # SQLite keeps decimals as binary floats: 16533.33 − 4133.33 is 12400.000000000002
    # there, so the database's own check must compare rounded to øre.
    draft = draft_for(
        company,
        roros_adviser,
        advice,
        hours=None,
        hourly_rate=None,
        fixed_price=Decimal(price),
        own_share=Decimal(own_share),
    )

    service = record(draft)

    service.refresh_from_db()
    assert service.subsidy == Decimal(price) - Decimal(own_share)
