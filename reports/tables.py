"""The annual report as tables: the one shape its exports (XLSX, CSV, PDF) and the
snapshot of a closed year share.

A table has typed columns and rows of plain values (Decimal, int, date, str or None).
`report_tables()` builds them from an `AnnualReport`; `to_snapshot()` and
`from_snapshot()` turn them into JSON and back without losing a digit, so that a
closed year's exports are made from the figures stored when it was closed. Labels are
not stored: a table's title and column labels come from the definitions below, in the
reader's language; stored values are keys (a funding line's kind, say) where a label
would depend on the language.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from funding.models import Grant
from programmes.models import Enrolment, RegionMembership
from reports.selectors.annual import MARKET_PRICE, OUTSIDE_REGION, AnnualReport

SNAPSHOT_VERSION = 1

TEXT = "text"
INTEGER = "integer"
MONEY = "money"
HOURS = "hours"
PERCENT = "percent"  # a share from 0 to 1
DATE = "date"
ORGANISATION_NUMBER = "organisation-number"
CHOICE = "choice"  # a stored key, shown by the column's label for it
NUMERIC = {INTEGER, MONEY, HOURS, PERCENT}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = TEXT
    choices: dict = field(default_factory=dict)
    row_header: bool = False  # the cell that names the row
    # Pages show the rows under a heading for each value of this column, not in it.
    groups_rows: bool = False

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC

    def display_choice(self, value) -> str:
        return str(self.choices.get(value, value))


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[Column, ...]
    rows: list[tuple]
    total: tuple | None = None  # aligned with the columns; None in the label columns
    vertical: bool = False  # one row, shown as one line a column
    empty: str = ""

    @property
    def pairs(self) -> list[tuple[Column, object]]:
        """A vertical table's (column, value) lines."""
        row = self.rows[0] if self.rows else (None,) * len(self.columns)
        return list(zip(self.columns, row, strict=True))

    @property
    def shown_columns(self) -> tuple[Column, ...]:
        """The columns a page shows (a grouping column becomes headings)."""
        return tuple(column for column in self.columns if not column.groups_rows)

    def row_groups(self) -> list[tuple[str | None, list[list[tuple[Column, object]]]]]:
        """For pages: (heading, rows of (column, value) cells), consecutive rows with the
        same value of the grouping column under one heading (None without grouping)."""
        index = next((i for i, column in enumerate(self.columns) if column.groups_rows), None)
        groups: list[tuple[str | None, list]] = []
        for row in self.rows:
            heading = None if index is None else self.columns[index].display_choice(row[index])
            cells = [
                (column, value)
                for column, value in zip(self.columns, row, strict=True)
                if not column.groups_rows
            ]
            if groups and groups[-1][0] == heading:
                groups[-1][1].append(cells)
            else:
                groups.append((heading, [cells]))
        return groups

    def shown_total(self) -> list[tuple[Column, object]] | None:
        if self.total is None:
            return None
        return [
            (column, value)
            for column, value in zip(self.columns, self.total, strict=True)
            if not column.groups_rows
        ]

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    def values(self, key: str) -> list:
        index = [column.key for column in self.columns].index(key)
        return [row[index] for row in self.rows]


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


def _definitions() -> dict[str, dict]:
    """Each table's title, columns and the text shown when it has no row."""
    no_service = _("No service is recorded in the period.")
    return {
        "municipalities": {
            "title": _("Activity per municipality"),
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
            "empty": no_service,
        },
        "service_types": {
            "title": _("Per service type"),
            "columns": (
                Column("service_type", _("Service type"), row_header=True),
                *_amount_columns(),
            ),
            "empty": no_service,
        },
        "funding_lines": {
            "title": _("Per funding line"),
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
        },
        "frame": {
            "title": _("The Siva frame and the tier placement"),
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
        },
        "grants": {
            "title": _("Grants of the year and their use"),
            "columns": (
                Column("funder", _("Funder"), row_header=True),
                Column("kind", _("Kind"), CHOICE, dict(Grant.Kind.choices)),
                Column("title", _("Title")),
                Column("allocated", _("Allocated"), MONEY),
                Column("used", _("Used"), MONEY),
                Column("left", _("Left"), MONEY),
            ),
            "empty": _("No grant is recorded for the year."),
        },
        "companies": {
            "title": _("Companies"),
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
        },
        "programme_companies": {
            "title": _("Programme companies for Siva"),
            "columns": (
                Column("organisation_number", _("Organisation number"), ORGANISATION_NUMBER),
                Column("name", _("Name"), row_header=True),
                Column("municipality_number", _("Municipality number")),
                Column("kind", _("Enrolment"), CHOICE, dict(Enrolment.Kind.choices)),
                Column("start_date", _("Contract start"), DATE),
                Column("end_date", _("Contract end"), DATE),
            ),
            "empty": _("No company is enrolled in the programme in the period."),
        },
        "events": {
            "title": _("Events and participants per municipality"),
            "columns": (
                Column("number", _("Number")),
                Column("municipality", _("Municipality"), row_header=True),
                Column("events", _("Events"), INTEGER),
                Column("participants", _("Participants"), INTEGER),
            ),
            "empty": _("No event is recorded in the period."),
        },
    }


