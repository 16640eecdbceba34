"""The shape of a report table: typed columns and rows of plain values (Decimal, int,
date, str or None)."""

from dataclasses import dataclass, field

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
    caption: str = ""  # what the table holds, for its <caption>
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

    def figure(self, key: str):
        """One figure: a vertical table's value, or a table's total in the column (0
        where the table has no row)."""
        index = [column.key for column in self.columns].index(key)
        if self.vertical:
            return self.rows[0][index] if self.rows else None
        return self.total[index] if self.total is not None else 0
