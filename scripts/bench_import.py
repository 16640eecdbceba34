"""`make bench-import`: how long an import takes, on PostgreSQL, through the product's own
code (imports.services: the upload, the check and the import of every row).

    DATABASE_URL=postgres://postgres@127.0.0.1:54329/postgres .venv/bin/python \\
        scripts/bench_import.py --companies 10000 --services 20000

Makes a database of its own beside DATABASE_URL's (dropped afterwards), loads the
reference data, and imports a CSV of `--companies` companies of Rørosregionen, then
one of `--services` services of 2016 for them (at market price, and every tenth on
the Siva frame with a 25 % own share). Prints each step's seconds and rows per second,
against the issue's budget (10 000 companies or 20 000 services in 30 s), and the
process's peak memory.
"""

import argparse
import os
import resource
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_SECONDS = 30
BUDGET_ROWS = {"companies": 10_000, "services": 20_000}


def _database(url: str, name: str, *, create: bool) -> str:
    import psycopg2

    parts = urllib.parse.urlsplit(url)
    admin = psycopg2.connect(url)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if create:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(companies: int, services: int) -> list[str]:
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from accounts import roles
    from imports import services as imports
    from programmes.models import Naeringshage
    from programmes.organisation_numbers import calc_check_digit
    from programmes.services import staff_membership_set

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    roros = Naeringshage.objects.get(slug="rorosregionen")
    manager = User.objects.create_user("bench-leder", password="x" * 20)
    manager.groups.add(Group.objects.get(name=roles.MANAGER))
    staff_membership_set(user=manager, naeringshage=roros)

    numbers = []
    serial = 0
    while len(numbers) < companies:
        first_eight = f"8{serial:07d}"
        serial += 1
        check = calc_check_digit(first_eight)
        if check is not None:
            numbers.append(first_eight + check)
    places = ["Røros", "Holtålen", "Os", "Tolga", "Tynset", "Folldal", "Alvdal", "Rendalen"]
    company_csv = "Orgnr;Navn;Kommune;Adresse;Næringskode\n" + "".join(
        f"{number};Bedrift {index} AS;{places[index % 8]};Gata {index};55.101\n"
        for index, number in enumerate(numbers)
    )
    service_csv = (
        "Dato;Orgnr;Tjeneste;Timer;Timepris;Finansiering;Egenandel;Beskrivelse\n"
        + "".join(
            f"{1 + index % 28:02d}.{1 + index % 12:02d}.2016;{numbers[index % companies]};"
            f"Rådgivning;2;1000;{'Siva;25 %' if index % 10 == 0 else 'marked;'};Tjeneste {index}\n"
            for index in range(services)
        )
    )
    lines = []
    for kind, text, rows in (
        ("companies", company_csv, companies),
        ("services", service_csv, services),
    ):
        upload = SimpleUploadedFile(f"{kind}.csv", text.encode())
        started = time.perf_counter()
        item = imports.import_upload(naeringshage=roros, kind=kind, upload=upload, user=manager)
        uploaded = time.perf_counter()
        item = imports.import_check(item=item, user=manager)
        checked = time.perf_counter()
        item = imports.import_commit(item=item, user=manager)
        done = time.perf_counter()
        seconds = done - checked
        # The budget: 10 000 companies, or 20 000 services, imported in 30 s.
        allowed = BUDGET_SECONDS * rows / BUDGET_ROWS[kind]
        lines.append(
            f"{kind:<10} {rows:>7} rows  upload {uploaded - started:6.2f} s  check "
            f"{checked - uploaded:6.2f} s  import {seconds:6.2f} s "
            f"({rows / seconds:,.0f} rows/s; budget {allowed:.1f} s: "
            f"{'ok' if seconds <= allowed else 'NOT MET'})  {item.counts}"
        )
    lines.append(f"peak memory of the process: {_peak_mb():.0f} MB")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--companies", type=int, default=2000)
    parser.add_argument("--services", type=int, default=2000)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        print("Set DATABASE_URL to a PostgreSQL server (its database is left alone).")
        return 2
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naeringshage.settings")
    os.environ["DATABASE_URL"] = _database(url, "naeringshage_bench_import", create=True)
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    try:
        for line in run(args.companies, args.services):
            print(line, flush=True)
    finally:
        from django.db import connections

        connections.close_all()
        _database(url, "naeringshage_bench_import", create=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
