"""What services have drawn on a grant holds it down: no year's allocation below what is
drawn on it, no year with services taken out of the grant's years, no amount below the
whole draw. Checked with the grant's row locked, so that a service being recorded and
the grant being lowered happen one after the other (the races run on PostgreSQL)."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.utils import translation

from funding.models import Funder, Grant, PricedService
from funding.selectors import drawn_by_year
from funding.services import grant_update, service_record, service_void
from tests.funding.conftest import draft_for, record_grant
from tests.funding.test_edit_conflicts import NBSP, opened_form, text

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Row locks (SELECT … FOR UPDATE) are what is tested; SQLite serialises all writes.",
)


@pytest.fixture
def project(roros, reference_data) -> Grant:
    """Kompetanseløft, 300 000 kr from Hedmark fylkeskommune over 2015–2017."""
    return record_grant(
        roros,
        Funder.objects.get(slug="hedmark-fylkeskommune"),
        kind=Grant.Kind.PROJECT,
        title="Kompetanseløft",
        first_year=2015,
        last_year=2017,
        amount=Decimal("300000"),
        granted_on=date(2015, 1, 10),
    )


def draw(grant, company, adviser, advice, subsidy: str, day=date(2016, 9, 15)) -> PricedService:
    """A service drawing `subsidy` on `grant`; on a Siva frame the company pays the 25 %
    Siva asks for (give a subsidy divisible by 3), on a project grant nothing."""
    subsidy = Decimal(subsidy)
    own_share = subsidy / 3 if grant.kind == Grant.Kind.SIVA_FRAME else Decimal("0")
    return service_record(
        draft=draft_for(
            company,
            adviser,
            advice,
            grant=grant,
            date=day,
            hours=None,
            hourly_rate=None,
            fixed_price=subsidy + own_share,
            own_share=own_share,
        ),
        recorded_by=adviser,
    )


def allocations(grant: Grant) -> dict[int, Decimal]:
    return dict(Grant.objects.get(pk=grant.pk).allocations.values_list("year", "amount"))


def plain(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """Messages by field, with the no-break spaces of amounts as plain ones."""
    return {name: [m.replace(NBSP, " ") for m in messages] for name, messages in errors.items()}


def refusal(**changes) -> dict[str, list[str]]:
    """The Norwegian messages of grant_update's refusal, by field."""
    with translation.override("nb"), pytest.raises(ValidationError) as refused:
        grant_update(**changes)
    return plain(refused.value.message_dict)


# --- The service -----------------------------------------------------------------------


def test_it_refuses_an_allocation_below_what_is_drawn_on_that_year(
    project, company, roros_adviser, advice
):
    draw(project, company, roros_adviser, advice, "12400")

    errors = refusal(
        grant=project,
        allocations={2015: Decimal("100000"), 2016: Decimal("10000"), 2017: Decimal("190000")},
    )

    assert errors == {
        "allocation_2016": [
            "12 400 kr er allerede brukt av 2016-tildelingen; den kan ikke settes lavere enn det."
        ]
    }
    assert allocations(project)[2016] == Decimal("100000")


def test_it_lets_an_allocation_go_down_to_exactly_what_is_drawn(
    project, company, roros_adviser, advice
):
    draw(project, company, roros_adviser, advice, "12400")

    grant_update(
        grant=project,
        allocations={2015: Decimal("100000"), 2016: Decimal("12400"), 2017: Decimal("187600")},
    )

    assert allocations(project)[2016] == Decimal("12400")


def test_it_refuses_an_even_split_that_leaves_a_year_below_its_draw(
    project, company, roros_adviser, advice
):
    """A lower amount with the allocations untouched is split evenly again: 40 000 kr a
    year is less than the 60 000 kr drawn on 2016."""
    draw(project, company, roros_adviser, advice, "60000")

    errors = refusal(grant=project, amount=Decimal("120000"))

    assert errors == {
        "allocation_2016": [
            "60 000 kr er allerede brukt av 2016-tildelingen; den kan ikke settes lavere enn det."
        ]
    }
    assert Grant.objects.get(pk=project.pk).amount == Decimal("300000")


def test_it_refuses_an_amount_below_what_a_frame_has_drawn(
    frame_2016, company, roros_adviser, advice
):
    draw(frame_2016, company, roros_adviser, advice, "60000")

    errors = refusal(grant=frame_2016, amount=Decimal("10000"))

    assert errors == {
        "amount": [
            "60 000 kr av tilskuddet er allerede brukt; beløpet kan ikke settes lavere enn det."
        ]
    }
    frame_2016.refresh_from_db()
    assert frame_2016.amount == Decimal("1500000")


def test_it_refuses_taking_away_the_last_years_where_services_are_drawn(
    project, company, roros_adviser, advice
):
    draw(project, company, roros_adviser, advice, "1000", day=date(2016, 3, 1))
    draw(project, company, roros_adviser, advice, "1000", day=date(2017, 3, 1))
    draw(project, company, roros_adviser, advice, "1000", day=date(2017, 4, 1))

    errors = refusal(grant=project, last_year=2015)

    assert errors == {
        "last_year": [
            "2016 og 2017 har tjenester trukket på tilskuddet (3 tjenester); "
            "de årene kan ikke tas bort."
        ]
    }
    stored = Grant.objects.get(pk=project.pk)
    assert (stored.first_year, stored.last_year) == (2015, 2017)
    assert set(allocations(project)) == {2015, 2016, 2017}


