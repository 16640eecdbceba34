"""The state-aid register's list as files: CSV (the awards to report, with the fields
the register asks for) and XLSX (the awards, and a second sheet of the companies whose
aid in the year reaches the threshold). UTF-8 with a byte order mark and `;` for
Norwegian Excel, cells formula-safe (`core.spreadsheets`), organisation numbers as the
pages write them."""

import csv
import tempfile

import xlsxwriter
from django.utils.translation import gettext as _

from core.spreadsheets import Echo, csv_cell, write_xlsx_cell
from funding.selectors.state_aid import AidAward, AidRegister, AidYear
from programmes.organisation_numbers import format_organisation_number


def _award_header() -> list[str]:
    return [
        _("Organisation number"),
        _("Company"),
        _("Date awarded"),
        _("Service type"),
        _("Amount in NOK"),
        _("Amount in EUR"),
        _("Legal basis"),
    ]


def _award_cells(award: AidAward) -> list:
    return [
        format_organisation_number(award.organisation_number),
        award.company_name,
        award.date,
        award.service_type,
        award.subsidy,
        award.subsidy_eur,
        award.legal_basis,
    ]


def _company_header() -> list[str]:
    return [
        _("Organisation number"),
        _("Company"),
        _("Year"),
        _("Awards"),
        _("Aid in NOK"),
        _("Aid in EUR"),
        _("Largest award in EUR"),
    ]


def _company_cells(row: AidYear) -> list:
    return [
        format_organisation_number(row.organisation_number),
        row.company_name,
        row.year,
        row.awards,
        row.subsidy,
        row.subsidy_eur,
        row.largest_eur,
    ]


def file_stem(register: AidRegister) -> str:
    return f"statsstotte-registeret-{register.year}"


def csv_text(register: AidRegister) -> str:
    """The awards to report as CSV, a header row first; a date as 10.03.2024."""
    writer = csv.writer(Echo(), delimiter=";")
    lines = ["\ufeff" + writer.writerow(_award_header())]
    for award in register.awards:
        cells = _award_cells(award)
        cells[2] = award.date.strftime("%d.%m.%Y")
        lines.append(writer.writerow([csv_cell(value) for value in cells]))
    return "".join(lines)


def xlsx_file(register: AidRegister):
    """The awards and the companies as an XLSX workbook in a temporary file, each sheet
    with its header row frozen. Returns the open file, at its start."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it after sending
    workbook = xlsxwriter.Workbook(handle, {"in_memory": False})
    bold = workbook.add_format({"bold": True})
    money = workbook.add_format({"num_format": "#,##0.00"})
    day = workbook.add_format({"num_format": "dd.mm.yyyy"})
    sheets = [
        (_("Awards to report"), _award_header(), map(_award_cells, register.awards),
         {2: day, 4: money, 5: money}),
        (_("Companies"), _company_header(), map(_company_cells, register.companies),
         {4: money, 5: money, 6: money}),
    ]  # fmt: skip
    for title, header, rows, formats in sheets:
        sheet = workbook.add_worksheet(title)
        for number, label in enumerate(header):
            sheet.set_column(number, number, 30 if number in (1, 6) else 16)
            sheet.write_string(0, number, label, bold)
        sheet.freeze_panes(1, 0)
        for row_number, cells in enumerate(rows, start=1):
            for number, value in enumerate(cells):
                write_xlsx_cell(sheet, row_number, number, value, formats.get(number))
    workbook.close()
    handle.seek(0)
    return handle
