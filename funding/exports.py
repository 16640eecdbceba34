"""The services list as a file: CSV for Norwegian Excel, or XLSX.

Both stream: rows are read from the database in chunks (`iterator`) and written as
they come, so memory does not grow with the number of services. The municipality's
number and name are those in force on each service's date. The CSV's text is
formula-safe (`core.spreadsheets`), each name once as it is read, not once a row.
"""

import csv
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from itertools import islice

from django.db import connection
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from rustpy_xlsxwriter import FastExcel, Format

from core.spreadsheets import Echo, csv_cell, csv_text
from funding.models import Grant, PricedService
from funding.selectors import advisers_with_services
from municipalities.models import MunicipalityNumbering
from programmes.models import Company, ServiceType
from programmes.organisation_numbers import format_organisation_number

CHUNK = 2000
AMOUNTS = ("hours", "hourly_rate", "fixed_price", "price", "own_share", "subsidy")


class _Numberings:
    """Every municipality's numbers and names over time, read in one query, so that a
    row's numbering on its date is a lookup, not a subquery per row. `text` makes each
    number and name a cell as it is read."""

    def __init__(self, text=str):
        self.periods = defaultdict(list)
        rows = MunicipalityNumbering.objects.order_by("valid_from").values_list(
            "municipality_id", "valid_from", "valid_to", "number", "name"
        )
        for municipality_id, valid_from, valid_to, number, name in rows:
            self.periods[municipality_id].append((valid_from, valid_to, text(number), text(name)))

    def on(self, municipality_id: int, day: date) -> tuple[str, str]:
        for valid_from, valid_to, number, name in self.periods.get(municipality_id, ()):
            if valid_from <= day and (valid_to is None or day <= valid_to):
                return number, name
        return "", ""


class _Lookup(dict):
    """Rows of a small table by primary key (a company's name, number and municipality…),
    read in one query, so that the services' query joins nothing; a key the query did not
    find is read on its own (a service recorded through the admin for another
    næringshage's company, say)."""

    def __init__(self, queryset: QuerySet, *fields: str, make=tuple):
        super().__init__()
        self.queryset, self.fields, self.make = queryset, fields, make
        for pk, *values in queryset.values_list("pk", *fields):
            self[pk] = make(values)

    def __missing__(self, pk):
        rows = self.queryset.model._base_manager.filter(pk=pk).values_list(*self.fields)
        values = next(iter(rows), (None,) * len(self.fields))
        self[pk] = value = self.make(values)
        return value


def _adviser_name(values) -> str:
    first_name, last_name, username = values
    return f"{first_name or ''} {last_name or ''}".strip() or (username or "")


def _lookups(naeringshage, text) -> tuple[_Lookup, _Lookup, _Lookup, _Lookup]:
    """The companies, service types, advisers and funding lines a row names, each read
    in one query, their names made cells by `text` as they are read."""
    companies = _Lookup(
        Company.objects.filter(naeringshage=naeringshage),
        "name", "organisation_number", "municipality_id",
        make=lambda v: (text(v[0] or ""), text(format_organisation_number(v[1] or "")), v[2]),
    )  # fmt: skip
    service_types = _Lookup(ServiceType.objects.all(), "name", make=lambda v: text(v[0] or ""))
    advisers = _Lookup(
        advisers_with_services(naeringshage=naeringshage),
        "first_name", "last_name", "username", make=lambda v: text(_adviser_name(v)),
    )  # fmt: skip
    kinds = {kind: str(label) for kind, label in Grant.Kind.choices}

    def funding_line(values) -> str:
        kind, first_year, last_year, title = values
        years = str(first_year) if first_year == last_year else f"{first_year}–{last_year}"
        line = f"{kinds.get(kind, kind)} {years}" + (f" – {title}" if title else "")
        return text(line)

    lines = _Lookup(
        Grant.objects.filter(naeringshage=naeringshage),
        "kind", "first_year", "last_year", "title", make=funding_line,
    )  # fmt: skip
    return companies, service_types, advisers, lines


def _with_amounts(services: QuerySet[PricedService], *, as_text: bool):
    """The services, the names of their amount fields to read, and how an amount read
    becomes CSV text."""
    if as_text and connection.vendor == "postgresql":
        # PostgreSQL writes a numeric as text faster than Python, and the same digits.
        casts = {f"{name}_text": Cast(name, TextField()) for name in AMOUNTS}

        def amount_text(value: str) -> str:
            return value.replace(".", ",")

        return services.annotate(**casts), tuple(casts), amount_text

    def amount_text(value: Decimal) -> str:
        return f"{value:f}".replace(".", ",")

    return services, AMOUNTS, amount_text


