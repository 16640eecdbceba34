"""The programme owners' files (Siva, a county council) as their templates define them
in the reference data (`ExportTemplate`, `ExportColumn`): each sheet's rows are those of
its first column's report table; a column from another table is matched on the
organisation number. Made from the report's tables (`reports.snapshots`), so a closed
year's file carries the figures stored when it was closed, as every other file does."""

import tempfile
from dataclasses import dataclass, replace

import xlsxwriter

from core.spreadsheets import write_xlsx_cell
from reports.exports import file_value
from reports.models import ExportColumn, ExportTemplate
from reports.reference_data import JOIN_COLUMN
from reports.snapshots import PeriodTables
from reports.tables import DATE, HOURS, INTEGER, MONEY, PERCENT, Column, Table


@dataclass(frozen=True)
class Sheet:
    name: str
    header: list[str]
    columns: list[Column]  # each with the template's format
    rows: list[list]  # values as the files write them


def _column(table: Table | None, key: str, export: ExportColumn) -> Column:
    found = next((c for c in table.columns if c.key == key), None) if table else None
    column = found or Column(key, export.name)
    return replace(column, kind=export.format) if export.format else column


def sheets(template: ExportTemplate, period: PeriodTables) -> list[Sheet]:
    """The template's sheets, in the order of their first column (two queries)."""
    by_sheet: dict[str, list[ExportColumn]] = {}
    for export in template.columns.order_by("position"):
        by_sheet.setdefault(export.sheet, []).append(export)
    result = []
    for name, exports in by_sheet.items():
        sources = [export.source.partition(".")[::2] for export in exports]
        base_key = sources[0][0]
        base = period.find(base_key)
        # Each other table's rows by organisation number (the first row of a number).
        joined: dict[str, dict[str, tuple]] = {}
        for table_key, _column_key in sources:
            table = period.find(table_key)
            if table_key == base_key or table_key in joined or table is None:
                continue
            index = [c.key for c in table.columns].index(JOIN_COLUMN)
            joined[table_key] = {}
            for row in table.rows:
                joined[table_key].setdefault(row[index], row)
        columns = [
            _column(period.find(table_key), column_key, export)
            for (table_key, column_key), export in zip(sources, exports, strict=True)
        ]
        rows = []
        base_keys = [c.key for c in base.columns] if base else []
        for row in base.rows if base else []:
            values = dict(zip(base_keys, row, strict=True))
            cells = []
            for (table_key, column_key), column in zip(sources, columns, strict=True):
                if table_key == base_key:
                    value = values.get(column_key)
                else:
                    other = period.find(table_key)
                    match = joined.get(table_key, {}).get(values.get(JOIN_COLUMN))
                    keys = [c.key for c in other.columns] if other else []
                    value = match[keys.index(column_key)] if match and column_key in keys else None
                cells.append(file_value(column, value))
            rows.append(cells)
        result.append(Sheet(name, [e.name for e in exports], columns, rows))
    return result


def xlsx_file(template: ExportTemplate, period: PeriodTables):
    """The template's sheets as an XLSX workbook in a temporary file, each with its
    header row frozen. Returns the open file, at its start."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it after sending
    workbook = xlsxwriter.Workbook(handle, {"in_memory": False})
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    formats = {
        MONEY: workbook.add_format({"num_format": '#,##0.00 "kr"'}),
        HOURS: workbook.add_format({"num_format": "#,##0.00"}),
        PERCENT: workbook.add_format({"num_format": "0.0 %"}),
        INTEGER: workbook.add_format({"num_format": "#,##0"}),
        DATE: workbook.add_format({"num_format": "dd.mm.yyyy"}),
    }
    for sheet in sheets(template, period):
        worksheet = workbook.add_worksheet(sheet.name)
        for number, (label, column) in enumerate(zip(sheet.header, sheet.columns, strict=True)):
            worksheet.set_column(number, number, 16 if column.numeric else 28)
            worksheet.write_string(0, number, label, bold)
        worksheet.freeze_panes(1, 0)
        for row_number, cells in enumerate(sheet.rows, start=1):
            for number, (value, column) in enumerate(zip(cells, sheet.columns, strict=True)):
                write_xlsx_cell(worksheet, row_number, number, value, formats.get(column.kind))
    workbook.close()
    handle.seek(0)
    return handle
