"""The annual report as tables: the one shape its page, exports (XLSX, CSV, PDF) and
the snapshot of a closed year share.

A table has typed columns and rows of plain values (`shape`). Each table's title and
columns are defined once (`definitions`); `report_tables()` builds them from an
`AnnualReport` (`sections`); `to_snapshot()` and `from_snapshot()` turn them into JSON
and back without losing a digit (`snapshot`). The dashboard shows some of the tables
and its key figures read from them (`dashboard`).
"""

from reports.tables.dashboard import DASHBOARD_KEYS, DASHBOARD_TABLES, key_figures
from reports.tables.definitions import SECTION_KEYS
from reports.tables.sections import report_tables
from reports.tables.shape import (
    CHOICE,
    DATE,
    HOURS,
    INTEGER,
    MONEY,
    NUMERIC,
    ORGANISATION_NUMBER,
    PERCENT,
    TEXT,
    Column,
    Table,
)
from reports.tables.snapshot import SNAPSHOT_VERSION, from_snapshot, to_snapshot

__all__ = [
    "CHOICE",
    "DASHBOARD_KEYS",
    "DASHBOARD_TABLES",
    "DATE",
    "HOURS",
    "INTEGER",
    "MONEY",
    "NUMERIC",
    "ORGANISATION_NUMBER",
    "PERCENT",
    "SECTION_KEYS",
    "SNAPSHOT_VERSION",
    "TEXT",
    "Column",
    "Table",
    "from_snapshot",
    "key_figures",
    "report_tables",
    "to_snapshot",
]