SECTION_KEYS = (
    "municipalities",
    "service_types",
    "funding_lines",
    "frame",
    "grants",
    "companies",
    "programme_companies",
    "events",
)


def _table(key: str, rows: list[tuple], total: tuple | None = None) -> Table:
    definition = _definitions()[key]
    return Table(
        key=key,
        title=definition["title"],
        columns=definition["columns"],
        rows=rows,
        total=total,
        vertical=definition.get("vertical", False),
        empty=definition.get("empty", ""),
    )


def _amounts(row) -> tuple:
    return (row.services, row.hours, row.price, row.own_share, row.subsidy)


def report_tables(report: AnnualReport) -> list[Table]:
    """The report's sections as tables, in the order of SECTION_KEYS."""
    totals = report.totals
    total_amounts = _amounts(totals)
    municipalities = [
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
    frame, placement = report.frame, report.placement
    companies = report.companies
    events = [(row.number, row.label, row.events, row.participants) for row in report.events]
    return [
        _table(
            "municipalities",
            municipalities,
            (None, None, None, None, totals.services, totals.companies, *total_amounts[1:]),
        ),
        _table(
            "service_types",
            [(row.name, *_amounts(row)) for row in report.service_types],
            (None, *total_amounts),
        ),
        _table(
            "funding_lines",
            [(row.key, *_amounts(row)) for row in report.funding_lines],
            (None, *total_amounts),
        ),
        _table(
            "frame",
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
        ),
        _table(
            "grants",
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
        ),
        _table(
            "companies",
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
        ),
        _table(
            "programme_companies",
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
        ),
        _table(
            "events",
            events,
            (None, None, *report.event_totals) if events else None,
        ),
    ]


def _encode(value):
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, date):
        return value.isoformat()
    return value


def _decode(value, column: Column):
    if value is None:
        return None
    if column.kind in (MONEY, HOURS, PERCENT):
        return Decimal(value)
    if column.kind == DATE:
        return date.fromisoformat(value)
    return value


def _decode_row(row: list, columns: tuple[Column, ...]) -> tuple:
    return tuple(_decode(value, column) for value, column in zip(row, columns, strict=True))


def to_snapshot(tables: list[Table]) -> list[dict]:
    """JSON-ready: each table's key, its column keys, rows and total, values as text
    where JSON has no exact type (Decimal, date)."""
    return [
        {
            "key": table.key,
            "columns": [column.key for column in table.columns],
            "rows": [[_encode(value) for value in row] for row in table.rows],
            "total": None if table.total is None else [_encode(value) for value in table.total],
        }
        for table in tables
    ]


def from_snapshot(stored: list[dict]) -> list[Table]:
    """The tables of a snapshot, labelled in the current language. Columns are matched
    by key, so a stored table reads back even if its definition gained a column."""
    definitions = _definitions()
    tables = []
    for item in stored:
        defined = {column.key: column for column in definitions[item["key"]]["columns"]}
        columns = tuple(defined.get(key, Column(key, key)) for key in item["columns"])
        table = _table(item["key"], [])
        tables.append(
            Table(
                key=table.key,
                title=table.title,
                columns=columns,
                rows=[_decode_row(row, columns) for row in item["rows"]],
                total=None if item["total"] is None else _decode_row(item["total"], columns),
                vertical=table.vertical,
                empty=table.empty,
            )
        )
    return tables