def export_rows(
    services: QuerySet[PricedService], naeringshage, *, as_text: bool = False
) -> Iterator[tuple]:
    """One tuple per service of `naeringshage`, in the order of `columns()`, read in
    chunks. `as_text`: the date and the amounts as a Norwegian CSV writes them, and
    the text formula-safe; the names are made so once each, as they are read."""
    text = csv_text if as_text else str
    numberings = _Numberings(text)
    companies, service_types, advisers, lines = _lookups(naeringshage, text)
    market, yes, no = _("Market price"), _("yes"), _("no")
    services, amounts, amount_text = _with_amounts(services, as_text=as_text)
    rows = services.order_by("date", "pk").values_list(
        "date", "company_id", "service_type_id", "adviser_id", "grant_id",
        *amounts, "voided_at", "description",
    )  # fmt: skip
    dates: dict[date, str] = {}
    for row in rows.iterator(chunk_size=CHUNK):
        day, company_id, type_id, adviser_id, grant_id = row[:5]
        hours, rate, fixed, price, own_share, subsidy, voided_at, description = row[5:]
        company, orgnr, municipality = companies[company_id]
        number, name = numberings.on(municipality, day)
        if as_text:
            day_text = dates.get(day)
            if day_text is None:
                day_text = dates[day] = csv_cell(day)
            day = day_text
            hours, rate, fixed, price, own_share, subsidy = (
                None if value is None else amount_text(value)
                for value in (hours, rate, fixed, price, own_share, subsidy)
            )  # numbers, never prefixed: a negative amount stays -1500,00
            description = csv_text(description)
        yield (
            day, company, orgnr, number, name, service_types[type_id], advisers[adviser_id],
            market if grant_id is None else lines[grant_id],
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


def csv_lines(services: QuerySet[PricedService], naeringshage) -> Iterator[str | bytes]:
    """UTF-8 with a byte order mark, `;` between cells and a line feed after each row,
    as Norwegian Excel reads it. On PostgreSQL the database writes the rows
    (`funding.csv_copy`, COPY … TO STDOUT), elsewhere Python, a few hundred rows a piece
    (csv writes None as ""): the same bytes either way."""
    if connection.vendor == "postgresql":
        from funding.csv_copy import csv_copy_lines

        return csv_copy_lines(services, csv_header())
    return python_csv_lines(services, naeringshage)


def _csv_writer():
    return csv.writer(Echo(), delimiter=";", lineterminator="\n")


def csv_header() -> str:
    return "\ufeff" + _csv_writer().writerow(columns())


def python_csv_lines(services: QuerySet[PricedService], naeringshage) -> Iterator[str]:
    """The CSV written by Python (any database)."""
    writer = _csv_writer()
    yield csv_header()
    rows = export_rows(services, naeringshage, as_text=True)
    while piece := list(islice(rows, 500)):
        yield "".join(map(writer.writerow, piece))


def xlsx_file(
    services: QuerySet[PricedService],
    naeringshage,
    *,
    progress: Callable[[int], None] | None = None,
):
    """An XLSX workbook in a temporary file, written by rust_xlsxwriter
    (`rustpy-xlsxwriter`): about eight times as fast as XlsxWriter on the same rows, as
    docs/performance.md measures, with the same number formats. The rows are read in
    chunks and handed on one by one; amounts and hours are numbers, dates are dates,
    text stays text (a name that begins with “=” is not a formula). Returns the open
    file, at its start. `progress`, if given, is told the number of rows written after
    each row."""
    titles = columns()
    formats = [Format().set_num_format("dd.mm.yyyy")] + [Format()] * 7
    formats += [Format().set_num_format("0.00")]
    formats += [Format().set_num_format('#,##0.00 "kr"')] * 5 + [Format(), Format()]
    widths = [11, 30, 12, 10, 16, 18, 20, 34, 8, 12, 12, 14, 14, 14, 9, 40]

    def records():
        for row_number, row in enumerate(export_rows(services, naeringshage), start=1):
            yield dict(zip(titles, map(_xlsx_value, row), strict=True))
            if progress is not None:
                progress(row_number)

    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it after sending
    workbook = FastExcel(handle).format(bold_headers=True).freeze(row=1)
    workbook.sheet(_("Services"), _Records(records(), titles), column_formats=formats,
                   column_widths=widths)  # fmt: skip
    workbook.save()
    handle.seek(0)
    return handle


class _Records:
    """The rows for the sheet, with the column titles even when there is no row."""

    def __init__(self, rows, titles: list[str]):
        self.rows, self.titles = rows, titles

    def __iter__(self):
        first = next(self.rows, None)
        yield first if first is not None else dict.fromkeys(self.titles)
        if first is not None:
            yield from self.rows


def _xlsx_value(value):
    """A cell's value for rust_xlsxwriter: a Decimal as a number, no value as empty."""
    if isinstance(value, Decimal):
        return float(value)
    if value == "":
        return None
    return value
