"""Each table's title, caption, columns and the text shown when it has no row. Labels
are not stored in a snapshot: they come from here, in the reader's language."""

from django.utils.translation import gettext_lazy as _

from funding.models import Grant
from programmes.models import Enrolment, RegionMembership
from programmes.selectors.growth import MISSING
from reports.selectors.annual import MARKET_PRICE, OUTSIDE_REGION
from reports.selectors.annual.targets import BEHIND, NOT_REACHED, ON_COURSE, REACHED
from reports.tables.shape import (
    CHOICE,
    DATE,
    HOURS,
    INTEGER,
    MONEY,
    ORGANISATION_NUMBER,
    PERCENT,
    Column,
    Table,
)

SECTION_KEYS = (
    "municipalities",
    "counties",
    "service_types",
    "funding_lines",
    "frame",
    "grants",
    "targets",
    "companies",
    "programme_companies",
    "growth",
    "growth_cohorts",
    "events",
)


_NO_SERVICE = _("No service is recorded in the period.")


def _amount_columns(*, companies: bool = False) -> tuple[Column, ...]:
    columns = [Column("services", _("Services"), INTEGER)]
    if companies:
        columns.append(Column("companies", _("Companies"), INTEGER))
    return (
        *columns,
        Column("hours", _("Hours"), HOURS),
        Column("price", _("Price"), MONEY),
        Column("own_share", _("Own share"), MONEY),
        Column("subsidy", _("Subsidy"), MONEY),
    )


def _municipalities() -> dict:
    return {
        "title": _("Activity per municipality"),
        "caption": _("Services per municipality, by county (numbering of %(year)s)"),
        "columns": (
            Column(
                "group",
                _("Region"),
                CHOICE,
                {
                    RegionMembership.Role.MEMBER: _("Programme members"),
                    RegionMembership.Role.SERVICES_ONLY: _("Services only"),
                    OUTSIDE_REGION: _("Outside the region"),
                },
                groups_rows=True,
            ),
            Column("county", _("County")),
            Column("number", _("Number")),
            Column("municipality", _("Municipality"), row_header=True),
            *_amount_columns(companies=True),
        ),
        "empty": _NO_SERVICE,
    }


def _counties() -> dict:
    return {
        "title": _("Activity per county"),
        "caption": _(
            "The services per municipality summed per county (numbering of %(year)s), "
            "every group of the region together"
        ),
        "columns": (
            Column("number", _("Number")),
            Column("county", _("County"), row_header=True),
            *_amount_columns(companies=True),
        ),
        "empty": _NO_SERVICE,
    }


def _service_types() -> dict:
    return {
        "title": _("Per service type"),
        "caption": _("Services per service type"),
        "columns": (
            Column("service_type", _("Service type"), row_header=True),
            *_amount_columns(),
        ),
        "empty": _NO_SERVICE,
    }


def _funding_lines() -> dict:
    return {
        "title": _("Per funding line"),
        "caption": _("Services per funding line"),
        "columns": (
            Column(
                "funding_line",
                _("Funding line"),
                CHOICE,
                {**dict(Grant.Kind.choices), MARKET_PRICE: _("Market price (no subsidy)")},
                row_header=True,
            ),
            *_amount_columns(),
        ),
    }


def _frame() -> dict:
    return {
        "title": _("The Siva frame and the tier placement"),
        "caption": _(
            "The year's Siva frame, what the period used of it, and Siva's tier placement "
            "for %(year)s"
        ),
        "vertical": True,
        "columns": (
            Column("granted", _("Siva frame granted"), MONEY),
            Column("used", _("Used in the period"), MONEY),
            Column("left", _("Left"), MONEY),
            Column("share_used", _("Share used"), PERCENT),
            Column("level", _("Tier level")),
            Column("tier_model", _("Tier model")),
            Column("level_frame", _("Yearly frame of the level"), MONEY),
        ),
    }


def _grants() -> dict:
    return {
        "title": _("Grants of the year and their use"),
        "caption": _(
            "Each grant's part for %(year)s by funder and kind, and the subsidy drawn on it "
            "in the period"
        ),
        "columns": (
            Column("funder", _("Funder"), row_header=True),
            Column("kind", _("Kind"), CHOICE, dict(Grant.Kind.choices)),
            Column("title", _("Title")),
            Column("allocated", _("Allocated"), MONEY),
            Column("used", _("Used"), MONEY),
            Column("left", _("Left"), MONEY),
        ),
        "empty": _("No grant is recorded for the year."),
    }


def _targets() -> dict:
    return {
        "title": _("Targets"),
        "caption": _(
            "The targets for %(year)s against the result from 1 January to the period's "
            "end, and the share of the year gone"
        ),
        "columns": (
            Column("target_kind", _("Target"), row_header=True),
            Column("target", _("Target value"), INTEGER),
            Column("actual", _("Result"), INTEGER),
            Column("reached", _("Share reached"), PERCENT),
            Column("year_gone", _("Share of the year gone"), PERCENT),
            Column(
                "status",
                _("Status"),
                CHOICE,
                {
                    REACHED: _("Reached"),
                    ON_COURSE: _("On course"),
                    BEHIND: _("Behind"),
                    NOT_REACHED: _("Not reached"),
                },
            ),
        ),
        "empty": _("No target is recorded for the year."),
    }


