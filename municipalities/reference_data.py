"""Reading reference data from CSV files, and loading the counties and municipalities.

The files are plain CSV (UTF-8, comma-separated, a header line naming the columns), kept
in `data/reference/` and described in its README. Each row has a natural key (a
county's key and the first day of a numbering, for instance): loading a row whose key
exists updates that row, never adds a second one, and a row that has not changed is not
written at all. Rows are never deleted by a load.

Every row is validated like a form in the admin (`full_clean()`), against the database
and the rows loaded before it. The first bad row stops the load with a
`ReferenceDataError` naming the file, the line and the column.

Each app with reference data has a `reference_data` module like this one, whose `FILES`
lists its loaders in order (`manage.py load_reference_data` runs them all).
"""

import csv
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from municipalities.models import County, CountyNumbering, Municipality, MunicipalityNumbering

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"

_TRUE = {"yes", "ja", "true", "1"}
_FALSE = {"no", "nei", "false", "0", ""}


class ReferenceDataError(ValidationError):
    """A bad reference data file: what is wrong, where (file, line, column)."""

    def __init__(self, file: str, line: int | None, problems: list[tuple[str | None, str]]):
        self.file = file
        self.line = line
        self.problems = problems
        super().__init__([self._describe(column, message) for column, message in problems])

    def _describe(self, column: str | None, message: str) -> str:
        place = {"file": self.file, "line": self.line, "column": column, "message": message}
        if self.line is None:
            return _("%(file)s: %(message)s") % place
        if column is None:
            return _("%(file)s, line %(line)s: %(message)s") % place
        return _("%(file)s, line %(line)s, column “%(column)s”: %(message)s") % place


@dataclass
class Row:
    file: str
    line: int
    cells: dict[str, str]

    def error(self, column: str | None, message: str) -> ReferenceDataError:
        return ReferenceDataError(self.file, self.line, [(column, message)])

    def text(self, column: str) -> str:
        return self.cells[column]

    def date(self, column: str, *, required: bool = True) -> date | None:
        value = self.cells[column]
        if value == "":
            if required:
                raise self.error(column, _("A date is required here."))
            return None
        try:
            # Only the extended form: 20140101 would be accepted by fromisoformat.
            parsed = date.fromisoformat(value) if len(value) == 10 and value[4] == "-" else None
        except ValueError:
            parsed = None
        if parsed is None:
            raise self.error(
                column,
                _("“%(value)s” is not a date. Write dates as YYYY-MM-DD, such as 2014-01-01.")
                % {"value": value},
            )
        return parsed

    def boolean(self, column: str) -> bool:
        value = self.cells[column].lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise self.error(
            column, _("“%(value)s” is neither “yes” nor “no”.") % {"value": self.cells[column]}
        )

    def from_validation_error(self, error: ValidationError) -> ReferenceDataError:
        """The model's messages, each with the column of the field it is about."""
        problems = []
        for field_name, messages in error.message_dict.items():
            column = None if field_name == NON_FIELD_ERRORS else field_name
            if column is not None and column not in self.cells:
                column = None
            problems.extend((column, message) for message in messages)
        return ReferenceDataError(self.file, self.line, problems)


@dataclass
class LoadResult:
    """What loading one file did."""

    file: str
    outcomes: Counter = field(default_factory=Counter)

    @property
    def rows(self) -> int:
        return sum(self.outcomes.values())


def read_csv(path: Path, columns: list[str]) -> list[Row]:
    """The rows of a file that must have exactly these columns. Blank lines are skipped."""
    name = path.name
    if not path.is_file():
        raise ReferenceDataError(name, None, [(None, _("The file is missing."))])
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle, strict=True)
            header = next(reader, None)
            if header is None:
                raise ReferenceDataError(name, 1, [(None, _("The file is empty."))])
            header = [cell.strip() for cell in header]
            missing = [column for column in columns if column not in header]
            unknown = [column for column in header if column not in columns]
            if missing or unknown:
                raise ReferenceDataError(
                    name,
                    1,
                    [
                        (
                            None,
                            _(
                                "The header must name the columns %(expected)s "
                                "(missing: %(missing)s; unknown: %(unknown)s)."
                            )
                            % {
                                "expected": ", ".join(columns),
                                "missing": ", ".join(missing) or "–",
                                "unknown": ", ".join(unknown) or "–",
                            },
                        )
                    ],
                )
            rows = []
            for cells in reader:
                if not any(cell.strip() for cell in cells):
                    continue
                if len(cells) != len(header):
                    raise ReferenceDataError(
                        name,
                        reader.line_num,
                        [
                            (
                                None,
                                _("The line has %(found)s cells; the header has %(expected)s.")
                                % {"found": len(cells), "expected": len(header)},
                            )
                        ],
                    )
                values = {column: cell.strip() for column, cell in zip(header, cells, strict=True)}
                rows.append(Row(name, reader.line_num, values))
            return rows
    except UnicodeDecodeError:
        raise ReferenceDataError(name, None, [(None, _("The file is not UTF-8 text."))]) from None
    except csv.Error as error:
        raise ReferenceDataError(
            name, None, [(None, _("The file is not valid CSV: %(error)s") % {"error": error})]
        ) from None