def test_it_refuses_taking_away_a_first_year_with_a_service(
    project, company, roros_adviser, advice
):
    draw(project, company, roros_adviser, advice, "1000", day=date(2015, 6, 1))

    errors = refusal(grant=project, first_year=2016)

    assert errors == {
        "first_year": [
            "2015 har tjenester trukket på tilskuddet (1 tjeneste); det året kan ikke tas bort."
        ]
    }


def test_it_refuses_moving_a_frame_to_another_year_once_services_are_drawn_on_it(
    frame_2016, company, roros_adviser, advice
):
    draw(frame_2016, company, roros_adviser, advice, "3000")

    errors = refusal(grant=frame_2016, first_year=2017, last_year=2017)

    assert list(errors) == ["first_year"]
    assert "2016 har tjenester trukket på tilskuddet (1 tjeneste)" in errors["first_year"][0]


def test_narrowing_is_allowed_off_years_without_services(project, company, roros_adviser, advice):
    draw(project, company, roros_adviser, advice, "12400")

    grant_update(grant=project, last_year=2016)

    assert allocations(project) == {2015: Decimal("150000"), 2016: Decimal("150000")}


def test_a_voided_service_holds_nothing_down(frame_2016, company, roros_adviser, advice):
    service = draw(frame_2016, company, roros_adviser, advice, "60000")
    service_void(service=service, reason="Feilført", voided_by=roros_adviser)

    grant_update(grant=frame_2016, amount=Decimal("10000"))

    assert allocations(frame_2016) == {2016: Decimal("10000")}


def test_drawn_by_year_counts_the_services_that_count(project, company, roros_adviser, advice):
    draw(project, company, roros_adviser, advice, "1000", day=date(2016, 3, 1))
    draw(project, company, roros_adviser, advice, "2500", day=date(2016, 4, 1))
    voided = draw(project, company, roros_adviser, advice, "700", day=date(2017, 4, 1))
    service_void(service=voided, reason="Dobbelt", voided_by=roros_adviser)

    drawn = drawn_by_year(grant=project)

    assert {year: (row.subsidy, row.services) for year, row in drawn.items()} == {
        2016: (Decimal("3500"), 2)
    }


# --- Through the grant form, as the manager ---------------------------------------------


def test_a_manager_lowering_a_drawn_frame_is_told_on_the_amount_field_and_keeps_what_they_typed(
    manager_client, staff, frame_2016, company, roros_adviser, advice
):
    draw(frame_2016, company, roros_adviser, advice, "60000")
    url = f"/funding/grants/{frame_2016.pk}/edit/"
    form = opened_form(manager_client, url)

    typed = {"amount": "10 000", "granted_on": "01.02.2016", "note": "Kuttet"}
    response = manager_client.post(url, {**form, **typed})

    assert response.status_code == 200
    message = "60 000 kr av tilskuddet er allerede brukt; beløpet kan ikke settes lavere enn det."
    assert plain(response.context["form"].errors)["amount"] == [message]
    page = text(response)
    assert message in page
    assert 'value="10 000"' in page and "Kuttet" in page
    stored = Grant.objects.get(pk=frame_2016.pk)
    assert (stored.amount, stored.note) == (Decimal("1500000"), frame_2016.note)


def test_a_manager_lowering_one_years_allocation_is_told_on_that_years_field(
    manager_client, staff, project, company, roros_adviser, advice
):
    draw(project, company, roros_adviser, advice, "12400")
    url = f"/funding/grants/{project.pk}/edit/"
    form = opened_form(manager_client, url)

    response = manager_client.post(
        url,
        {
            **form,
            "allocation_2015": "100 000",
            "allocation_2016": "10 000",
            "allocation_2017": "190 000",
        },
    )

    assert response.status_code == 200
    assert plain(response.context["form"].errors)["allocation_2016"] == [
        "12 400 kr er allerede brukt av 2016-tildelingen; den kan ikke settes lavere enn det."
    ]
    assert 'value="190 000"' in text(response)
    assert allocations(project)[2016] == Decimal("100000")


def test_a_manager_narrowing_a_project_is_told_on_the_last_year_field(
    manager_client, staff, project, company, roros_adviser, advice
):
    for day in (date(2016, 3, 1), date(2017, 3, 1)):
        draw(project, company, roros_adviser, advice, "1000", day=day)
    url = f"/funding/grants/{project.pk}/edit/"
    form = opened_form(manager_client, url)

    response = manager_client.post(url, {**form, "last_year": "2015"})

    assert response.status_code == 200
    assert plain(response.context["form"].errors)["last_year"] == [
        "2016 og 2017 har tjenester trukket på tilskuddet (2 tjenester); "
        "de årene kan ikke tas bort."
    ]
    assert Grant.objects.get(pk=project.pk).last_year == 2017


