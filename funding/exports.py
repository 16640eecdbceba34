"""The services list as a file: CSV for Norwegian Excel, or XLSX.

Both stream: rows are read from the database in chunks (`iterator`) and written as
they come, so memory does not grow with the number of services. The municipality's
number and name are those in force on each service's date.
"""

import csv
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import xlsxwriter
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from funding.models import Grant, PricedService
from municipalities.models import MunicipalityNumbering

CHUNK = 2000
AMOUNT_COLUMNS = range(8, 14)  # hours, hourly rate, fixed price, price, own share, subsidy


class _Numberings:
    """Every municipality's numbers and names over time, read in one query, so that a
    row's numbering on its date is a lookup, not a subquery per row."""

    def __init__(self):
        self.periods = defaultdict(list)
        rows = MunicipalityNumbering.objects.order_by("valid_from").values_list(
            "municipality_id", "valid_from", "valid_to", "number", "name"
        )
        for municipality_id, valid_from, valid_to, number, name in rows:
            self.periods[municipality_id].append((valid_from, valid_to, number, name))

    def on(self, municipality_id: int, day: date) -> tuple[str, str]:
        for valid_from, valid_to, number, name in self.periods.get(municipality_id, ()):
            if valid_from <= day and (valid_to is None or day <= valid_to):
                return number, name
        return "", ""


def export_rows(services: QuerySet[PricedService]) -> Iterator[tuple]:
    """One tuple per service, in the order of `columns()`, read in chunks."""
    numberings = _Numberings()
    rows = services.order_by("date", "pk").values_list(
        "date",
        "company__name",
        "company__organisation_number",
        "company__municipality",
        "service_type__name",
        "adviser__first_name",
        "adviser__last_name",
        "adviser__username",
        "grant__kind",
        "grant__first_year",
        "grant__last_year",
        "grant__title",
        "hours",
        "hourly_rate",
        "fixed_price",
        "price",
        "own_share",
        "subsidy",
        "voided_at",
        "description",
    )
    # Labels translated once, not per row; a funding line's label once per grant.
    kinds = {kind: str(label) for kind, label in Grant.Kind.choices}
    market, yes, no = _("Market price"), _("yes"), _("no")
    lines: dict[tuple, str] = {}
    for row in rows.iterator(chunk_size=CHUNK):
        (
            day, company, orgnr, municipality, service_type, first_name, last_name, username,
            kind, first_year, last_year, title, hours, rate, fixed, price, own_share,
            subsidy, voided_at, description,
        ) = row  # fmt: skip
        if kind is None:
            line = market
        else:
            line = lines.get((kind, first_year, last_year, title))
            if line is None:
                years = str(first_year) if first_year == last_year else f"{first_year}–{last_year}"
                line = f"{kinds[kind]} {years}" + (f" – {title}" if title else "")
                lines[kind, first_year, last_year, title] = line
        adviser = f"{first_name} {last_name}".strip() or username
        number, name = numberings.on(municipality, day)
        yield (
            day, company, orgnr, number, name, service_type, adviser, line,
            hours, rate, fixed, price, own_share, subsidy,
            yes if voided_at else no, description,
        )  # fmt: skip


def columns() -> list[str]:
    return [
        _("Date"),
        _("Company"),
        _("Organisation number"),
        _("Municipality number"),
        _("Municipality"),
        _("Type"),
        _("Adviser"),
        _("Funding line"),
        _("Hours"),
        _("Hourly rate"),
        _("Fixed price"),
        _("Price"),
        _("Own share"),
        _("Subsidy"),
        _("Voided"),
        _("Description"),
    ]


class Echo:
    """A file that hands back what is written to it, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def csv_cell(value) -> str:
    if value is None:
        return ""
    kind = type(value)
    if kind is str:
        return value
    if kind is Decimal:
        return f"{value:f}".replace(".", ",")  # Norwegian Excel reads a decimal comma
    if kind is date:
        return f"{value.day:02d}.{value.month:02d}.{value.year}"
    return str(value)


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


def csv_lines(services: QuerySet[PricedService]) -> Iterator[str]:
    """UTF-8 with a byte order mark and `;` between cells, as Norwegian Excel expects;
    written a few hundred rows a piece."""
    writer = csv.writer(Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(columns())
    piece = []
    for row in export_rows(services):
        # Only the date and the amounts need converting; csv writes None as "".
        cells = list(row)
        cells[0] = csv_cell(cells[0])
        for index in AMOUNT_COLUMNS:
            if cells[index] is not None:
                cells[index] = f"{cells[index]:f}".replace(".", ",")
        piece.append(writer.writerow(cells))
        if len(piece) == 500:
            yield "".join(piece)
            piece = []
    if piece:
        yield "".join(piece)


def xlsx_file(services: QuerySet[PricedService]):
    """An XLSX workbook in a temporary file, written in XlsxWriter's constant-memory
    mode (each row goes to disk as it is written). Returns the open file, at its start."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it after sending
    workbook = xlsxwriter.Workbook(handle, {"constant_memory": True, "in_memory": False})
    sheet = workbook.add_worksheet(_("Services"))
    bold = workbook.add_format({"bold": True})
    money = workbook.add_format({"num_format": '#,##0.00 "kr"'})
    number = workbook.add_format({"num_format": "0.00"})
    day = workbook.add_format({"num_format": "dd.mm.yyyy"})
    formats = [day, None, None, None, None, None, None, None, number]
    formats += [money] * 5 + [None, None]
    widths = [11, 30, 12, 10, 16, 18, 20, 34, 8, 12, 12, 14, 14, 14, 9, 40]
    for column, (title, width) in enumerate(zip(columns(), widths, strict=True)):
        sheet.set_column(column, column, width)
        sheet.write_string(0, column, title, bold)
    sheet.freeze_panes(1, 0)
    for row_number, row in enumerate(export_rows(services), start=1):
        for column, value in enumerate(row):
            write_xlsx_cell(sheet, row_number, column, value, formats[column])
    workbook.close()
    handle.seek(0)
    return handle
