"""The annual report as files: XLSX (one sheet a section), CSV (one file a section) and
PDF. Each is made from the report's tables (`reports.tables`), so a closed year's files
carry the figures stored when it was closed.

Amounts are numbers in the files, not text: NOK with øre and a NOK number format in
XLSX, a decimal comma in CSV (for Norwegian Excel), a share from 0 to 1 as a
percentage; an organisation number is written as the pages write it (“979 830 580”).
Text in CSV that a spreadsheet would run as a formula gets a leading `'`
(`core.spreadsheets`).
"""

import csv
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.spreadsheets import Echo, csv_cell, write_xlsx_cell
from programmes.organisation_numbers import format_organisation_number
from reports.models import SUMMARY
from reports.pdf import typst_to_pdf
from reports.snapshots import PeriodTables
from reports.tables import (
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
from reports.typst_source import report_source

CENT = Decimal("0.01")
SHARE_DIGITS = Decimal("0.0001")

SHEET_NAMES = {
    "municipalities": gettext_lazy("Municipalities"),
    "counties": gettext_lazy("Counties"),
    "service_types": gettext_lazy("Service types"),
    "funding_lines": gettext_lazy("Funding lines"),
    "frame": gettext_lazy("Siva frame"),
    "grants": gettext_lazy("Grants"),
    "targets": gettext_lazy("Targets"),
    "companies": gettext_lazy("Companies"),
    "programme_companies": gettext_lazy("Programme companies"),
    "growth": gettext_lazy("Growth"),
    "growth_cohorts": gettext_lazy("Growth per cohort"),
    "events": gettext_lazy("Events"),
}


@dataclass(frozen=True)
class ReportFile:
    """What every file of the report says about itself."""

    naeringshage: str
    period: PeriodTables
    printed_at: datetime

    @property
    def title(self) -> str:
        if self.period.half is None:
            return _("Annual report %(year)s") % {"year": self.period.year}
        return _("Report %(year)s, half-year %(half)s") % {
            "year": self.period.year,
            "half": self.period.half,
        }

    @property
    def status(self) -> str:
        closing = self.period.closing
        if closing is None:
            return _("The year is open: the figures are as recorded when the file was made.")
        return _("The year was closed %(when)s: the figures are those stored at the closing.") % {
            "when": timezone.localtime(closing.closed_at).strftime("%d.%m.%Y %H:%M")
        }

    @property
    def stem(self) -> str:
        name = _("annual-report")  # a file name: ASCII letters, digits and hyphens
        half = "" if self.period.half is None else f"-h{self.period.half}"
        return f"{name}-{self.period.year}{half}"


def file_value(column: Column, value):
    """A cell's value for a file: money to øre, a share to four decimals, a choice by
    its label."""
    if value is None:
        return None
    if column.kind == MONEY or column.kind == HOURS:
        return Decimal(value).quantize(CENT)
    if column.kind == PERCENT:
        return Decimal(value).quantize(SHARE_DIGITS)
    if column.kind == CHOICE:
        return column.display_choice(value)
    if column.kind == ORGANISATION_NUMBER:
        return format_organisation_number(value)
    return value


def _lines(table: Table) -> tuple[list[str], list[list]]:
    """The header and the rows of a table as a file shows it: a vertical table as
    (figure, value) lines; a total row labelled in its first column."""
    if table.vertical:
        header = [str(_("Figure")), str(_("Value"))]
        return header, [
            [str(column.label), file_value(column, value)] for column, value in table.pairs
        ]
    header = [str(column.label) for column in table.columns]
    rows = [
        [file_value(column, value) for column, value in zip(table.columns, row, strict=True)]
        for row in table.rows
    ]
    if table.total is not None:
        cells = zip(table.columns, table.total, strict=True)
        total = [file_value(column, value) for column, value in cells]
        total[0] = str(_("Total"))
        rows.append(total)
    return header, rows


def csv_lines(table: Table) -> Iterator[str]:
    """One section as CSV: UTF-8 with a byte order mark and `;`, as Norwegian Excel
    expects; decimals with a comma."""
    writer = csv.writer(Echo(), delimiter=";")
    header, rows = _lines(table)
    yield "\ufeff" + writer.writerow(header)
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def xlsx_file(report: ReportFile):
    """The report as an XLSX workbook in a temporary file (XlsxWriter's constant-memory
    mode): a first sheet saying what the file is, then one sheet a section, each with
    its header row frozen. Returns the open file, at its start."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it after sending
    workbook = xlsxwriter.Workbook(handle, {"constant_memory": True, "in_memory": False})
    bold = workbook.add_format({"bold": True})
    header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrapped = workbook.add_format({"text_wrap": True, "valign": "top"})
    formats = {
        MONEY: workbook.add_format({"num_format": '#,##0.00 "kr"'}),
        HOURS: workbook.add_format({"num_format": "#,##0.00"}),
        PERCENT: workbook.add_format({"num_format": "0.0 %"}),
        INTEGER: workbook.add_format({"num_format": "#,##0"}),
        DATE: workbook.add_format({"num_format": "dd.mm.yyyy"}),
    }
    about = workbook.add_worksheet(_("About"))
    about.set_column(0, 0, 24)
    about.set_column(1, 1, 70)
    period = report.period
    for row, (label, value) in enumerate(
        [
            (_("Næringshage"), report.naeringshage),
            (_("Report"), report.title),
            (_("Period"), f"{period.start:%d.%m.%Y}–{period.end:%d.%m.%Y}"),
            (_("Printed"), timezone.localtime(report.printed_at).strftime("%d.%m.%Y %H:%M")),
            (_("Status"), report.status),
            (_("Commentary"), period.commentary.get(SUMMARY, "")),
        ]
    ):
        about.write_string(row, 0, label, bold)
        about.write_string(row, 1, value, wrapped)
    for table in period.tables:
        sheet = workbook.add_worksheet(str(SHEET_NAMES[table.key]))
        titles, rows = _lines(table)
        widths = [60, 18] if table.vertical else [16 if c.numeric else 28 for c in table.columns]
        for number, (title, width) in enumerate(zip(titles, widths, strict=True)):
            sheet.set_column(number, number, width)
            sheet.write_string(0, number, title, header)
        sheet.freeze_panes(1, 0)
        for row_number, row in enumerate(rows, start=1):
            is_total = table.total is not None and row_number == len(rows)
            for number, value in enumerate(row):
                if table.vertical:
                    kind = table.columns[row_number - 1].kind if number == 1 else None
                else:
                    kind = table.columns[number].kind
                cell_format = bold if is_total and number == 0 else formats.get(kind)
                write_xlsx_cell(sheet, row_number, number, value, cell_format)
        comment = period.commentary.get(table.key)
        if comment:
            # Below the table, after an empty row: the manager's commentary.
            sheet.write_string(len(rows) + 2, 0, str(_("Commentary")), bold)
            sheet.write_string(len(rows) + 3, 0, comment, wrapped)
    workbook.close()
    handle.seek(0)
    return handle


def pdf_bytes(report: ReportFile) -> bytes:
    """The report as PDF (Typst, `reports.typst_source`): the chart of subsidy per
    municipality and every table, with the næringshage's name, the report and the print
    date on every page. Printed by a warm child process (`reports.pdf`), so the worker
    keeps no memory."""
    return typst_to_pdf(report_source(report))
