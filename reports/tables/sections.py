"""The annual report's sections as tables, in the order of SECTION_KEYS."""

from decimal import Decimal

from django.utils.translation import gettext

from programmes.selectors.growth import all_cohorts
from reports.selectors.annual import AnnualReport
from reports.tables.definitions import SECTION_KEYS, make_table
from reports.tables.shape import Table


def _amounts(row) -> tuple:
    return (row.services, row.hours, row.price, row.own_share, row.subsidy)


def _municipalities(report: AnnualReport) -> Table:
    totals = report.totals
    rows = [
        (
            group.role,
            row.county_name,
            row.number,
            row.label,
            row.services,
            row.companies,
            row.hours,
            row.price,
            row.own_share,
            row.subsidy,
        )
        for group in report.municipality_groups
        for row in group.rows
    ]
    return make_table(
        "municipalities",
        report.year,
        rows,
        (None, None, None, None, totals.services, totals.companies, *_amounts(totals)[1:]),
    )


def _counties(report: AnnualReport) -> Table:
    """The municipalities' activity summed per county of the year's numbering, every
    group of the region together: what each county council funds. The rows sum to the
    municipalities' total (a company lies in one municipality)."""
    counties: dict[tuple, list] = {}
    for row in report.municipalities:
        key = (row.county_number or "99", row.county_name)
        sums = counties.setdefault(key, [0, 0, *(Decimal("0"),) * 4])
        for index, value in enumerate(
            (row.services, row.companies, row.hours, row.price, row.own_share, row.subsidy)
        ):
            sums[index] += value
    rows = [
        (number, name, *sums) if name else (None, gettext("County not known"), *sums)
        for (number, name), sums in sorted(counties.items(), key=lambda item: item[0])
    ]
    totals = report.totals
    return make_table(
        "counties",
        report.year,
        rows,
        (None, None, totals.services, totals.companies, *_amounts(totals)[1:]),
    )


def _service_types(report: AnnualReport) -> Table:
    return make_table(
        "service_types",
        report.year,
        [(row.name, *_amounts(row)) for row in report.service_types],
        (None, *_amounts(report.totals)),
    )


def _funding_lines(report: AnnualReport) -> Table:
    return make_table(
        "funding_lines",
        report.year,
        [(row.key, *_amounts(row)) for row in report.funding_lines],
        (None, *_amounts(report.totals)),
    )


def _frame(report: AnnualReport) -> Table:
    frame, placement = report.frame, report.placement
    return make_table(
        "frame",
        report.year,
        [
            (
                frame.granted,
                frame.used,
                frame.left,
                frame.share_used,
                placement.level.label if placement else None,
                placement.level.tier_model.name if placement else None,
                placement.implied_amount if placement else None,
            )
        ],
    )


def _grants(report: AnnualReport) -> Table:
    return make_table(
        "grants",
        report.year,
        [
            (row.funder, row.kind, row.title, row.allocated, row.used, row.left)
            for row in report.grants
        ],
        (
            None,
            None,
            None,
            sum((row.allocated for row in report.grants), Decimal("0")),
            sum((row.used for row in report.grants), Decimal("0")),
            sum((row.left for row in report.grants), Decimal("0")),
        )
        if report.grants
        else None,
    )


def _targets(report: AnnualReport) -> Table:
    return make_table(
        "targets",
        report.year,
        [
            (row.name, row.target, row.actual, row.reached, row.year_gone, row.status)
            for row in report.targets
        ],
    )


def _companies(report: AnnualReport) -> Table:
    companies = report.companies
    return make_table(
        "companies",
        report.year,
        [
            (
                companies.helped,
                companies.new_target_companies,
                companies.active_target_companies,
                companies.women_yes,
                companies.women_no,
                companies.women_unknown,
                companies.women_share,
                companies.employees,
                companies.employees_known,
                companies.revenue,
                companies.revenue_known,
            )
        ],
    )


def _programme_companies(report: AnnualReport) -> Table:
    return make_table(
        "programme_companies",
        report.year,
        [
            (
                row.organisation_number,
                row.name,
                row.municipality_number,
                row.kind,
                row.start_date,
                row.end_date,
            )
            for row in report.programme_companies
        ],
    )


def _changes(revenue, value_creation) -> tuple:
    return tuple(
        value
        for change in (revenue, value_creation)
        for value in (change.base, change.now, change.growth, change.share)
    )


def _growth(report: AnnualReport) -> Table:
    return make_table(
        "growth",
        report.year,
        [
            (
                row.organisation_number,
                row.name,
                str(row.baseline_year),
                str(row.to_year) if row.to_year else None,
                *_changes(row.revenue, row.value_creation),
                row.missing or None,
            )
            for row in report.growth
        ],
    )


def _growth_cohorts(report: AnnualReport) -> Table:
    total = all_cohorts(report.growth_cohorts)
    return make_table(
        "growth_cohorts",
        report.year,
        [
            (
                str(row.baseline_year),
                row.companies,
                row.revenue_known,
                row.value_creation_known,
                *_changes(row.revenue, row.value_creation),
            )
            for row in report.growth_cohorts
        ],
        (
            None,
            total.companies,
            total.revenue_known,
            total.value_creation_known,
            *_changes(total.revenue, total.value_creation),
        )
        if total
        else None,
    )


def _events(report: AnnualReport) -> Table:
    events = [(row.number, row.label, row.events, row.participants) for row in report.events]
    return make_table(
        "events",
        report.year,
        events,
        (None, None, *report.event_totals) if events else None,
    )


_SECTIONS = {
    "municipalities": _municipalities,
    "counties": _counties,
    "service_types": _service_types,
    "funding_lines": _funding_lines,
    "frame": _frame,
    "grants": _grants,
    "targets": _targets,
    "companies": _companies,
    "programme_companies": _programme_companies,
    "growth": _growth,
    "growth_cohorts": _growth_cohorts,
    "events": _events,
}


def report_tables(report: AnnualReport, keys: tuple[str, ...] = SECTION_KEYS) -> list[Table]:
    """The report's sections as tables, in the order of `keys` (every section by
    default). Only the sections asked for are read."""
    return [_SECTIONS[key](report) for key in keys]
