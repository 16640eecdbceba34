"""Rows written in bulk, not through the services: on PostgreSQL with COPY in batches,
elsewhere with `bulk_create`. Ids are given by the generator, so that rows of one table
can name rows of another before either is written."""

import io
from collections.abc import Callable
from decimal import Decimal

from django.db import connection, models

BATCH = 20_000


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy_converter(model_field: models.Field) -> Callable:
    """Turns a row value into COPY's text format. Decimals may come as integers in their
    smallest unit (øre for money)."""
    if isinstance(model_field, models.DecimalField):
        places = model_field.decimal_places
        unit = 10**places

        def decimal_text(value):
            if value is None:
                return r"\N"
            if isinstance(value, int):
                return f"{value // unit}.{value % unit:0{places}d}"
            return str(value)

        return decimal_text
    if isinstance(model_field, models.BooleanField):
        return lambda value: r"\N" if value is None else ("t" if value else "f")
    if isinstance(model_field, models.CharField | models.TextField):
        return lambda value: r"\N" if value is None else _escape(value)
    return lambda value: r"\N" if value is None else str(value)


def _python_converter(model_field: models.Field) -> Callable:
    if isinstance(model_field, models.DecimalField):
        places = model_field.decimal_places

        def decimal_value(value):
            if isinstance(value, int):
                return Decimal(value).scaleb(-places)
            return value if value is None else Decimal(value)

        return decimal_value
    return lambda value: value


class BulkTable:
    """Rows for one table, written in batches: COPY on PostgreSQL, bulk_create elsewhere.

    Rows are tuples in the order of `names` (model field names; a foreign key takes the
    id). Ids are given by the generator (`next_id`).
    """

    def __init__(
        self, model: type[models.Model], names: list[str], parents: tuple["BulkTable", ...] = ()
    ):
        self.model = model
        self.parents = parents  # written first: foreign keys are checked row by row
        self.fields = [model._meta.get_field(name) for name in ["id", *names]]
        self.rows: list[tuple] = []
        self.written = 0
        self.next_id = (model.objects.aggregate(top=models.Max("id"))["top"] or 0) + 1
        self.copy = connection.vendor == "postgresql"
        if self.copy:
            self.converters = [_copy_converter(f) for f in self.fields]
            columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
            self.sql = (
                f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
                "FROM STDIN WITH (FORMAT text)"
            )
        else:
            self.converters = [_python_converter(f) for f in self.fields]
            self.attnames = [f.attname for f in self.fields]

    def add(self, *values) -> int:
        """Queue a row and return its id."""
        row_id = self.next_id
        self.next_id += 1
        self.rows.append((row_id, *values))
        if len(self.rows) >= BATCH:
            self.flush()
        return row_id

    def flush(self) -> None:
        for parent in self.parents:
            parent.flush()
        if not self.rows:
            return
        if self.copy:
            buffer = io.StringIO()
            converters = self.converters
            for row in self.rows:
                buffer.write("\t".join([c(v) for c, v in zip(converters, row, strict=True)]))
                buffer.write("\n")
            buffer.seek(0)
            with connection.cursor() as cursor:
                cursor.cursor.copy_expert(self.sql, buffer)
        else:
            objects = [
                self.model(
                    **{
                        name: convert(value)
                        for name, convert, value in zip(
                            self.attnames, self.converters, row, strict=True
                        )
                    }
                )
                for row in self.rows
            ]
            self.model.objects.bulk_create(objects, batch_size=500)
        self.written += len(self.rows)
        self.rows = []
