"""The survey contacts as files for Siva's satisfaction survey: CSV (the contacts) and
XLSX (the contacts, and a second sheet of the target companies missing a leader's
e-mail). Written as the reports' files are (reports.exports): UTF-8 with a byte order
mark and `;` for Norwegian Excel, cells made formula-safe by `core.spreadsheets`, an
organisation number as the pages write it (“979 830 580”)."""

import csv
import tempfile

import xlsxwriter
from django.utils.translation import gettext as _

from core.spreadsheets import Echo, csv_cell, write_xlsx_cell
from programmes.selectors import SurveyContacts, SurveyRow


def _contact_header() -> list[str]:
    return [_("Organisation number"), _("Company"), _("Leader"), _("E-mail"), _("Municipality")]


def _contact_cells(row: SurveyRow) -> list:
    company = row.company
    return [
        company.organisation_number_display,
        company.name,
        row.leader_name,
        row.email,
        str(company.municipality),
    ]


def _missing_header() -> list[str]:
    return [_("Organisation number"), _("Company"), _("Leader"), _("Reason"), _("Municipality")]


def _missing_cells(row: SurveyRow) -> list:
    company = row.company
    return [
        company.organisation_number_display,
        company.name,
        row.leader_name,
        row.reason_label,
        str(company.municipality),
    ]


def file_stem(survey: SurveyContacts) -> str:
    return f"undersokelse-kontakter-{survey.day.isoformat()}"


def csv_text(survey: SurveyContacts) -> str:
    """The contacts as CSV, a header row first."""
    writer = csv.writer(Echo(), delimiter=";")
    lines = ["\ufeff" + writer.writerow(_contact_header())]
    lines += [
        writer.writerow([csv_cell(value) for value in _contact_cells(row)])
        for row in survey.contacts
    ]
    return "".join(lines)


def xlsx_file(survey: SurveyContacts):
    """The contacts and the missing ones as an XLSX workbook in a temporary file, two
    sheets with their header rows frozen. Returns the open file, at its start."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it after sending
    workbook = xlsxwriter.Workbook(handle, {"in_memory": False})
    header_format = workbook.add_format({"bold": True})
    sheets = [
        (_("Contacts"), _contact_header(), map(_contact_cells, survey.contacts)),
        (_("Missing"), _missing_header(), map(_missing_cells, survey.missing)),
    ]
    for title, header, rows in sheets:
        sheet = workbook.add_worksheet(title)
        for number, (label, width) in enumerate(zip(header, (16, 36, 28, 36, 20), strict=True)):
            sheet.set_column(number, number, width)
            sheet.write_string(0, number, label, header_format)
        sheet.freeze_panes(1, 0)
        for row_number, cells in enumerate(rows, start=1):
            for number, value in enumerate(cells):
                write_xlsx_cell(sheet, row_number, number, value, None)
    workbook.close()
    handle.seek(0)
    return handle
