"""`make bench-import`: how long an import takes, on PostgreSQL, through the product's own
code (imports.services: the upload, the check and the import of every row).

    DATABASE_URL=postgres://postgres@127.0.0.1:54329/postgres .venv/bin/python \\
        scripts/bench_import.py --companies 10000 --services 20000

Makes a database of its own beside DATABASE_URL's (dropped afterwards), loads the
reference data, and imports a CSV of `--companies` companies of Rørosregionen, then
one of `--services` services of 2016 for them (at market price, and every tenth on
the Siva frame with a 25 % own share). Prints each step's seconds and rows per second,
against the issue's budget (10 000 companies or 20 000 services in 30 s); then the
nightly sync of (up to) 2 000 of those companies from one page of Enhetsregisteret's
update feed, against the stand-in register (budget 10 s); and the process's peak
memory.
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
# The sync's budget: 2 000 companies from a feed page of 2 000 updates in 10 s.
SYNC_COMPANIES = 2000
SYNC_BUDGET_SECONDS = 10


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
    lines.append(_sync(numbers[:SYNC_COMPANIES]))
    lines.append(f"peak memory of the process: {_peak_mb():.0f} MB")
    return lines


def _sync(numbers: list[str]) -> str:
    """The nightly sync (programmes.services.registry_sync) against the stand-in
    register (tests/registry_server.py, on the loopback address): a feed page naming
    `numbers`, each an active unit; every tenth the register now says is bankrupt."""
    from django.conf import settings

    from programmes.services import registry_sync
    from tests.registry_server import registry_server, update

    with registry_server() as registry:
        for index, number in enumerate(numbers):
            registry.units[number] = {
                "organisasjonsnummer": number, "navn": f"BEDRIFT {index} AS",
                "organisasjonsform": {"kode": "AS", "beskrivelse": "Aksjeselskap"},
                "konkurs": index % 10 == 0, "konkursdato": "2026-12-01",
                "forretningsadresse": {"adresse": [f"Gata {index}"], "postnummer": "7374",
                                       "poststed": "RØROS", "kommunenummer": "5025"},
            }  # fmt: skip
        settings.BRREG_URL = registry.url
        lines = []
        # The first sync gives every company a status; the next finds the same ones.
        for night in ("first", "next"):
            first_id = len(registry.updates) + 1
            registry.updates += [update(first_id + index, number)
                                 for index, number in enumerate(numbers)]  # fmt: skip
            registry.requests.clear()
            started = time.perf_counter()
            result = registry_sync(page_size=len(numbers))
            seconds = time.perf_counter() - started
            verdict = "ok" if seconds <= SYNC_BUDGET_SECONDS else "NOT MET"
            lines.append(
                f"sync ({night}) {len(numbers):>5} companies from one feed page: {seconds:6.2f} s,"
                f" {len(registry.requests)} requests, {len(result.changed)} with a new status "
                f"(budget {SYNC_BUDGET_SECONDS} s: {verdict})"
            )
    return "\n".join(lines)


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
