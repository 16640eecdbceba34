"""The services CSV on PostgreSQL: every cell made by the database and the file
written by `COPY (SELECT …) TO STDOUT`, streamed to the browser as PostgreSQL sends it.

The same bytes as `funding.exports.csv_lines` (SQLite keeps that writer; a test compares
the two on one set of rows): the date as dd.mm.yyyy, the organisation number grouped,
the municipality's number and name on the service's date (a LATERAL lookup of its dated
numbering), the funding line's label, amounts with a decimal comma (numeric::text, the
digits Python writes), text that would start a formula with a leading `'`, `;` between
cells and a line feed after each row. Every text the user reads (the grant kinds,
"Markedspris", "ja"/"nei") is passed in translated, as parameters.

COPY runs in a thread on the request's own database connection while the response
reads what it sends (a bounded queue: a slow browser slows the COPY down, nothing piles
up in memory: at most eight pieces of half a megabyte). A browser that goes away ends
the COPY (psycopg2 leaves the connection fit for the next query, tested).
"""

import queue
import threading
from collections.abc import Iterator

from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.spreadsheets import FORMULA_STARTS
from funding.models import Grant, PricedService
from municipalities.models import MunicipalityNumbering
from programmes.models import Company, ServiceType

_DONE = object()


def _safe(sql: str) -> str:
    """A text cell made formula-safe, as core.spreadsheets.csv_text; empty is no value."""
    return (
        f"NULLIF(CASE WHEN left({sql}, 1) = ANY(%(formula_starts)s) THEN '''' || {sql} "
        f"ELSE {sql} END, '')"
    )


def _amount(column: str) -> str:
    return f"replace(s.{column}::text, '.', ',')"


def copy_sql(services: QuerySet[PricedService]) -> tuple[str, dict]:
    """The SELECT of the CSV's rows (the header apart), for the filtered `services`."""
    from django.contrib.auth import get_user_model

    q = connection.ops.quote_name
    fields = ("id", "date", "company_id", "service_type_id", "adviser_id", "grant_id",
              "hours", "hourly_rate", "fixed_price", "price", "own_share", "subsidy",
              "voided_at", "description")  # fmt: skip
    rows_sql, rows_params = services.order_by().values(*fields).query.sql_with_params()
    kinds = " ".join(
        f"WHEN %(kind_{index})s THEN %(kind_label_{index})s"
        for index, _choice in enumerate(Grant.Kind.choices)
    )
    params = {
        "formula_starts": sorted(FORMULA_STARTS),
        "market": _("Market price"),
        "yes": _("yes"),
        "no": _("no"),
    }
    for index, (kind, label) in enumerate(Grant.Kind.choices):
        params[f"kind_{index}"], params[f"kind_label_{index}"] = kind, str(label)
    line = (
        f"CASE g.kind {kinds} ELSE g.kind END || ' ' || CASE WHEN g.first_year = g.last_year "
        "THEN g.first_year::text ELSE g.first_year::text || '–' || g.last_year::text END "
        "|| CASE WHEN COALESCE(g.title, '') <> '' THEN ' – ' || g.title ELSE '' END"
    )
    adviser = (
        "COALESCE(NULLIF(btrim(COALESCE(u.first_name, '') || ' ' || COALESCE(u.last_name, ''),"
        " E' \\t\\n\\r\\f\\v'), ''), u.username, '')"
    )
    number = "c.organisation_number"
    orgnr = (
        f"CASE WHEN {number} ~ '^[0-9]{{9}}$' THEN substr({number}, 1, 3) || ' ' || "
        f"substr({number}, 4, 3) || ' ' || substr({number}, 7, 3) ELSE {number} END"
    )
    # Every cell of a company, a service type, an adviser, a grant or a numbering is
    # made once for that row of the small table, not once per service.
    select = f"""
        SELECT to_char(s.date, 'DD.MM.YYYY'), c.name, c.orgnr, n.number, n.name, t.name,
               u.name, CASE WHEN s.grant_id IS NULL THEN %(market)s ELSE g.line END,
               {_amount("hours")}, {_amount("hourly_rate")}, {_amount("fixed_price")},
               {_amount("price")}, {_amount("own_share")}, {_amount("subsidy")},
               CASE WHEN s.voided_at IS NULL THEN %(no)s ELSE %(yes)s END,
               {_safe("s.description")}
        FROM (%(rows)s) s
        LEFT JOIN (
            SELECT c.id, c.municipality_id, {_safe("c.name")} AS name, {_safe(orgnr)} AS orgnr
            FROM {q(Company._meta.db_table)} c
        ) c ON c.id = s.company_id
        LEFT JOIN (
            SELECT t.id, {_safe("t.name")} AS name FROM {q(ServiceType._meta.db_table)} t
        ) t ON t.id = s.service_type_id
        LEFT JOIN (
            SELECT u.id, {_safe(adviser)} AS name FROM {q(get_user_model()._meta.db_table)} u
        ) u ON u.id = s.adviser_id
        LEFT JOIN (
            SELECT g.id, {_safe(line)} AS line FROM {q(Grant._meta.db_table)} g
        ) g ON g.id = s.grant_id
        LEFT JOIN LATERAL (
            SELECT {_safe("m.number")} AS number, {_safe("m.name")} AS name
            FROM {q(MunicipalityNumbering._meta.db_table)} m
            WHERE m.municipality_id = c.municipality_id AND m.valid_from <= s.date
              AND (m.valid_to IS NULL OR s.date <= m.valid_to)
            ORDER BY m.valid_from LIMIT 1
        ) n ON true
        ORDER BY s.date, s.id
    """  # noqa: S608 - table names from the models, every value a parameter
    with connection.cursor() as cursor:
        rows = cursor.mogrify(rows_sql, rows_params).decode()
    # The filtered rows' own SQL goes in as it is, its percent signs kept from the
    # parameters.
    return select.replace("%(rows)s", rows.replace("%", "%%")), params


