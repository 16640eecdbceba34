"""Annual accounts from Regnskapsregisteret kept as a company's key figures, against the
stand-in server (tests/registry_server.py): the register's copy is kept for every year
fetched; figures the staff recorded are never overwritten silently, the page shows both
and the staff choose; the yearly run asks only about companies lacking last year's."""

import io
from datetime import date, datetime
from decimal import Decimal
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from jobs.schedule import due_runs
from programmes.models import AnnualAccounts, Company, KeyFigures
from programmes.registry import RegistryUnavailable, fetch_accounts
from programmes.services import (
    Fetched,
    accounts_fetch_due,
    company_accounts_fetch,
    key_figures_choose,
    key_figures_create,
)
from tests import registry_server as brreg
from tests.programmes.factories import make_company

Source = KeyFigures.Source
NBSP = "\u00a0"


def text(response) -> str:
    return unescape(response.content.decode()).replace(NBSP, " ").replace("\u202f", " ")


def registered(naeringshage, serial: int, number: str, name: str) -> Company:
    company = make_company(naeringshage, serial, name=name)
    Company.objects.filter(pk=company.pk).update(organisation_number=number)
    company.refresh_from_db()
    return company


@pytest.fixture
def company(staff_of_rorosregionen) -> Company:
    return registered(staff_of_rorosregionen, 1, brreg.ACTIVE, "Røros Tre og Design AS")


def figures_of(company: Company, year: int) -> dict:
    row = KeyFigures.objects.get(company=company, year=year)
    names = ("employees", "value_creation", "source", *KeyFigures.ACCOUNTS_FIGURES)
    return {name: getattr(row, name) for name in names}


def test_the_register_is_read_into_its_accounts(registry):
    accounts = fetch_accounts(brreg.ACTIVE)
    assert (accounts.year, accounts.period_start, accounts.period_end) == (
        2025, date(2025, 1, 1), date(2025, 12, 31)
    )  # fmt: skip
    assert (accounts.revenue, accounts.operating_result, accounts.wage_costs) == (
        Decimal("14250000.00"), Decimal("1120000.00"), Decimal("6480000.00")
    )  # fmt: skip
    assert accounts.annual_result == Decimal("870000.00")
    assert accounts.journal == "2026184223"
    # A parent's group accounts come too: its own are the ones kept, øre and all; a year
    # ending on 30 June is the year it ends in.
    parent = fetch_accounts(brreg.WINDING_UP)
    assert (parent.year, parent.period_end) == (2025, date(2025, 6, 30))
    assert parent.revenue == Decimal("8312450.50")
    assert parent.annual_result == Decimal("-530120.75")
    assert parent.data["regnskapstype"] == "SELSKAP"
    # No accounts: an empty list, or 404.
    assert fetch_accounts(brreg.SOLE_PROPRIETOR) is None
    assert fetch_accounts(brreg.UNKNOWN) is None


@pytest.mark.parametrize(
    "number, reason",
    [
        (brreg.SLOW, "Regnskapsregisteret svarte ikke innen 0,5 sekunder."),
        (brreg.MALFORMED, "Svaret fra Regnskapsregisteret kunne ikke leses."),
        (brreg.FAILING, "Regnskapsregisteret svarte med en feil (503)."),
    ],
)
def test_an_answer_that_cannot_be_used_says_why(registry, number, reason):
    with pytest.raises(RegistryUnavailable) as refused:
        fetch_accounts(number)
    assert str(refused.value.reason) == reason


def test_accounts_become_the_key_figures_of_their_year_once(company, registry):
    fetched = company_accounts_fetch(company=company)
    assert (fetched.outcome, fetched.accounts.year) == (Fetched.STORED, 2025)
    assert figures_of(company, 2025) == {
        "employees": None,
        "value_creation": Decimal("7600000.00"),  # operating result + wage costs
        "source": Source.REGISTER,
        "revenue": Decimal("14250000.00"),
        "operating_result": Decimal("1120000.00"),
        "wage_costs": Decimal("6480000.00"),
        "annual_result": Decimal("870000.00"),
    }
    first_fetch = AnnualAccounts.objects.get(company=company).fetched_at
    again = company_accounts_fetch(company=company)
    assert again.outcome == Fetched.SAME
    assert KeyFigures.objects.filter(company=company).count() == 1
    kept = AnnualAccounts.objects.get(company=company)
    assert kept.fetched_at > first_fetch  # when it was last asked
    assert kept.data["journalnr"] == "2026184223"