# --- The admin -----------------------------------------------------------------------------


def test_the_admin_refuses_an_allocation_below_what_is_drawn(
    administrator_client, project, company, roros_adviser, advice
):
    draw(project, company, roros_adviser, advice, "12400")
    url = f"/admin/funding/grant/{project.pk}/change/"
    form = opened_form(administrator_client, url)
    rows = {form[f"allocations-{i}-year"]: i for i in range(3)}
    # 10 000 kr on 2016 and 190 000 kr on 2017 fit the grant, so nothing resplits them.
    form[f"allocations-{rows['2016']}-amount"] = "10000"
    form[f"allocations-{rows['2017']}-amount"] = "190000"

    with translation.override("nb"):
        response = administrator_client.post(url, form)

    assert response.status_code == 200
    assert (
        "12 400 kr er allerede brukt av 2016-tildelingen; den kan ikke settes lavere enn det."
        in text(response)
    )
    assert allocations(project) == {year: Decimal("100000") for year in (2015, 2016, 2017)}


def test_the_admin_refuses_a_grant_amount_whose_even_split_is_below_the_draw(
    administrator_client, project, company, roros_adviser, advice
):
    draw(project, company, roros_adviser, advice, "60000")
    url = f"/admin/funding/grant/{project.pk}/change/"
    form = opened_form(administrator_client, url)

    with translation.override("nb"):
        response = administrator_client.post(url, {**form, "amount": "120000"})

    assert response.status_code == 200
    assert "60 000 kr er allerede brukt av 2016-tildelingen" in text(response)
    assert Grant.objects.get(pk=project.pk).amount == Decimal("300000")


def test_the_admin_still_saves_a_change_the_draw_allows(
    administrator_client, project, company, roros_adviser, advice
):
    draw(project, company, roros_adviser, advice, "12400")
    url = f"/admin/funding/grant/{project.pk}/change/"
    form = opened_form(administrator_client, url)

    response = administrator_client.post(url, {**form, "amount": "150000"})

    assert response.status_code == 302
    assert allocations(project) == {
        2015: Decimal("50000"),
        2016: Decimal("50000"),
        2017: Decimal("50000"),
    }


# --- Two managers at once (PostgreSQL) ----------------------------------------------------


def _race(*jobs) -> list[str]:
    """Run the jobs at the same moment, each in its own thread and connection; what each
    came to ("saved" or the exception's name), in the jobs' order."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = [""] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout=30)
            job()
            outcomes[index] = "saved"
        except Exception as error:  # every outcome is collected and checked by the caller
            outcomes[index] = type(error).__name__
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


ROUNDS = 6


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_lowering_an_allocation_while_a_service_draws_on_it_never_leaves_it_overdrawn(
    project, company, roros_adviser, advice
):
    """2016 has 100 000 kr with 50 000 kr drawn. One manager sets it to 60 000 kr while
    another records a service of 20 000 kr on 2016: both fit alone, not together."""
    draw(project, company, roros_adviser, advice, "50000")
    lowered = {2015: Decimal("100000"), 2016: Decimal("60000"), 2017: Decimal("140000")}
    even = {year: Decimal("100000") for year in (2015, 2016, 2017)}
    for _round in range(ROUNDS):
        outcomes = _race(
            lambda: grant_update(grant=Grant.objects.get(pk=project.pk), allocations=lowered),
            lambda: draw(project, company, roros_adviser, advice, "20000"),
        )

        assert sorted(outcomes) == ["ValidationError", "saved"], outcomes
        drawn = drawn_by_year(grant=project)[2016].subsidy
        assert drawn <= allocations(project)[2016]
        # Back to the start for the next round.
        for service in PricedService.objects.counted().filter(subsidy=Decimal("20000")):
            service_void(service=service, reason="Neste runde", voided_by=roros_adviser)
        grant_update(grant=Grant.objects.get(pk=project.pk), allocations=even)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_narrowing_a_grant_while_a_service_is_recorded_on_the_dropped_year_keeps_them_apart(
    project, company, roros_adviser, advice
):
    """One manager narrows 2015–2017 to 2015–2016 while another records a service dated
    2017: whichever comes first, no counted service is left outside the grant's years."""
    for _round in range(ROUNDS):
        outcomes = _race(
            lambda: grant_update(grant=Grant.objects.get(pk=project.pk), last_year=2016),
            lambda: draw(project, company, roros_adviser, advice, "5000", day=date(2017, 5, 2)),
        )

        assert sorted(outcomes) == ["ValidationError", "saved"], outcomes
        grant = Grant.objects.get(pk=project.pk)
        drawn_years = set(drawn_by_year(grant=grant))
        assert drawn_years <= set(grant.year_list)
        assert set(allocations(grant)) == set(grant.year_list)
        # Back to the start for the next round.
        for service in PricedService.objects.counted():
            service_void(service=service, reason="Neste runde", voided_by=roros_adviser)
        grant_update(grant=grant, last_year=2017)
