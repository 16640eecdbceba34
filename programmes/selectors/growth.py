"""Siva's effect indicators: each target company's growth in revenue and value creation
since its baseline year, and the same summed per cohort (the companies of one baseline
year). A company whose figures are missing is listed with the reason, never left out.

The baseline is the enrolment's start year (avtalestart), or the programme period's
baseline year where the reference data sets one and the enrolment began before it
(avtalestart reset to 2023 for everyone in the period from 2023). Growth runs to the
latest year after the baseline, up to the year asked for, with a figure: accounts are
filed months after a year ends."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from programmes.models import Company, Enrolment, KeyFigures, Naeringshage, ProgrammePeriod

# Why a company's growth cannot be measured.
NOT_YET = "not_yet"  # the baseline is the year asked for (or later)
NO_BASELINE = "no_baseline"  # no figure for the baseline year
NO_LATER = "no_later"  # no figure for a year after it
MISSING = {
    NOT_YET: _("The baseline year is not over"),
    NO_BASELINE: _("No figures for the baseline year"),
    NO_LATER: _("No figures after the baseline year"),
}

SHARE = Decimal("0.0001")


@dataclass(frozen=True)
class Change:
    """A figure at the baseline and at the latest year; None where it is not known."""

    base: Decimal | None
    now: Decimal | None

    @property
    def known(self) -> bool:
        return self.base is not None and self.now is not None

    @property
    def growth(self) -> Decimal | None:
        if self.base is None or self.now is None:
            return None
        return self.now - self.base

    @property
    def share(self) -> Decimal | None:
        """The growth as a share of the baseline; None for a baseline of 0 or less."""
        growth = self.growth
        if growth is None or self.base is None or self.base <= 0:
            return None
        return (growth / self.base).quantize(SHARE)


@dataclass(frozen=True)
class CompanyGrowth:
    organisation_number: str
    name: str
    start_date: date
    baseline_year: int
    to_year: int | None  # the latest year after the baseline with a figure
    revenue: Change
    value_creation: Change
    missing: str = ""  # NOT_YET, NO_BASELINE or NO_LATER; empty when measured

    @property
    def missing_text(self) -> str:
        return str(MISSING.get(self.missing, ""))

    @property
    def changes(self) -> list[tuple[str, Change]]:
        """(measure, change) for the page."""
        return [(str(_("Revenue")), self.revenue), (str(_("Value creation")), self.value_creation)]


@dataclass(frozen=True)
class CohortGrowth:
    baseline_year: int
    companies: int
    revenue_known: int  # companies with both revenue figures
    value_creation_known: int
    revenue: Change  # summed over the companies with both figures
    value_creation: Change


def value_creation(figures: dict) -> Decimal | None:
    """Verdiskaping: as recorded, or operating result plus wage costs."""
    if figures["value_creation"] is not None:
        return figures["value_creation"]
    if figures["operating_result"] is not None and figures["wage_costs"] is not None:
        return figures["operating_result"] + figures["wage_costs"]
    return None


def _has_figure(figures: dict | None) -> bool:
    return figures is not None and (
        figures["revenue"] is not None or value_creation(figures) is not None
    )


def baseline_year(start: date, reset: int | None) -> int:
    """An enrolment's baseline: its start year, or the period's reset year after it."""
    return max(start.year, reset) if reset is not None else start.year


def period_baseline(programme_id: int, day: date) -> int | None:
    """The reset year of the programme period running on `day` (None: none is set)."""
    period = ProgrammePeriod.objects.filter(programme_id=programme_id).valid_on(day).first()
    return period.baseline_year if period else None


# The figures growth is measured on (value creation from its parts where not recorded).
VALUE_FIGURES = ("revenue", "value_creation", "operating_result", "wage_costs")
_FIGURES = ("company_id", "year", *VALUE_FIGURES)


def growth_of(
    *,
    organisation_number: str,
    name: str,
    start: date,
    reset: int | None,
    series: dict[int, dict],
    year: int,
) -> CompanyGrowth:
    """One company's growth from its baseline to the latest year up to `year` with a
    figure; `series` is its key figures by year (dicts of _FIGURES)."""
    base_year = baseline_year(start, reset)
    base = series.get(base_year)
    later = [y for y, row in series.items() if base_year < y <= year and _has_figure(row)]
    to_year = max(later) if later else None
    now = series[to_year] if to_year is not None else None
    if base_year >= year:
        missing = NOT_YET
    elif not _has_figure(base):
        missing = NO_BASELINE
    elif now is None:
        missing = NO_LATER
    else:
        missing = ""
    return CompanyGrowth(
        organisation_number=organisation_number,
        name=name,
        start_date=start,
        baseline_year=base_year,
        to_year=to_year,
        revenue=Change(base["revenue"] if base else None, now["revenue"] if now else None),
        value_creation=Change(
            value_creation(base) if base else None, value_creation(now) if now else None
        ),
        missing=missing,
    )


def target_company_growth(
    *, naeringshage: Naeringshage, year: int, start: date, end: date
) -> list[CompanyGrowth]:
    """The target companies enrolled at some time from `start` to `end`, by name, each
    with its growth from its baseline year to the latest year with figures up to `year`
    (three queries)."""
    reset = period_baseline(naeringshage.programme_id, end)
    enrolments: dict[int, dict] = {}
    for row in (
        Enrolment.objects.for_naeringshage(naeringshage)
        .of_kind(Enrolment.Kind.TARGET)
        .overlapping(start, end)
        .order_by("start_date", "pk")
        .values("company_id", "company__organisation_number", "company__name", "start_date")
    ):
        enrolments[row["company_id"]] = dict(row)  # a company's latest enrolment in the period
    figures: dict[int, dict[int, dict]] = {}
    rows = KeyFigures.objects.filter(company_id__in=enrolments, year__lte=year).values(*_FIGURES)
    for row in rows:
        figures.setdefault(row["company_id"], {})[row["year"]] = row
    growth = [
        growth_of(
            organisation_number=enrolment["company__organisation_number"],
            name=enrolment["company__name"],
            start=enrolment["start_date"],
            reset=reset,
            series=figures.get(company_id, {}),
            year=year,
        )
        for company_id, enrolment in enrolments.items()
    ]
    return sorted(growth, key=lambda row: (row.name, row.organisation_number))


def company_growth(
    *, company: Company, enrolments: list[Enrolment], key_figures: list[KeyFigures], today: date
) -> CompanyGrowth | None:
    """The company page's growth: from the baseline of its latest target-company
    enrolment to the latest year with figures (None when it never was a target
    company). One query, for the programme period."""
    targets = [e for e in enrolments if e.kind == Enrolment.Kind.TARGET]
    if not targets:
        return None
    enrolment = max(targets, key=lambda e: e.start_date)
    day = min(today, enrolment.end_date) if enrolment.end_date else today
    series = {
        figures.year: {name: getattr(figures, name) for name in VALUE_FIGURES}
        for figures in key_figures
    }
    return growth_of(
        organisation_number=company.organisation_number,
        name=company.name,
        start=enrolment.start_date,
        reset=period_baseline(company.naeringshage.programme_id, max(day, enrolment.start_date)),
        series=series,
        year=today.year,
    )


def _sum(changes: list[Change]) -> Change:
    known = [change for change in changes if change.known]
    if not known:
        return Change(None, None)
    return Change(
        sum((change.base or Decimal("0") for change in known), Decimal("0")),
        sum((change.now or Decimal("0") for change in known), Decimal("0")),
    )


def cohort_growth(companies: list[CompanyGrowth]) -> list[CohortGrowth]:
    """The companies' growth summed per baseline year, the oldest cohort first: only the
    companies with both figures of a measure count in its sums."""
    cohorts: dict[int, list[CompanyGrowth]] = {}
    for row in companies:
        cohorts.setdefault(row.baseline_year, []).append(row)
    return [
        CohortGrowth(
            baseline_year=year,
            companies=len(rows),
            revenue_known=sum(1 for row in rows if row.revenue.known),
            value_creation_known=sum(1 for row in rows if row.value_creation.known),
            revenue=_sum([row.revenue for row in rows]),
            value_creation=_sum([row.value_creation for row in rows]),
        )
        for year, rows in sorted(cohorts.items())
    ]


def all_cohorts(cohorts: list[CohortGrowth]) -> CohortGrowth | None:
    """Every cohort together: the næringshage's growth (None without a company)."""
    if not cohorts:
        return None
    return CohortGrowth(
        baseline_year=0,
        companies=sum(c.companies for c in cohorts),
        revenue_known=sum(c.revenue_known for c in cohorts),
        value_creation_known=sum(c.value_creation_known for c in cohorts),
        revenue=_sum([c.revenue for c in cohorts]),
        value_creation=_sum([c.value_creation for c in cohorts]),
    )