def test_a_year_fetched_before_stays_when_the_register_shows_a_newer_one(company, registry):
    AnnualAccounts.objects.create(
        company=company, year=2024, period_start=date(2024, 1, 1), period_end=date(2024, 12, 31),
        revenue=Decimal("12000000"), operating_result=Decimal("800000"),
        wage_costs=Decimal("6000000"), fetched_at=datetime(2025, 8, 1, 6, tzinfo=ZoneInfo("UTC")),
    )  # fmt: skip
    company_accounts_fetch(company=company)
    assert list(AnnualAccounts.objects.filter(company=company).values_list("year", flat=True)) == [
        2025, 2024
    ]  # fmt: skip


def test_the_registers_own_figures_follow_a_corrected_filing(company, registry):
    key_figures_create(
        company=company, year=2025, source=Source.REGISTER, revenue=Decimal("1"), employees=12
    )
    assert company_accounts_fetch(company=company).outcome == Fetched.STORED
    figures = figures_of(company, 2025)
    assert (figures["revenue"], figures["employees"]) == (Decimal("14250000.00"), 12)


def test_figures_the_staff_typed_are_never_overwritten_and_the_page_shows_both(
    company, registry, adviser_client
):
    key_figures_create(company=company, year=2025, employees=12, revenue=Decimal("14000000"))
    fetched = company_accounts_fetch(company=company)
    assert fetched.outcome == Fetched.DIFFERS
    assert figures_of(company, 2025)["revenue"] == Decimal("14000000.00")
    assert figures_of(company, 2025)["source"] == Source.TYPED

    page = text(adviser_client.get(f"/companies/{company.pk}/"))
    assert "Regnskapsregisteret har andre tall for 2025" in page
    assert "14 000 000 kr" in page and "14 250 000 kr" in page
    assert "Bruk Regnskapsregisterets tall for 2025" in page
    assert "Siste årsregnskap fra Regnskapsregisteret: 2025, hentet" in page

    chosen = adviser_client.post(
        f"/companies/{company.pk}/accounts/2025/choose/", {"keep": "register"}, follow=True
    )
    assert "Nøkkeltallene for 2025 er nå Regnskapsregisterets." in text(chosen)
    assert "Regnskapsregisteret har andre tall" not in text(chosen)
    figures = figures_of(company, 2025)
    assert (figures["revenue"], figures["employees"], figures["source"]) == (
        Decimal("14250000.00"), 12, Source.REGISTER  # the employees stay as recorded
    )  # fmt: skip


def test_the_staff_may_keep_their_own_figures_until_the_register_says_something_new(
    company, registry, adviser_client
):
    key_figures_create(company=company, year=2025, revenue=Decimal("14000000"))
    company_accounts_fetch(company=company)
    kept = adviser_client.post(
        f"/companies/{company.pk}/accounts/2025/choose/", {"keep": "recorded"}, follow=True
    )
    assert "De registrerte nøkkeltallene for 2025 beholdes." in text(kept)
    assert "Regnskapsregisteret har andre tall" not in text(kept)
    assert figures_of(company, 2025)["revenue"] == Decimal("14000000.00")
    # The same accounts fetched again do not ask again…
    assert company_accounts_fetch(company=company).outcome == Fetched.DIFFERS
    assert "Regnskapsregisteret har andre tall" not in text(
        adviser_client.get(f"/companies/{company.pk}/")
    )
    # …other figures for the year do.
    AnnualAccounts.objects.filter(company=company).update(revenue=Decimal("1"))
    company_accounts_fetch(company=company)
    assert "Regnskapsregisteret har andre tall for 2025" in text(
        adviser_client.get(f"/companies/{company.pk}/")
    )


def test_a_choice_for_a_year_without_accounts_is_404_and_an_odd_one_400(company, adviser_client):
    url = f"/companies/{company.pk}/accounts/2025/choose/"
    assert adviser_client.post(url, {"keep": "register"}).status_code == 404
    assert adviser_client.post(url, {"keep": "both"}).status_code == 400


def test_the_button_on_the_company_page(company, registry, adviser_client):
    page = text(adviser_client.get(f"/companies/{company.pk}/"))
    assert "Hent regnskap fra Regnskapsregisteret" in page
    answer = adviser_client.post(f"/companies/{company.pk}/accounts/", follow=True)
    assert (
        "Årsregnskapet for 2025 er hentet fra Regnskapsregisteret, og tallene er nå "
        "nøkkeltallene for 2025." in text(answer)
    )
    assert "Regnskapsregisteret" in text(answer)  # the source column


