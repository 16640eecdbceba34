"""Time the services CSV on PostgreSQL against its floor, and print the figures.

    DATABASE_URL=postgres://… .venv/bin/python scripts/compare_csv_writers.py [SLUG]

On one næringshage's services (all years, voided included; `rorosregionen` by default):
the floor is PostgreSQL's own `COPY (SELECT * …) TO STDOUT` of the same rows in the same
order; "copy" is the product's CSV (funding.csv_copy, what the browser is sent); "python"
the writer SQLite uses (funding.exports.python_csv_lines). The fastest of three runs.
"""

import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naeringshage.settings")

import django

django.setup()

from django.db import connection  # noqa: E402

from funding import exports, selectors  # noqa: E402
from funding.csv_copy import csv_copy_lines  # noqa: E402
from funding.models import PricedService  # noqa: E402
from programmes.models import Naeringshage  # noqa: E402


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database with services in it.")
    naeringshage = Naeringshage.objects.get(
        slug=sys.argv[1] if len(sys.argv) > 1 else "rorosregionen"
    )
    services = selectors.services_filtered(naeringshage=naeringshage, filters={"voided": "all"})
    rows = services.count()
    table = PricedService._meta.db_table

    def floor() -> None:
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(
                f"COPY (SELECT * FROM {table} WHERE naeringshage_id = {naeringshage.pk} "  # noqa: S608
                "ORDER BY date, id) TO STDOUT WITH (FORMAT csv, DELIMITER ';')",
                io.BytesIO(),
            )

    def copy() -> None:
        for _piece in csv_copy_lines(services, exports.csv_header()):
            pass

    def python() -> None:
        for _piece in exports.python_csv_lines(services, naeringshage):
            pass

    print(f"{naeringshage.slug}: {rows} services")
    best = {}
    for writer in (floor, copy, python):
        best[writer.__name__] = min(_timed(writer) for _ in range(3))
        seconds = best[writer.__name__]
        print(
            f"  {writer.__name__:<7} {seconds:6.2f} s  {rows / seconds:10,.0f} rows/s".replace(
                ",", " "
            )
        )
    print(f"  copy / floor: {best['floor'] / best['copy']:.2f} of the floor's speed")


def _timed(writer) -> float:
    started = time.perf_counter()
    writer()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