def _companies() -> dict:
    return {
        "title": _("Companies"),
        "caption": _("Companies helped and target companies in the period"),
        "vertical": True,
        "columns": (
            Column("helped", _("Companies helped"), INTEGER),
            Column(
                "new_target_companies",
                _("New target companies (contract start in the period)"),
                INTEGER,
            ),
            Column(
                "active_target_companies",
                _("Active target companies at the period's end"),
                INTEGER,
            ),
            Column("women_yes", _("Women in leading positions: yes"), INTEGER),
            Column("women_no", _("Women in leading positions: no"), INTEGER),
            Column("women_unknown", _("Women in leading positions: unknown"), INTEGER),
            Column(
                "women_share",
                _("Share of companies helped with women in leading positions"),
                PERCENT,
            ),
            Column("employees", _("Employees of the companies helped"), INTEGER),
            Column("employees_known", _("Companies with employees known"), INTEGER),
            Column("revenue", _("Revenue of the companies helped"), MONEY),
            Column("revenue_known", _("Companies with revenue known"), INTEGER),
        ),
    }


def _programme_companies() -> dict:
    return {
        "title": _("Programme companies for Siva"),
        "caption": _(
            "Enrolments running at some time in the period, by name (municipality numbers "
            "of %(year)s)"
        ),
        "columns": (
            Column("organisation_number", _("Organisation number"), ORGANISATION_NUMBER),
            Column("name", _("Name"), row_header=True),
            Column("municipality_number", _("Municipality number")),
            Column("kind", _("Enrolment"), CHOICE, dict(Enrolment.Kind.choices)),
            Column("start_date", _("Contract start"), DATE),
            Column("end_date", _("Contract end"), DATE),
        ),
        "empty": _("No company is enrolled in the programme in the period."),
    }


def _change_columns() -> tuple[Column, ...]:
    return (
        Column("revenue_base", _("Revenue, baseline year"), MONEY),
        Column("revenue_now", _("Revenue, latest year"), MONEY),
        Column("revenue_growth", _("Revenue growth"), MONEY),
        Column("revenue_share", _("Revenue growth in per cent"), PERCENT),
        Column("value_creation_base", _("Value creation, baseline year"), MONEY),
        Column("value_creation_now", _("Value creation, latest year"), MONEY),
        Column("value_creation_growth", _("Value creation growth"), MONEY),
        Column("value_creation_share", _("Value creation growth in per cent"), PERCENT),
    )


def _growth() -> dict:
    return {
        "title": _("Growth of the target companies"),
        "caption": _(
            "Revenue and value creation of each target company enrolled in the period, from "
            "its baseline year (avtalestart, or the programme period's reset year) to the "
            "latest year up to %(year)s with figures; the companies that cannot be measured "
            "say why"
        ),
        "columns": (
            # Short: the table is wide.
            Column("organisation_number", _("Org. number"), ORGANISATION_NUMBER),
            Column("name", _("Name"), row_header=True),
            Column("baseline_year", _("Baseline year")),
            Column("to_year", _("Latest year")),
            *_change_columns(),
            Column(
                "missing",
                _("Not measured"),
                CHOICE,
                MISSING,
            ),
        ),
        "empty": _("No target company is enrolled in the period."),
    }


def _growth_cohorts() -> dict:
    return {
        "title": _("Growth per cohort"),
        "caption": _(
            "The target companies' growth summed per baseline year; a sum counts the "
            "companies with figures for both years"
        ),
        "columns": (
            Column("baseline_year", _("Baseline year"), row_header=True),
            Column("companies", _("Companies"), INTEGER),
            Column("revenue_known", _("With revenue for both years"), INTEGER),
            Column("value_creation_known", _("With value creation for both years"), INTEGER),
            *_change_columns(),
        ),
        "empty": _("No target company is enrolled in the period."),
    }


def _events() -> dict:
    return {
        "title": _("Events and participants per municipality"),
        "caption": _("Events in the period per municipality (numbering of %(year)s)"),
        "columns": (
            Column("number", _("Number")),
            Column("municipality", _("Municipality"), row_header=True),
            Column("events", _("Events"), INTEGER),
            Column("participants", _("Participants"), INTEGER),
        ),
        "empty": _("No event is recorded in the period."),
    }


def table_definitions() -> dict[str, dict]:
    """Each table's title, caption, columns and the text shown when it has no row."""
    return {
        "municipalities": _municipalities(),
        "counties": _counties(),
        "service_types": _service_types(),
        "funding_lines": _funding_lines(),
        "frame": _frame(),
        "grants": _grants(),
        "targets": _targets(),
        "companies": _companies(),
        "programme_companies": _programme_companies(),
        "growth": _growth(),
        "growth_cohorts": _growth_cohorts(),
        "events": _events(),
    }


def make_table(key: str, year: int, rows: list[tuple], total: tuple | None = None) -> Table:
    """The table `key` of a report of `year` (its caption names the year)."""
    definition = table_definitions()[key]
    return Table(
        key=key,
        title=definition["title"],
        caption=str(definition["caption"]) % {"year": year},
        columns=definition["columns"],
        rows=rows,
        total=total,
        vertical=definition.get("vertical", False),
        empty=definition.get("empty", ""),
    )