def test_no_accounts_or_no_register_is_said_plainly(staff_of_rorosregionen, adviser_client):
    sole = registered(staff_of_rorosregionen, 2, brreg.SOLE_PROPRIETOR, "Holtålen Snekkeri")
    answer = adviser_client.post(f"/companies/{sole.pk}/accounts/", follow=True)
    # The suite's BRREG_URL is a closed port unless the stand-in runs.
    assert answer.status_code == 200
    assert "Regnskapsregisteret kan ikke nås akkurat nå." in text(answer)
    assert not AnnualAccounts.objects.exists()


def test_a_company_without_accounts(staff_of_rorosregionen, registry, adviser_client):
    sole = registered(staff_of_rorosregionen, 2, brreg.SOLE_PROPRIETOR, "Holtålen Snekkeri")
    answer = adviser_client.post(f"/companies/{sole.pk}/accounts/", follow=True)
    assert "Regnskapsregisteret har ikke noe årsregnskap for bedriften." in text(answer)


def test_the_yearly_run_asks_only_about_companies_lacking_last_years_accounts(
    staff_of_rorosregionen, other_naeringshage, registry
):
    roros = staff_of_rorosregionen
    active = registered(roros, 1, brreg.ACTIVE, "Røros Tre og Design AS")
    registered(roros, 2, brreg.WINDING_UP, "Os Bygg AS")
    registered(roros, 3, brreg.SOLE_PROPRIETOR, "Holtålen Snekkeri")
    gone = registered(other_naeringshage, 4, brreg.UNKNOWN, "Borte AS")
    Company.objects.filter(pk=gone.pk).update(registry_status=Company.RegistryStatus.DELETED)
    key_figures_create(company=active, year=2025, revenue=Decimal("1"))

    out = io.StringIO()
    call_command("fetch_accounts", stdout=out)
    assert out.getvalue().splitlines() == [
        "Asked about 3 companies: 1 none, 1 stored, 0 same, 1 differs, 0 not_kept.",
        "  Rørosregionen Næringshage AS: Røros Tre og Design AS 2025: the key figures "
        "recorded differ from the register's",
    ]
    asked = [path for path in registry.requests if path.startswith(brreg.ACCOUNTS)]
    assert len(asked) == 3  # the deleted company is not asked
    registry.requests.clear()
    # Next time only the company still without last year's accounts is asked.
    run = accounts_fetch_due(today=date(2026, 9, 1))
    assert run.asked == 1 and registry.requests == [f"{brreg.ACCOUNTS}{brreg.SOLE_PROPRIETOR}"]
    assert accounts_fetch_due(naeringshage=other_naeringshage, today=date(2026, 9, 1)).asked == 0


def test_the_yearly_run_is_due_after_the_filing_deadline_and_twice_more():
    oslo = ZoneInfo("Europe/Oslo")
    due = due_runs(datetime(2026, 7, 1, tzinfo=oslo), datetime(2026, 12, 31, tzinfo=oslo))
    times = [time for job, time in due if job.name == "fetch_accounts"]
    assert times == [datetime(2026, month, 1, 6, 0, tzinfo=oslo) for month in (8, 9, 10)]


def test_a_wrong_slug_is_refused_by_the_command(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No næringshage has the slug"):
        call_command("fetch_accounts", "--naeringshage=nowhere", stdout=io.StringIO())


def test_value_creation_left_empty_is_worked_out(company, adviser_client):
    answer = adviser_client.post(
        f"/companies/{company.pk}/key-figures/new/",
        {"year": "2024", "operating_result": "-200 000", "wage_costs": "1 450 000,50"},
    )
    assert answer.status_code == 302
    figures = figures_of(company, 2024)
    assert figures["value_creation"] == Decimal("1250000.50")
    assert figures["source"] == Source.TYPED


def test_choosing_the_register_for_a_year_without_key_figures(company, registry):
    company_accounts_fetch(company=company)
    KeyFigures.objects.filter(company=company).delete()
    figures = key_figures_choose(company=company, year=2025, register=True)
    assert figures.source == Source.REGISTER and figures.revenue == Decimal("14250000.00")
