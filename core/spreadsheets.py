"""The cells of the files people open in Excel or LibreOffice: CSV and XLSX.

A CSV cell is plain text, and a spreadsheet runs a cell that begins with `=`, `+`, `-`
or `@` as a formula (`=HYPERLINK(...)` in a company's name would be a link in the
county council's sheet). Text that begins so, or with a tab, a carriage return or a
line feed (or their full-width forms), is written with a leading `'`, which Excel and
LibreOffice show as text (OWASP, "CSV Injection"). Numbers and dates are never text
and never get one: a negative amount stays `-1500,00`. XLSX needs no such care: a
string written as a string is never run as a formula.
"""

from datetime import date
from decimal import Decimal

# The first characters that make a spreadsheet run a cell (funding.csv_copy asks the
# database the same).
FORMULA_STARTS = frozenset("=+-@\t\r\n＝＋－＠")


def csv_text(value: str) -> str:
    """Text as a CSV cell that a spreadsheet shows as it is, never runs. One look at
    the first character: cheap enough for every text cell of a large export."""
    if value and value[0] in FORMULA_STARTS:
        return "'" + value
    return value


def csv_cell(value) -> str:
    """A value as a CSV cell for Norwegian Excel: a decimal comma, a date as
    dd.mm.yyyy, nothing for no value, text made formula-safe."""
    if value is None:
        return ""
    kind = type(value)
    if kind is str:
        return csv_text(value)
    if kind is Decimal:
        return f"{value:f}".replace(".", ",")  # Norwegian Excel reads a decimal comma
    if kind is date:
        return f"{value.day:02d}.{value.month:02d}.{value.year}"
    if kind is int or kind is float:
        return str(value)
    return csv_text(str(value))  # a label (a lazy translation), or anything else as text


class Echo:
    """A file that hands back what is written to it, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def write_xlsx_cell(sheet, row: int, column: int, value, cell_format) -> None:
    """A number as a number, a date as a date, text as text; nothing for no value."""
    if value is None or value == "":
        return
    if isinstance(value, int | Decimal):
        sheet.write_number(row, column, value, cell_format)
    elif isinstance(value, date):
        sheet.write_datetime(row, column, value, cell_format)
    else:
        sheet.write_string(row, column, str(value))
