"""Spreadsheets as an import reads them: CSV (`;` or `,`, UTF-8 or Windows-1252) and
XLSX (the first sheet), each a header row and rows of text.

An XLSX cell is read as the value it shows: a formula as the value Excel last computed
(openpyxl `data_only`), never run; a date as "10.03.2016"; a number as written,
without a float's noise. A CSV cell is its text as it stands. Empty rows are left out;
each row keeps its number in the sheet (the header is row 1), so that a refusal can
name its cell ("C12").
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 60


class Unreadable(Exception):
    """The file is not a spreadsheet the import can read; the message says why."""


@dataclass(frozen=True)
class Sheet:
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (row number in the sheet, its cells as text)
    name: str = ""  # a workbook's sheet


def column_letter(index: int) -> str:
    """0 → "A", 26 → "AA"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return f"{value:%d.%m.%Y}"
        return f"{value:%d.%m.%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, float):
        # 1500000.0 → "1500000", 0.1 + 0.2 as the cell shows it, not 0.30000000000000004
        return format(Decimal(repr(value)).normalize(), "f")
    if isinstance(value, int):
        return str(value)
    return " ".join(str(value).split())


def _sheet(rows: Iterator[list], *, offset: int = 1) -> Sheet:
    """The header row and the rows under it, from the first row that is not empty."""
    headers: list[str] | None = None
    kept: list[tuple[int, list[str]]] = []
    for number, cells in enumerate(rows, start=offset):
        texts = [_text(cell) for cell in cells][:MAX_COLUMNS]
        if not any(texts):
            continue
        if headers is None:
            headers = texts
            continue
        if len(kept) == MAX_ROWS:
            raise Unreadable(
                _("The file has more than %(rows)s rows. Split it into smaller files.")
                % {"rows": f"{MAX_ROWS:,}".replace(",", "\u00a0")}
            )
        kept.append((number, (texts + [""] * len(headers))[: max(len(headers), len(texts))]))
    if headers is None:
        raise Unreadable(_("The file is empty."))
    while headers and not headers[-1]:
        headers.pop()
    return Sheet(headers, kept)


def _csv(data: bytes) -> Sheet:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if "\x00" in text:
        raise Unreadable(_("The file is not a CSV file."))
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    return _sheet(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _simple(name: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in name.lower()).split())


def _xlsx(data: bytes, names: tuple[str, ...]) -> Sheet:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise Unreadable(_("The file is not an XLSX workbook Excel can open.")) from error
    try:
        sheets = [sheet for sheet in book.worksheets if _simple(sheet.title) in names]
        sheet = (sheets or book.worksheets)[0]
        read = _sheet(sheet.iter_rows(values_only=True))
        return Sheet(read.headers, read.rows, sheet.title)
    finally:
        book.close()


def read_sheet(data: bytes, file_name: str, sheet_names: tuple[str, ...] = ()) -> Sheet:
    """A workbook's sheet named one of `sheet_names` (as in "Bedrifter", case and
    spacing aside), else its first; a CSV file's rows. Raises Unreadable with the
    reason."""
    if len(data) > MAX_BYTES:
        raise Unreadable(
            _("The file is larger than %(mb)s MB. Split it into smaller files.")
            % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    name = file_name.lower()
    if name.endswith(".xlsx"):
        return _xlsx(data, sheet_names)
    if name.endswith((".csv", ".txt")):
        return _csv(data)
    raise Unreadable(_("Choose a CSV file (.csv) or an Excel workbook (.xlsx)."))
