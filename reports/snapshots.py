"""The report's tables for a period: from the snapshot when its year is closed, else
computed now. Closing a year stores the tables of the year and of both halves."""

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from django.contrib.auth.models import AbstractBaseUser
from django.db.models.fields.json import KeyTransform
from django.utils.translation import get_language

from funding.models import YearClosing
from funding.services.closing import year_close
from programmes.models import Naeringshage
from reports.selectors.annual import annual_report
from reports.selectors.commentary import commentary_of, period_key
from reports.selectors.period import period_bounds
from reports.tables import (
    SECTION_KEYS,
    SNAPSHOT_VERSION,
    Table,
    from_snapshot,
    report_tables,
    to_snapshot,
)

HALVES = (None, 1, 2)


@dataclass(frozen=True)
class PeriodTables:
    """The tables of a period and the manager's commentary on it (by section key), and
    the closing they were stored by (None: computed now)."""

    year: int
    half: int | None
    start: date
    end: date
    tables: list[Table]
    closing: YearClosing | None
    commentary: dict[str, str] = field(default_factory=dict)

    def table(self, key: str) -> Table:
        return next(table for table in self.tables if table.key == key)

    def find(self, key: str) -> Table | None:
        """The table `key`; None where a year closed before the section existed has
        none stored."""
        return next((table for table in self.tables if table.key == key), None)

    def tables_of(self, keys: tuple[str, ...]) -> list[Table]:
        """The tables `keys` that the period has, in that order."""
        found = (self.find(key) for key in keys)
        return [table for table in found if table is not None]


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
    *,
    naeringshage: Naeringshage,
    year: int,
    half: int | None = None,
    keys: tuple[str, ...] = SECTION_KEYS,
    with_commentary: bool = True,
) -> PeriodTables:
    """The tables `keys` of the year (half None) or of a half, and the commentary
    (unless `with_commentary` is False): as stored when the year is closed, else
    computed now (only the sections asked for). Every page, file and the closing's
    snapshot is made from these."""
    closing = standing_closing(naeringshage=naeringshage, year=year)
    start, end = period_bounds(year, half)
    commentary: dict[str, str] = {}
    if closing is not None:
        stored = {table.key: table for table in stored_tables(closing, half)}
        tables = [stored[key] for key in keys if key in stored]
        if with_commentary:
            commentary = stored_commentary(closing, half)
    else:
        report = annual_report(naeringshage=naeringshage, year=year, half=half)
        tables = report_tables(report, keys)
        if with_commentary:
            commentary = commentary_of(naeringshage=naeringshage, year=year, half=half)
    return PeriodTables(year, half, start, end, tables, closing, commentary)


def stored_tables(closing: YearClosing, half: int | None) -> list[Table]:
    """The tables of the year (half None) or of a half, as stored by `closing`.

    A snapshot never changes, so its tables are read and decoded once per process and
    language (the captions are written in it) and kept (the last few hundred periods);
    the key includes the closing's time, so a row id used again (a test database rolled
    back) is a new entry."""
    return list(
        _stored_tables(
            closing.pk, closing.closed_at, closing.year, period_key(half), get_language()
        )
    )


@lru_cache(maxsize=256)
def _stored_tables(
    pk: int, closed_at: datetime, year: int, period: str, language: str | None
) -> tuple[Table, ...]:
    stored = (
        YearClosing.objects.filter(pk=pk)
        .values_list(
            KeyTransform("tables", KeyTransform(period, KeyTransform("periods", "snapshot"))),
            flat=True,
        )
        .get()
    )
    return tuple(from_snapshot(stored, year))


def stored_commentary(closing: YearClosing, half: int | None) -> dict[str, str]:
    """The commentary on the year (half None) or a half, as stored by `closing` (none in
    a year closed before the commentary existed); read once per process."""
    return dict(_stored_commentary(closing.pk, closing.closed_at, period_key(half)))


@lru_cache(maxsize=256)
def _stored_commentary(pk: int, closed_at: datetime, period: str) -> tuple[tuple[str, str], ...]:
    stored = (
        YearClosing.objects.filter(pk=pk)
        .values_list(
            KeyTransform("commentary", KeyTransform(period, KeyTransform("periods", "snapshot"))),
            flat=True,
        )
        .get()
    )
    return tuple(sorted((stored or {}).items()))


def snapshot_of(*, naeringshage: Naeringshage, year: int) -> dict:
    """The tables of `year` and of each half, and the commentary on each, as stored in
    a closing."""
    periods = {}
    for half in HALVES:
        report = annual_report(naeringshage=naeringshage, year=year, half=half)
        periods[period_key(half)] = {
            "start": report.start.isoformat(),
            "end": report.end.isoformat(),
            "tables": to_snapshot(report_tables(report)),
            "commentary": commentary_of(naeringshage=naeringshage, year=year, half=half),
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
