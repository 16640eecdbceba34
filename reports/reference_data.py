"""Loading the programme owners' export templates from `data/reference/`: each
template's name (`export_templates.csv`) and its columns (`export_columns.csv`), each
the report's figure it holds as `table.column` of the report's tables
(reports.tables). A template's columns are exactly those in the file: a column
removed from the file is removed from the template."""

from collections.abc import Callable
from pathlib import Path

from django.utils.translation import gettext as _

from municipalities.reference_data import (
    Entities,
    LoadResult,
    Row,
    check_unique_keys,
    read_csv,
    upsert,
)
from reports.models import ExportColumn, ExportTemplate
from reports.tables.definitions import table_definitions
from reports.tables.shape import (
    CHOICE,
    DATE,
    HOURS,
    INTEGER,
    MONEY,
    ORGANISATION_NUMBER,
    PERCENT,
    TEXT,
)

EXPORT_TEMPLATES_FILE = "export_templates.csv"
EXPORT_COLUMNS_FILE = "export_columns.csv"
FORMATS = (TEXT, INTEGER, MONEY, HOURS, PERCENT, DATE, ORGANISATION_NUMBER, CHOICE)
# The column a sheet's rows are matched on when a column comes from another table.
JOIN_COLUMN = "organisation_number"


def load_export_templates(data_dir: Path) -> LoadResult:
    rows = read_csv(data_dir / EXPORT_TEMPLATES_FILE, ["template", "name"])
    check_unique_keys(rows, ["template"])
    result = LoadResult(EXPORT_TEMPLATES_FILE)
    for row in rows:
        outcome = upsert(
            ExportTemplate,
            key={"slug": row.text("template")},
            values={"name": row.text("name")},
            row=row,
        )
        result.outcomes[outcome] += 1
    return result


def _source(row: Row, definitions: dict) -> tuple[str, str]:
    table, _dot, column = row.text("source").partition(".")
    columns = {c.key for c in definitions.get(table, {}).get("columns", ())}
    if column not in columns:
        raise row.error(
            "source",
            _("Name a figure of the report as table.column, such as programme_companies.name."),
        )
    return table, column


def _check_sheets(rows: list[Row], definitions: dict) -> None:
    """A sheet's rows are those of its first column's table; a column of another table
    is matched on the organisation number, so both tables need one."""
    first: dict[tuple[str, str], str] = {}
    for row in sorted(rows, key=lambda r: int(r.text("position") or 0)):
        table, _column = _source(row, definitions)
        base = first.setdefault((row.text("template"), row.text("sheet")), table)
        if table == base:
            continue
        for key in (base, table):
            if JOIN_COLUMN not in {c.key for c in definitions[key]["columns"]}:
                raise row.error(
                    "source",
                    _(
                        "The sheet's rows come from %(base)s; a figure of %(table)s can be "
                        "added only when both have an organisation number."
                    )
                    % {"base": base, "table": table},
                )


def load_export_columns(data_dir: Path) -> LoadResult:
    columns = ["template", "position", "sheet", "name", "source", "format"]
    rows = read_csv(data_dir / EXPORT_COLUMNS_FILE, columns)
    check_unique_keys(rows, ["template", "position"])
    definitions = table_definitions()
    templates = Entities(ExportTemplate, _("the export templates"), EXPORT_TEMPLATES_FILE)
    result = LoadResult(EXPORT_COLUMNS_FILE)
    for row in rows:
        if not row.text("position").isdigit():
            raise row.error("position", _("Write a whole number, such as 1."))
        if row.text("format") not in ("", *FORMATS):
            raise row.error(
                "format",
                _("Write one of: %(formats)s, or leave it empty.")
                % {"formats": ", ".join(FORMATS)},
            )
    _check_sheets(rows, definitions)
    kept: dict[int, set[int]] = {}
    for row in rows:
        template = templates.get(row, "template")
        position = int(row.text("position"))
        outcome = upsert(
            ExportColumn,
            key={"template": template, "position": position},
            values={
                "sheet": row.text("sheet"),
                "name": row.text("name"),
                "source": row.text("source"),
                "format": row.text("format"),
            },
            row=row,
        )
        kept.setdefault(template.pk, set()).add(position)
        result.outcomes[outcome] += 1
    for template_pk, positions in kept.items():
        ExportColumn.objects.filter(template_id=template_pk).exclude(
            position__in=positions
        ).delete()
    return result


FILES: list[Callable[[Path], LoadResult]] = [load_export_templates, load_export_columns]
