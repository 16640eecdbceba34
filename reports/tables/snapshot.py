"""A closed year's tables as JSON and back: `to_snapshot()` and `from_snapshot()` keep
every digit, so that a closed year's exports are made from the figures stored when it
was closed. Stored values are keys (a funding line's kind, say) where a label would
depend on the language."""

from datetime import date
from decimal import Decimal

from reports.tables.definitions import make_table, table_definitions
from reports.tables.shape import DATE, HOURS, MONEY, PERCENT, Column, Table

SNAPSHOT_VERSION = 1


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


def from_snapshot(stored: list[dict], year: int) -> list[Table]:
    """The tables of a snapshot of `year`, labelled in the current language. Columns are
    matched by key, so a stored table reads back even if its definition gained a
    column."""
    definitions = table_definitions()
    tables = []
    for item in stored:
        defined = {column.key: column for column in definitions[item["key"]]["columns"]}
        columns = tuple(defined.get(key, Column(key, key)) for key in item["columns"])
        table = make_table(item["key"], year, [])
        tables.append(
            Table(
                key=table.key,
                title=table.title,
                caption=table.caption,
                columns=columns,
                rows=[_decode_row(row, columns) for row in item["rows"]],
                total=None if item["total"] is None else _decode_row(item["total"], columns),
                vertical=table.vertical,
                empty=table.empty,
            )
        )
    return tables