class _Queue:
    """The file COPY writes to (one row a call): the rows are gathered into pieces of
    about PIECE bytes in the COPY's thread, and each piece goes to the response, at most
    `size` of them waiting."""

    PIECE = 524288

    def __init__(self, size: int = 8):
        self.pieces: queue.Queue = queue.Queue(maxsize=size)
        self.abandoned = threading.Event()
        self._rows: list[bytes] = []
        self._size = 0

    def write(self, data) -> int:
        row = data if isinstance(data, bytes) else data.encode("utf-8")
        self._rows.append(row)
        self._size += len(row)
        if self._size >= self.PIECE:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self._rows:
            self.put(b"".join(self._rows))
            self._rows, self._size = [], 0

    def put(self, piece) -> None:
        while not self.abandoned.is_set():
            try:
                self.pieces.put(piece, timeout=0.5)
                return
            except queue.Full:
                continue
        raise OSError("the browser went away")


def csv_copy_lines(services: QuerySet[PricedService], header: str) -> Iterator[bytes]:
    """The CSV as bytes: `header` (its first line, with the byte order mark), then what
    COPY sends, in pieces of about half a megabyte (fewer, larger writes to the browser
    cost less than many small ones)."""
    select, params = copy_sql(services)
    connection.ensure_connection()
    raw = connection.connection
    with connection.cursor() as cursor:
        statement = cursor.mogrify(
            f"COPY ({select}) TO STDOUT WITH (FORMAT csv, DELIMITER ';')", params
        ).decode()
    target = _Queue()
    failure: list[BaseException] = []

    def run() -> None:
        try:
            with raw.cursor() as cursor:
                cursor.copy_expert(statement, target, size=65536)
            target.flush()
        except BaseException as error:
            failure.append(error)
        finally:
            if not target.abandoned.is_set():
                target.pieces.put(_DONE)

    yield header.encode("utf-8")
    thread = threading.Thread(target=run, name="services-csv-copy", daemon=True)
    thread.start()
    finished = False
    try:
        while (piece := target.pieces.get()) is not _DONE:
            yield piece
        if failure:
            raise failure[0]
        finished = True
    finally:
        if not finished:
            target.abandoned.set()
        thread.join()
