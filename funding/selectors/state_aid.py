"""The state-aid register (Registeret for offentlig støtte): which aid awards must be
reported, per company and calendar year.

An award is one service's subsidy, in euros at the rate of its day (as the service
stores it). An award of at least the threshold in force on its day (a dated rule,
`AidRegisterThreshold`: EUR 100 000 from 2023-12-11) is reported; the legal basis is
the state-aid rule in force on its day (GBER art. 28). A company whose aid in a
calendar year reaches the threshold is listed too, so the manager can check whether
its awards make one."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, Max, Q, Sum, Value
from django.db.models.functions import ExtractYear

from funding.models import AidRegisterThreshold, PricedService, StateAidRule
from municipalities.validity import overlapping_q
from programmes.models import Company, Naeringshage
from programmes.organisation_numbers import format_organisation_number


@dataclass(frozen=True)
class AidAward:
    """An award at or above the threshold, with what the register asks for."""

    service_id: int
    company_id: int
    organisation_number: str
    company_name: str
    date: date
    service_type: str
    subsidy: Decimal  # NOK
    subsidy_eur: Decimal
    legal_basis: str

    @property
    def organisation_number_display(self) -> str:
        return format_organisation_number(self.organisation_number)


@dataclass(frozen=True)
class AidYear:
    """A company's aid in a calendar year."""

    company_id: int
    organisation_number: str
    company_name: str
    year: int
    awards: int
    subsidy: Decimal
    subsidy_eur: Decimal
    largest_eur: Decimal
    to_report: int  # awards at or above the threshold of their day
    threshold_eur: Decimal | None  # in force at the year's end (or its last in the year)

    @property
    def organisation_number_display(self) -> str:
        return format_organisation_number(self.organisation_number)

    @property
    def reaches_threshold(self) -> bool:
        return self.threshold_eur is not None and self.subsidy_eur >= self.threshold_eur


@dataclass(frozen=True)
class AidRegister:
    year: int
    thresholds: list[AidRegisterThreshold]  # those in force at some time in the year
    awards: list[AidAward]  # to report, by date
    companies: list[AidYear]  # whose aid in the year reaches the threshold, most first

    @property
    def threshold(self) -> AidRegisterThreshold | None:
        """The threshold in force at the year's end, or the last one in the year."""
        return self.thresholds[0] if self.thresholds else None


def _thresholds(start: date, end: date) -> list[AidRegisterThreshold]:
    """The thresholds in force at some time from `start` to `end`, latest first."""
    return list(
        AidRegisterThreshold.objects.filter(overlapping_q(start, end)).order_by("-valid_from")
    )


def _to_report(thresholds: list[AidRegisterThreshold]) -> Q:
    """The services whose subsidy reaches the threshold in force on their day (call it
    with at least one threshold)."""
    condition = Q()
    for threshold in thresholds:
        day = Q(date__gte=threshold.valid_from, subsidy_eur__gte=threshold.threshold_eur)
        if threshold.valid_to is not None:
            day &= Q(date__lte=threshold.valid_to)
        condition |= day
    return condition


def _legal_basis(rules: list[StateAidRule], day: date) -> str:
    return next((rule.name for rule in rules if rule.covers(day)), "")


def aid_register(*, naeringshage: Naeringshage, year: int) -> AidRegister:
    """The year's awards to report and the companies whose aid in the year reaches the
    threshold (four queries, whatever the number of services)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    thresholds = _thresholds(start, end)
    rules = list(StateAidRule.objects.filter(overlapping_q(start, end)))
    services = PricedService.objects.for_naeringshage(naeringshage).counted().in_year(year)
    if not thresholds:
        return AidRegister(year=year, thresholds=[], awards=[], companies=[])
    awards = [
        AidAward(
            service_id=service.pk,
            company_id=service.company_id,
            organisation_number=service.company.organisation_number,
            company_name=service.company.name,
            date=service.date,
            service_type=service.service_type.name,
            subsidy=service.subsidy,
            subsidy_eur=service.subsidy_eur,
            legal_basis=_legal_basis(rules, service.date),
        )
        for service in services.filter(_to_report(thresholds))
        .select_related("company", "service_type")
        .order_by("date", "company__name", "pk")
    ]
    companies = [row for row in _per_company_year(services, thresholds) if row.reaches_threshold]
    return AidRegister(year=year, thresholds=thresholds, awards=awards, companies=companies)


def _per_company_year(services, thresholds: list[AidRegisterThreshold]) -> list[AidYear]:
    money: DecimalField[Decimal, Decimal] = DecimalField(max_digits=14, decimal_places=2)
    rows = (
        services.annotate(year=ExtractYear("date"))
        .values("company_id", "company__organisation_number", "company__name", "year")
        .annotate(
            awards=Count("pk"),
            subsidy_sum=Sum("subsidy", output_field=money),
            subsidy_eur_sum=Sum("subsidy_eur", output_field=money),
            largest_eur=Max("subsidy_eur"),
            to_report=Count("pk", filter=_to_report(thresholds)) if thresholds else Value(0),
        )
        .order_by("-subsidy_eur_sum", "company__name")
    )
    result = []
    for row in rows:
        start, end = date(row["year"], 1, 1), date(row["year"], 12, 31)
        in_force = [t for t in thresholds if t.valid_from <= end and (t.valid_to or end) >= start]
        result.append(
            AidYear(
                company_id=row["company_id"],
                organisation_number=row["company__organisation_number"],
                company_name=row["company__name"],
                year=row["year"],
                awards=row["awards"],
                subsidy=row["subsidy_sum"],
                subsidy_eur=row["subsidy_eur_sum"],
                largest_eur=row["largest_eur"],
                to_report=row["to_report"],
                threshold_eur=in_force[0].threshold_eur if in_force else None,
            )
        )
    return result


def aid_per_year(*, company: Company) -> list[AidYear]:
    """The company's aid per calendar year, the latest year first (two queries)."""
    thresholds = list(AidRegisterThreshold.objects.order_by("-valid_from"))
    services = PricedService.objects.counted().filter(company=company, subsidy__gt=0)
    rows = _per_company_year(services, thresholds)
    return sorted(rows, key=lambda row: row.year, reverse=True)