def check_unique_keys(rows: list[Row], key_columns: list[str]) -> None:
    """Two rows with one natural key would silently overwrite each other: refuse them."""
    seen: dict[tuple, int] = {}
    for row in rows:
        key = tuple(row.cells[column] for column in key_columns)
        if key in seen:
            raise row.error(
                None,
                _("The same %(columns)s as line %(line)s: each row needs its own.")
                % {"columns": ", ".join(key_columns), "line": seen[key]},
            )
        seen[key] = row.line


def upsert(model: type[models.Model], *, key: dict, values: dict, row: Row) -> str:
    """Creates or updates the row with this natural key; writes only what changed."""
    instance = model.objects.filter(**key).first()
    if instance is None:
        instance = model(**key, **values)
        outcome = CREATED
    elif all(getattr(instance, name) == value for name, value in values.items()):
        return UNCHANGED
    else:
        for name, value in values.items():
            setattr(instance, name, value)
        outcome = UPDATED
    try:
        instance.full_clean()
    except ValidationError as error:
        raise row.from_validation_error(error) from None
    instance.save()
    return outcome


class Entities:
    """Stable entities by key, created on first mention, cached for the load."""

    def __init__(self, model: type[models.Model], what: str, source: str):
        """`what` names the entities in the plural, as in “among the counties”."""
        self.model = model
        self.what = what
        self.source = source
        self.cache: dict[str, models.Model] = {}

    def get_or_create(self, row: Row, column: str) -> models.Model:
        slug = row.text(column)
        if slug not in self.cache:
            entity = self.model.objects.filter(slug=slug).first()
            if entity is None:
                entity = self.model(slug=slug)
                try:
                    entity.full_clean()
                except ValidationError as error:
                    problems = [(column, message) for message in error.messages]
                    raise ReferenceDataError(row.file, row.line, problems) from None
                entity.save()
            self.cache[slug] = entity
        return self.cache[slug]

    def get(self, row: Row, column: str) -> models.Model:
        slug = row.text(column)
        if slug not in self.cache:
            entity = self.model.objects.filter(slug=slug).first()
            if entity is None:
                raise row.error(
                    column,
                    _("There is no “%(key)s” among %(what)s (see %(source)s).")
                    % {"what": self.what, "key": slug, "source": self.source},
                )
            self.cache[slug] = entity
        return self.cache[slug]


COUNTIES_FILE = "counties.csv"
MUNICIPALITIES_FILE = "municipalities.csv"


def counties(source: str = COUNTIES_FILE) -> Entities:
    return Entities(County, _("the counties"), source)


def municipalities(source: str = MUNICIPALITIES_FILE) -> Entities:
    return Entities(Municipality, _("the municipalities"), source)


def load_counties(data_dir: Path) -> LoadResult:
    columns = ["county", "number", "name", "valid_from", "valid_to"]
    rows = read_csv(data_dir / COUNTIES_FILE, columns)
    check_unique_keys(rows, ["county", "valid_from"])
    result = LoadResult(COUNTIES_FILE)
    entities = counties()
    for row in rows:
        county = entities.get_or_create(row, "county")
        outcome = upsert(
            CountyNumbering,
            key={"county": county, "valid_from": row.date("valid_from")},
            values={
                "number": row.text("number"),
                "name": row.text("name"),
                "valid_to": row.date("valid_to", required=False),
            },
            row=row,
        )
        result.outcomes[outcome] += 1
    return result


def load_municipalities(data_dir: Path) -> LoadResult:
    columns = ["municipality", "number", "name", "county", "valid_from", "valid_to"]
    rows = read_csv(data_dir / MUNICIPALITIES_FILE, [*columns, "name_is_shared"])
    check_unique_keys(rows, ["municipality", "valid_from"])
    result = LoadResult(MUNICIPALITIES_FILE)
    entities = municipalities()
    county_entities = counties()
    for row in rows:
        municipality = entities.get_or_create(row, "municipality")
        county = county_entities.get(row, "county")
        outcome = upsert(
            MunicipalityNumbering,
            key={"municipality": municipality, "valid_from": row.date("valid_from")},
            values={
                "number": row.text("number"),
                "name": row.text("name"),
                "county_id": county.pk,
                "valid_to": row.date("valid_to", required=False),
                "name_is_shared": row.boolean("name_is_shared"),
            },
            row=row,
        )
        result.outcomes[outcome] += 1
    return result


# The files of this app, in order; see `programmes.services.reference_data_load`.
FILES = [load_counties, load_municipalities]
