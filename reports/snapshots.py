"""The report's tables for a period: from the snapshot when its year is closed, else
computed now. Closing a year stores the tables of the year and of both halves."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from django.contrib.auth.models import AbstractBaseUser
from django.db.models.fields.json import KeyTransform

from funding.models import YearClosing
from funding.selectors import FrameUse
from funding.services.closing import year_close
from programmes.models import Naeringshage
from reports.selectors.annual import annual_report
from reports.selectors.overview import Dashboard, MunicipalityActivity, Totals, period_bounds
from reports.tables import SNAPSHOT_VERSION, Table, from_snapshot, report_tables, to_snapshot

HALVES = (None, 1, 2)


def _period_key(half: int | None) -> str:
    return "year" if half is None else f"half-{half}"


@dataclass(frozen=True)
class PeriodTables:
    """The tables of a period, and the closing they were stored by (None: computed now)."""

    year: int
    half: int | None
    start: date
    end: date
    tables: list[Table]
    closing: YearClosing | None

    def table(self, key: str) -> Table:
        return next(table for table in self.tables if table.key == key)


def standing_closing(*, naeringshage: Naeringshage, year: int) -> YearClosing | None:
    """The closing that stands for `year`, without its snapshot (`stored_tables` reads
    that, once per process)."""
    return (
        YearClosing.objects.for_naeringshage(naeringshage)
        .standing()
        .filter(year=year)
        .select_related("closed_by")
        .defer("snapshot")
        .first()
    )


def period_tables(
    *, naeringshage: Naeringshage, year: int, half: int | None = None
) -> PeriodTables:
    closing = standing_closing(naeringshage=naeringshage, year=year)
    start, end = period_bounds(year, half)
    if closing is not None:
        tables = stored_tables(closing, half)
    else:
        report = annual_report(naeringshage=naeringshage, year=year, half=half)
        tables = report_tables(report)
    return PeriodTables(year, half, start, end, tables, closing)


def stored_tables(closing: YearClosing, half: int | None) -> list[Table]:
    """The tables of the year (half None) or of a half, as stored by `closing`.

    A snapshot never changes, so its tables are read and decoded once per process and
    kept (the last few hundred periods); the key includes the closing's time, so a row
    id used again (a test database rolled back) is a new entry."""
    return list(_stored_tables(closing.pk, closing.closed_at, _period_key(half)))


@lru_cache(maxsize=256)
def _stored_tables(pk: int, closed_at: datetime, period: str) -> tuple[Table, ...]:
    stored = (
        YearClosing.objects.filter(pk=pk)
        .values_list(
            KeyTransform("tables", KeyTransform(period, KeyTransform("periods", "snapshot"))),
            flat=True,
        )
        .get()
    )
    return tuple(from_snapshot(stored))


def snapshot_of(*, naeringshage: Naeringshage, year: int) -> dict:
    """The tables of `year` and of each half, as stored in a closing."""
    periods = {}
    for half in HALVES:
        report = annual_report(naeringshage=naeringshage, year=year, half=half)
        periods[_period_key(half)] = {
            "start": report.start.isoformat(),
            "end": report.end.isoformat(),
            "tables": to_snapshot(report_tables(report)),
        }
    return {"version": SNAPSHOT_VERSION, "year": year, "periods": periods}


def close_year(
    *, naeringshage: Naeringshage, year: int, closed_by: AbstractBaseUser
) -> YearClosing:
    """Close `year`: its figures are computed under the lock and stored."""
    return year_close(
        naeringshage=naeringshage,
        year=year,
        closed_by=closed_by,
        snapshot=lambda: snapshot_of(naeringshage=naeringshage, year=year),
    )


def closings_of(*, naeringshage: Naeringshage, year: int) -> list[YearClosing]:
    """Every closing of `year`, the oldest first: the year's history."""
    return list(
        YearClosing.objects.for_naeringshage(naeringshage)
        .filter(year=year)
        .select_related("closed_by", "reopened_by")
        .order_by("closed_at", "pk")
        .defer("snapshot")
    )


def _stored_activity(municipalities: Table) -> tuple[list[MunicipalityActivity], Totals]:
    """The activity per municipality and its totals, from the stored table."""
    index = {column.key: i for i, column in enumerate(municipalities.columns)}
    activity = [
        MunicipalityActivity(
            municipality_id=0,  # not stored: the rows are labelled as in the year
            number=row[index["number"]],
            name=row[index["municipality"]],
            county_number=None,
            county_name=row[index["county"]],
            label=row[index["municipality"]],
            services=row[index["services"]],
            companies=row[index["companies"]],
            hours=row[index["hours"]],
            price=row[index["price"]],
            own_share=row[index["own_share"]],
            subsidy=row[index["subsidy"]],
        )
        for row in municipalities.rows
    ]
    activity.sort(key=lambda row: row.number or "9999")  # a number begins with its county's
    total = municipalities.total
    totals = Totals(
        services=total[index["services"]],
        companies=total[index["companies"]],
        hours=total[index["hours"]],
        price=total[index["price"]],
        own_share=total[index["own_share"]],
        subsidy=total[index["subsidy"]],
    )
    return activity, totals


def _stored_grants(grant_table: Table) -> list[dict]:
    """The year's allocations per funder and kind, from the stored grants table, in the
    shape the dashboard's query gives."""
    grants: dict[tuple[str, str], Decimal] = {}
    for funder, kind, allocated in zip(
        grant_table.values("funder"),
        grant_table.values("kind"),
        grant_table.values("allocated"),
        strict=True,
    ):
        grants[funder, kind] = grants.get((funder, kind), Decimal(0)) + allocated
    kind_column = grant_table.column("kind")
    return [
        {
            "grant__funder__name": funder,
            "grant__kind": kind,
            "total": total,
            "kind_label": kind_column.display_choice(kind),
        }
        for (funder, kind), total in sorted(grants.items())
    ]


def dashboard_from(closing: YearClosing, half: int | None) -> Dashboard:
    """The dashboard of a closed year (or half) from its stored tables: the same
    figures the dashboard computed at closing, without reading a service."""
    tables = {table.key: table for table in stored_tables(closing, half)}
    year_tables = {table.key: table for table in stored_tables(closing, None)}
    start, end = period_bounds(closing.year, half)

    frame = {column.key: value for column, value in year_tables["frame"].pairs}
    activity, totals = _stored_activity(tables["municipalities"])
    companies = {column.key: value for column, value in tables["companies"].pairs}
    event_total = tables["events"].total or (None, None, 0, 0)
    return Dashboard(
        year=closing.year,
        half=half,
        start=start,
        end=end,
        frame=FrameUse(
            closing.year,
            None,
            frame["granted"],
            frame["used"],
            frame["left"],
            frame["share_used"],
        ),
        municipalities=activity,
        totals=totals,
        new_target_companies=companies["new_target_companies"],
        events=event_total[2],
        participants=event_total[3],
        grants=_stored_grants(year_tables["grants"]),
    )
