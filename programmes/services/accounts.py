"""A company's annual accounts from Regnskapsregisteret, kept as its key figures.

The register shows only a company's latest filed accounts, so each fetch is kept
(`AnnualAccounts`, one row a company and year): over the years the product holds the
series that Siva's growth indicators need. A fetch also sets that year's key figures —
but never over figures the staff typed or imported: when those differ from the
register's, both stay, the company page shows them side by side, and the staff choose
(`key_figures_use_accounts`). Value creation is the operating result plus wage costs.
"""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

import httpx
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from programmes import registry
from programmes.models import AnnualAccounts, Company, KeyFigures, Naeringshage
from programmes.registry import Accounts, fetch_accounts

Source = KeyFigures.Source


class Fetched(StrEnum):
    """What a fetch did with the year's key figures."""

    NONE = "none"  # the register has no accounts for the company
    STORED = "stored"  # the key figures are now the register's
    SAME = "same"  # the key figures already said the same
    DIFFERS = "differs"  # the staff's figures differ: both kept, the staff choose
    NOT_KEPT = "not_kept"  # the accounts cannot be key figures (another currency…)


@dataclass(frozen=True)
class AccountsFetch:
    outcome: Fetched
    accounts: AnnualAccounts | None = None


def _keep_accounts(company: Company, found: Accounts) -> AnnualAccounts:
    """The year's accounts, kept as the register gave them now (the staff's choice of
    their own figures stays while the register's figures are the same)."""
    accounts = AnnualAccounts.objects.filter(company=company, year=found.year).first()
    if accounts is None:
        accounts = AnnualAccounts(company=company, year=found.year)
    before = accounts.figures() if accounts.pk else None
    accounts.period_start, accounts.period_end = found.period_start, found.period_end
    accounts.currency = found.currency[:3]
    for name in KeyFigures.ACCOUNTS_FIGURES:
        setattr(accounts, name, getattr(found, name))
    accounts.journal = found.journal[:20]
    accounts.fetched_at = timezone.now()
    accounts.data = found.data or {}
    if before != accounts.figures():
        accounts.recorded_kept = False
    accounts.save()
    return accounts


def _set_figures(company: Company, accounts: AnnualAccounts) -> Fetched:
    """The year's key figures from the accounts, unless the staff's say otherwise."""
    if accounts.currency != "NOK":
        return Fetched.NOT_KEPT
    figures = KeyFigures.objects.filter(company=company, year=accounts.year).first()
    if figures is not None and not accounts.differs_from(figures):
        return Fetched.SAME
    if figures is not None and (figures.source != Source.REGISTER or accounts.recorded_kept):
        return Fetched.DIFFERS
    if figures is None:
        figures = KeyFigures(company=company, year=accounts.year)
    for name, value in accounts.figures().items():
        setattr(figures, name, value)
    figures.source = Source.REGISTER
    try:
        with transaction.atomic():
            figures.full_clean()
            figures.save()
    except ValidationError:
        return Fetched.NOT_KEPT  # such as a negative revenue: shown beside, not kept
    return Fetched.STORED


def company_accounts_fetch(
    *, company: Company, connection: httpx.Client | None = None
) -> AccountsFetch:
    """Asks Regnskapsregisteret for the company's latest accounts, keeps them and sets
    that year's key figures where the staff's do not differ. Raises
    RegistryUnavailable when the register cannot say."""
    found = fetch_accounts(company.organisation_number, connection=connection)
    if found is None:
        return AccountsFetch(Fetched.NONE)
    with transaction.atomic():
        Company.objects.select_for_update().filter(pk=company.pk).first()
        accounts = _keep_accounts(company, found)
        outcome = _set_figures(company, accounts)
    return AccountsFetch(outcome, accounts)


def key_figures_choose(*, company: Company, year: int, register: bool) -> KeyFigures | None:
    """The staff's choice for a year whose key figures differ from the register's
    accounts: the register's figures (the employees stay as recorded), or the recorded
    ones, kept without asking again until other accounts for the year come.
    AnnualAccounts.DoesNotExist when none are kept for the year; ValidationError when
    the register's figures cannot be key figures."""
    with transaction.atomic():
        Company.objects.select_for_update().filter(pk=company.pk).first()
        accounts = AnnualAccounts.objects.get(company=company, year=year)
        figures = KeyFigures.objects.filter(company=company, year=year).first()
        if not register:
            accounts.recorded_kept = True
            accounts.save(update_fields=["recorded_kept"])
            return figures
        if figures is None:
            figures = KeyFigures(company=company, year=year)
        for name, value in accounts.figures().items():
            setattr(figures, name, value)
        figures.source = Source.REGISTER
        figures.full_clean()
        figures.save()
        accounts.recorded_kept = False
        accounts.save(update_fields=["recorded_kept"])
    return figures


@dataclass
class AccountsRun:
    asked: int = 0
    none: int = 0  # companies with no accounts in the register
    outcomes: dict[str, int] = field(default_factory=dict)
    differs: list[AnnualAccounts] = field(default_factory=list)


def accounts_fetch_due(
    *, naeringshage: Naeringshage | None = None, today: date | None = None
) -> AccountsRun:
    """Fetches the accounts of every company (of the næringshage, or of all) that has
    none kept for last year yet and is not deleted in Enhetsregisteret: the yearly run
    after the filing deadline (31 July), again in the autumn for late filings. Raises
    RegistryUnavailable when the register cannot be asked (what was fetched stays)."""
    last_year = (today or timezone.localdate()).year - 1
    companies = (
        Company.objects.annotate(latest=Max("annual_accounts__year"))
        .filter(Q(latest__isnull=True) | Q(latest__lt=last_year))
        .exclude(registry_status=Company.RegistryStatus.DELETED)
        .order_by("pk")
    )
    if naeringshage is not None:
        companies = companies.filter(naeringshage=naeringshage)
    run = AccountsRun()
    with registry.client() as connection:
        for company in list(companies):
            fetched = company_accounts_fetch(company=company, connection=connection)
            run.asked += 1
            run.outcomes[fetched.outcome] = run.outcomes.get(fetched.outcome, 0) + 1
            if fetched.outcome == Fetched.DIFFERS and fetched.accounts is not None:
                run.differs.append(fetched.accounts)
    return run
