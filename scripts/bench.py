"""`make bench`: the product's speed at national scale, on PostgreSQL, as served.

Run by hand (not by `make test`):

    .venv/bin/python scripts/bench.py                 # national scale, 10 s a page
    .venv/bin/python scripts/bench.py --seconds 5 --scale region

1. Starts a throwaway PostgreSQL 15 cluster on 127.0.0.1 (as the `postgres` user when
   run as root). Its data folder is kept in `.bench/` (ignored by git), so the data set
   is generated once (`generate_data`) and reused; `--fresh` makes it again. Migrations
   run every time.
2. Starts gunicorn as `make run` does (gunicorn.conf.py, gthread workers) with DEBUG off
   and production-like settings, on 127.0.0.1 on its own port.
3. Logs in as the manager of the largest næringshage (`leder-01`) through the login form.
4. For /healthz (the floor) and each staff page: a load of keep-alive connections from
   threads for `--seconds`; prints requests per second, p50 and p99 latency, the ratio to
   the floor, and queries per request (counted apart, through Django's test client on
   the same database, since the served process runs without DEBUG).
5. Fifty users on the open year's pages in turn: all reading, then ten of them each
   recording a service a second through the service form (`bench_http.mixed`); the
   services they recorded are taken out again afterwards.
6. The exports, one request each: time, rows per second and the peak memory of the
   gunicorn worker above its idle size (/proc VmRSS, sampled, and VmHWM).
7. The workers' memory after the run, then the two-server test
   (tests/test_two_servers.py) against the same PostgreSQL. Stops gunicorn and
   PostgreSQL whatever happens.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench_http import HOST, ServiceWriter, drive, login, mixed, request

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = VENV_BIN / "python"
MANAGER = "leder-01"
MANAGER_PASSWORD = "generert-leder"  # noqa: S105 - demo.generate.MANAGER_PASSWORD
YEAR = 2024
# By now (2026) a næringshage has accounted for and closed its past years: the bench
# closes the manager's næringshage's years up to this one (idempotent), so the report and
# the dashboard of YEAR read the figures stored at closing.
# The year after stays open (reopened if an older run closed it), so the bench measures
# an open year's report too: made from the services, not from stored tables.
LAST_CLOSED_YEAR = 2024
OPEN_YEAR = LAST_CLOSED_YEAR + 1

# Users who write while others read: a working day's pages, USERS users, WRITERS of them
# recording a service every WRITE_EVERY seconds. Their services carry WRITTEN as their
# description and are taken out again afterwards.
USERS, WRITERS, WRITE_EVERY = 50, 10, 1.0
WRITTEN = "make bench: recorded while others read"
# Every topic renewed, as page_cache.flush() does for a change of everything.
RENEW_EVERYTHING = (
    "UPDATE programmes_naeringshage SET data_version = data_version + 1, "
    "page_versions = jsonb_build_object('all', data_version + 1) WHERE slug = %s"
)

# Budgets from the issue: a staff page's throughput as a share of the floor's.
PAGE_BUDGET = 0.50
ANNUAL_BUDGET = 0.25
P99_FACTOR = 10
CSV_ROWS_PER_SECOND = 50_000
CSV_OF_COPY = 0.5  # the services CSV at least half as fast as COPY of the same rows
XLSX_SECONDS = 3  # every services XLSX, all years (about 88 000 rows) included
PDF_SECONDS = 1.5
EXPORT_MB = 150
WORKER_MB = 200


def log(message: str) -> None:
    print(message, flush=True)


# --- Processes -------------------------------------------------------------------------


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as `postgres` then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=True, **kwargs)  # noqa: S603 - fixed commands


class Cluster:
    """A PostgreSQL 15 cluster in `folder`, on 127.0.0.1:`port`."""

    def __init__(self, folder: Path, port: int):
        self.folder = folder
        self.data = folder / "data"
        self.port = port
        self.running = False

    @property
    def url(self) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/naeringshage"

    def exists(self) -> bool:
        return (self.data / "PG_VERSION").exists()

    def create(self) -> None:
        if self.folder.exists():
            shutil.rmtree(self.folder)
        self.folder.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        _run(
            _as_postgres(
                [str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres"]
            ),
            stdout=subprocess.DEVNULL,
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses={HOST} "
            "-c shared_buffers=512MB -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off"
        )
        _run(
            _as_postgres(
                [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"),
                 "-o", options, "-w", "start"]
            ),
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        self.running = True

    def create_database(self) -> None:
        _run(
            _as_postgres(
                [str(PG_BIN / "createdb"), "-h", HOST, "-p", str(self.port), "naeringshage"]
            )
        )

    def stop(self) -> None:
        if not self.running:
            return
        subprocess.run(  # noqa: S603 - fixed command
            _as_postgres(
                [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]
            ),
            stdout=subprocess.DEVNULL,
            check=False,
        )
        self.running = False


def django_env(database_url: str, web_port: int, secret_key: str) -> dict[str, str]:
    """Production-like settings: DEBUG off, a real secret key, PostgreSQL."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DEBUG="false",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS=f"{HOST},localhost,testserver",
        HOST=HOST,
        PORT=str(web_port),
        LOG_LEVEL="WARNING",
        ENV_FILE=os.devnull,
    )
    return env


def manage(env: dict[str, str], *arguments: str) -> None:
    _run([str(PYTHON), "manage.py", *arguments], cwd=ROOT, env=env)


def prepare_data(args, env: dict[str, str], cluster: Cluster, cache: Path) -> dict:
    """Migrate, and generate the data set unless the cached cluster has it already."""
    stamp = cache / "generated.json"
    fresh = args.fresh or not cluster.exists() or not stamp.exists()
    if fresh:
        log(f"Creating a PostgreSQL cluster in {cluster.folder} …")
        cluster.create()
    cluster.start()
    if fresh:
        cluster.create_database()
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    if not fresh:
        info = json.loads(stamp.read_text())
        log(
            f"Reusing the {info['scale']} data set (seed {info['seed']}, generated in "
            f"{info['seconds']:.0f} s); --fresh makes it again."
        )
        return info
    manage(env, "load_reference_data", "--verbosity", "0")
    log(f"Generating the {args.scale} data set (seed {args.seed}) …")
    started = time.monotonic()
    manage(
        env, "generate_data", f"--scale={args.scale}", f"--seed={args.seed}",
        "--i-know-this-is-test-data",
    )  # fmt: skip
    info = {"scale": args.scale, "seed": args.seed, "seconds": time.monotonic() - started}
    with subprocess.Popen(  # noqa: S603 - fixed command
        _as_postgres([str(PG_BIN / "psql"), "-h", HOST, "-p", str(cluster.port), "-At", "-c",
                      "VACUUM ANALYZE", "naeringshage"]),
        stdout=subprocess.DEVNULL,
    ) as vacuum:  # fmt: skip
        vacuum.wait()
    stamp.write_text(json.dumps(info))
    return info


def stop_group(process: subprocess.Popen | None) -> None:
    """End a process started in its own session, and its children: SIGTERM, then
    SIGKILL after 35 s."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=35)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


class Gunicorn:
    def __init__(self, env: dict[str, str], port: int, logfile: Path):
        self.env = env
        self.port = port
        self.logfile = logfile
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.logfile.open("w") as out:
            self.process = subprocess.Popen(  # noqa: S603 - fixed command
                [str(VENV_BIN / "gunicorn"), "-c", "gunicorn.conf.py", "--access-logfile", "-"],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, stopped as one
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _body, _h = request("GET", self.port, "/healthz")
                if status == 200 and len(self.workers()) >= int(
                    self.env.get("WEB_CONCURRENCY", "2")
                ):
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped; see {self.logfile}")
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer /healthz in 60 s; see {self.logfile}")

    def workers(self) -> list[int]:
        if self.process is None:
            return []
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except OSError:
            return []

    def stop(self) -> None:
        stop_group(self.process)


class TaskWorker:
    """The task worker (manage.py db_worker) beside gunicorn: it makes the prepared files
    (the long XLSX, the report's PDF) that the export requests only queue."""

    def __init__(self, env: dict[str, str], logfile: Path):
        self.env = env
        self.logfile = logfile
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.logfile.open("w") as out:
            self.process = subprocess.Popen(  # noqa: S603 - fixed command
                [str(VENV_BIN / "python"), "manage.py", "db_worker", "--no-reload",
                 "--interval=0.05", "--no-startup-delay"],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def pids(self) -> list[int]:
        return [self.process.pid] if self.process and self.process.poll() is None else []

    def stop(self) -> None:
        stop_group(self.process)


def memory_kb(pid: int) -> dict[str, int]:
    values = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmRSS:", "VmHWM:")):
                name, amount, _unit = line.split()
                values[name.rstrip(":")] = int(amount)
    except OSError:
        pass
    return values


@dataclass
class Export:
    label: str
    path: str
    status: int = 0
    seconds: float = 0.0
    size: int = 0
    rows: int | None = None
    peak_mb: float = 0.0
    note: str = ""


def _follow_prepared_file(port: int, cookie: str, location: str):
    """A prepared file's page: poll its progress until it is made, then download it.
    Returns the download's (status, body)."""
    match = re.search(r"/files/(\d+)/$", location)
    if match is None:
        return 302, b""
    base = f"/files/{match.group(1)}/"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        status, body, _h = request("GET", port, base + "progress.json", headers={"Cookie": cookie})
        state = json.loads(body) if status == 200 else {}
        if state.get("finished"):
            if state.get("status") != "done":
                return 500, state.get("error", "").encode()
            status, body, _h = request(
                "GET", port, state["download_url"], headers={"Cookie": cookie}
            )
            return status, body
        time.sleep(0.05)
    return 504, b""


def copy_floor(database_url: str, naeringshage_pk: int, year: int | None) -> float:
    """Seconds PostgreSQL's own COPY takes to write the services a CSV export holds (the
    næringshage's, not voided, of `year` or of every year, in the export's order): the
    limit the CSV is measured against. The fastest of three."""
    import psycopg2

    where = f"naeringshage_id = {int(naeringshage_pk)} AND voided_at IS NULL"
    if year is not None:
        where += f" AND date >= '{int(year)}-01-01' AND date < '{int(year) + 1}-01-01'"
    statement = (
        f"COPY (SELECT * FROM funding_pricedservice WHERE {where} ORDER BY date, id) "  # noqa: S608
        "TO STDOUT WITH (FORMAT csv, DELIMITER ';')"
    )

    class Sink:
        def write(self, data) -> int:
            return len(data)

    connection = psycopg2.connect(database_url)
    try:
        best = float("inf")
        for _ in range(3):
            with connection.cursor() as cursor:
                started = time.perf_counter()
                cursor.copy_expert(statement, Sink(), size=65536)
                best = min(best, time.perf_counter() - started)
        return best
    finally:
        connection.close()


def export(
    gunicorn: Gunicorn, worker: TaskWorker, cookie: str, label: str, path: str, rows: int | None
) -> Export:
    """One request, read to the end (a prepared file followed to its download), while the
    memory of gunicorn's workers and of the task worker is sampled."""
    result = Export(label, path, rows=rows)
    idle = {pid: memory_kb(pid).get("VmRSS", 0) for pid in gunicorn.workers() + worker.pids()}
    peaks = dict(idle)
    done = threading.Event()

    def sample():
        while not done.is_set():
            for pid in idle:
                peaks[pid] = max(peaks[pid], memory_kb(pid).get("VmRSS", 0))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.perf_counter()
    try:
        status, body, headers = request("GET", gunicorn.port, path, headers={"Cookie": cookie})
        if status == 302 and "/files/" in headers.get("Location", ""):
            result.note = "task worker"
            status, body = _follow_prepared_file(gunicorn.port, cookie, headers["Location"])
    finally:
        result.seconds = time.perf_counter() - started
        done.set()
        sampler.join()
    result.status = status
    result.size = len(body)
    if path.split("?")[0].endswith(".csv") and status == 200:
        result.rows = body.count(b"\n") - 1  # less the header
    for pid, before in idle.items():
        hwm = memory_kb(pid).get("VmHWM", 0)
        result.peak_mb = max(result.peak_mb, (max(peaks[pid], hwm) - before) / 1024)
    return result


# --- Queries per request ---------------------------------------------------------------


def measure_queries(paths: list[str]) -> None:
    """Child process: each page once through Django's test client, counting queries.
    Prints one JSON object: {"ids": …, "pages": {path: {status, queries, ms}}}."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naeringshage.settings")
    import django

    django.setup()
    import django_otp
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.http import HttpRequest
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from demo.two_factor import demo_authenticator_app_set

    user = get_user_model().objects.get(username=MANAGER)
    client = Client()
    client.force_login(user)
    # Verify the session with the manager's app, as a right code does.
    request = HttpRequest()
    request.session = client.session
    request.user = user
    django_otp.login(request, demo_authenticator_app_set(user=user))
    request.session.save()
    from programmes import page_cache
    from programmes.scoping import staff_naeringshage

    naeringshage = staff_naeringshage(user)

    def measure(path: str) -> tuple[int, float]:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path)
            if getattr(response, "streaming", False):
                for _chunk in response.streaming_content:
                    pass
            elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code} to the query count")
        return len(queries.captured_queries), round(elapsed * 1000, 1)

    pages = {}
    for path in paths:
        client.get(path)  # warm
        # A change to the næringshage's data: the page is made again, as after any write.
        page_cache.mark_changed([naeringshage.pk])
        made_queries, made_ms = measure(path)
        queries, ms = measure(path)  # then served from the page cache
        pages[path] = {
            "status": 200,
            "queries": queries,
            "ms": ms,
            "made_queries": made_queries,
            "made_ms": made_ms,
        }
    print(json.dumps({"pages": pages}))


def bench_ids(env: dict[str, str]) -> dict:
    """The ids the page paths need: the busiest company of leder-01's næringshage, a
    municipality and a service type with services in the year. On the way (one Django
    start) it reopens OPEN_YEAR if an older run closed it."""
    script = f"""
import json, django
django.setup()
from django.db.models import Count
from funding.models import PricedService
from programmes.models import StaffMembership
from demo.two_factor import demo_authenticator_app_set
membership = StaffMembership.objects.select_related("user").get(user__username={MANAGER!r})
demo_authenticator_app_set(user=membership.user)  # data generated before two-factor login
nh = membership.naeringshage
from funding.services.closing import year_reopen
from reports.snapshots import standing_closing
if standing_closing(naeringshage=nh, year={OPEN_YEAR}) is not None:
    year_reopen(naeringshage=nh, year={OPEN_YEAR}, reopened_by=membership.user,
                reason="make bench: the open year's report")
services = PricedService.objects.counted().filter(naeringshage=nh)
busiest = services.values("company").annotate(n=Count("id")).order_by("-n", "company")[0]
from programmes.models import Company
writers_companies = list(
    Company.objects.for_naeringshage(nh).order_by("pk").values_list("pk", flat=True)[:{WRITERS}]
)
in_year = services.filter(date__year={YEAR})
print(json.dumps({{
    "company": busiest["company"],
    "company_services": busiest["n"],
    "writers_companies": writers_companies,
    "municipality": in_year.values_list("company__municipality", flat=True).first(),
    "service_type": in_year.values_list("service_type", flat=True).first(),
    "services_in_year": in_year.count(),
    "services_all": services.count(),
    "naeringshage": nh.name,
    "slug": nh.slug,
    "pk": nh.pk,
}}))
"""
    env = {**env, "DJANGO_SETTINGS_MODULE": "naeringshage.settings"}
    output = subprocess.run(  # noqa: S603 - fixed command
        [str(PYTHON), "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def query_counts(env: dict[str, str], paths: list[str]) -> dict:
    output = subprocess.run(  # noqa: S603 - fixed command
        [str(PYTHON), str(Path(__file__).resolve()), "--measure-queries", *paths],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])["pages"]


# --- The run ---------------------------------------------------------------------------


class Changes:
    """While in use, raises the næringshage's data version every `every` seconds, as a
    committed write does (a service recorded, a company edited): each time, every
    cached page of the næringshage is made again."""

    def __init__(self, database_url: str, slug: str, every: float | None):
        self.database_url, self.slug, self.every = database_url, slug, every
        self.done = threading.Event()
        self.count = 0

    def _run(self) -> None:
        import psycopg2

        with psycopg2.connect(self.database_url) as connection:
            connection.autocommit = True
            with connection.cursor() as cursor:
                while not self.done.wait(self.every):
                    cursor.execute(RENEW_EVERYTHING, [self.slug])
                    self.count += 1

    def __enter__(self):
        if self.every:
            self.thread = threading.Thread(target=self._run, daemon=True)
            self.thread.start()
        return self

    def __exit__(self, *_exc):
        self.done.set()
        if self.every:
            self.thread.join()


def pages(ids: dict) -> list[tuple[str, str, float, float | None]]:
    """(label, path, budget as a share of the floor, seconds between changes or None)."""
    return [
        ("floor: /healthz", "/healthz", 1.0, None),
        ("dashboard", f"/dashboard/?year={YEAR}", PAGE_BUDGET, None),
        ("companies list", "/companies/", PAGE_BUDGET, None),
        ("companies search name", "/companies/?q=fjell", PAGE_BUDGET, None),
        ("companies search orgnr", "/companies/?q=912", PAGE_BUDGET, None),
        ("company detail (busiest)", f"/companies/{ids['company']}/", PAGE_BUDGET, None),
        ("services list", "/services/", PAGE_BUDGET, None),
        ("services, year", f"/services/?year={YEAR}", PAGE_BUDGET, None),
        (
            "services, year+filters",
            f"/services/?year={YEAR}&month=3&municipality={ids['municipality']}"
            f"&service_type={ids['service_type']}",
            PAGE_BUDGET,
            None,
        ),
        ("services, page 100", f"/services/?year={YEAR}&page=100", PAGE_BUDGET, None),
        ("annual report", f"/reports/annual/?year={YEAR}", ANNUAL_BUDGET, None),
        ("annual report, open year", f"/reports/annual/?year={OPEN_YEAR}", ANNUAL_BUDGET, None),
        ("funding overview", f"/funding/?year={YEAR}", PAGE_BUDGET, None),
        ("events list", f"/events/?year={YEAR}", PAGE_BUDGET, None),
        # As above, while the data changes every second: the page is made again each time.
        ("services, year, changing", f"/services/?year={YEAR}", PAGE_BUDGET, 1.0),
        ("annual report, changing", f"/reports/annual/?year={YEAR}", ANNUAL_BUDGET, 1.0),
    ]


def exports(ids: dict) -> list[tuple[str, str, int | None]]:
    return [
        (f"services {YEAR} CSV", f"/services/export.csv?year={YEAR}", ids["services_in_year"]),
        (f"services {YEAR} XLSX", f"/services/export.xlsx?year={YEAR}", ids["services_in_year"]),
        ("services all years CSV", "/services/export.csv", ids["services_all"]),
        ("services all years XLSX", "/services/export.xlsx", ids["services_all"]),
        (f"annual report {YEAR} XLSX", f"/reports/annual/export.xlsx?year={YEAR}", None),
        (f"annual report {YEAR} PDF", f"/reports/annual/export.pdf?year={YEAR}", None),
    ]


def mixed_paths(ids: dict) -> list[str]:
    """A working day's pages of the open year, read in turn while colleagues record its
    services: every write renews each of them."""
    return [
        f"/dashboard/?year={OPEN_YEAR}",
        "/companies/",
        f"/companies/{ids['company']}/",
        f"/services/?year={OPEN_YEAR}",
        f"/events/?year={OPEN_YEAR}",
        f"/funding/?year={OPEN_YEAR}",
        f"/reports/annual/?year={OPEN_YEAR}",
    ]


def remove_written(database_url: str, slug: str) -> int:
    """Takes the services the bench's writers recorded (and their history) out again, so
    the data set stays as generated; every topic of the næringshage renewed. Returns how
    many there were."""
    import psycopg2

    with psycopg2.connect(database_url) as connection, connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM funding_historicalpricedservice WHERE id IN "
            "(SELECT id FROM funding_pricedservice WHERE description = %s)",
            [WRITTEN],
        )
        cursor.execute("DELETE FROM funding_pricedservice WHERE description = %s", [WRITTEN])
        removed = cursor.rowcount
        cursor.execute(RENEW_EVERYTHING, [slug])
    return removed


def writes_while_reading(args, cookie: str, ids: dict, database_url: str) -> list[str]:
    """USERS users on the open year's pages: first all of them reading, then WRITERS of
    them each recording a service every WRITE_EVERY seconds. Prints both and returns
    what failed."""
    paths = mixed_paths(ids)
    log(
        f"{USERS} users on {len(paths)} pages of {OPEN_YEAR} in turn, {args.seconds:g} s each "
        f"way; then {WRITERS} of them each record a service every {WRITE_EVERY:g} s:"
    )
    log(f"{'':<26} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'writes':>7} {'write p50':>10}")
    writers = [
        ServiceWriter(args.web_port, cookie, company, f"15.06.{OPEN_YEAR}", WRITTEN)
        for company in ids["writers_companies"]
    ]
    failures, rows = [], []
    for label, count in (("all reading", 0), (f"{WRITERS} writing", WRITERS)):
        for path in paths:  # each page made once, and cached, before the users come
            request("GET", args.web_port, path, headers={"Cookie": cookie})
        reads, writes = mixed(
            args.web_port, cookie, paths,
            readers=USERS - count, writers=writers[:count],
            write_every=WRITE_EVERY, seconds=args.seconds, reuse=args.reuse,
        )  # fmt: skip
        rows.append(reads)
        if reads.errors or writes.errors:
            failures.append(f"{label} ({reads.errors} read and {writes.errors} write errors)")
        write_p50 = f"{writes.percentile(0.5) * 1000:8.1f}" if writes.latencies else "–"
        log(
            f"  {label:<24} {reads.rate:8.1f} {reads.percentile(0.5) * 1000:8.1f} "
            f"{reads.percentile(0.99) * 1000:8.1f} {len(writes.latencies):>7} {write_p50:>10}"
            + (f"  errors {sorted(reads.statuses | writes.statuses)}" if failures else "")
        )
    still, writing = rows
    log(
        f"  pages served while writing: {writing.rate / still.rate if still.rate else 0:.2f} "
        f"of those while all read; {remove_written(database_url, ids['slug'])} services "
        "recorded by the writers taken out again."
    )
    return failures


def two_servers(database_url: str) -> tuple[bool, float]:
    """The two-server test (tests/test_two_servers.py: two gunicorns through PgBouncer,
    one Redis, a task worker) against the bench's PostgreSQL, in a database of its own."""
    started = time.monotonic()
    result = subprocess.run(  # noqa: S603 - fixed command
        [str(PYTHON), "-m", "pytest", "tests/test_two_servers.py", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url, "REQUIRE_SERVER_TESTS": "1"},
        capture_output=True,
        text=True,
    )  # fmt: skip
    if result.returncode:
        log(result.stdout[-3000:] + result.stderr[-2000:])
    return result.returncode == 0, time.monotonic() - started


def _mark(ok: bool) -> str:
    return "ok" if ok else "FAIL"


def run(args) -> int:
    cache = ROOT / ".bench" / f"{args.scale}-seed{args.seed}"
    cache.mkdir(parents=True, exist_ok=True)
    ignore = ROOT / ".bench" / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# The benchmark's PostgreSQL cluster and logs: never committed.\n*\n")
    cluster = Cluster(cache / "pg", args.db_port)
    env = django_env(cluster.url, args.web_port, secrets.token_urlsafe(64))
    env["WEB_CONCURRENCY"] = str(args.workers)
    env["GUNICORN_THREADS"] = str(args.threads)
    gunicorn = Gunicorn(env, args.web_port, cache / "gunicorn.log")
    worker = TaskWorker(env, cache / "worker.log")
    try:
        info = prepare_data(args, env, cluster, cache)
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        ids = bench_ids(env)
        log(f"Closing {ids['slug']}'s years 2016–{LAST_CLOSED_YEAR} (if not yet closed) …")
        manage(env, "close_years", ids["slug"], "2016", str(LAST_CLOSED_YEAR), "--as", MANAGER)
        plan = pages(ids)
        log(
            f"Data: {info['scale']} (seed {info['seed']}); {MANAGER} works for "
            f"{ids['naeringshage']}: {ids['services_all']} services, {ids['services_in_year']} "
            f"in {YEAR}; busiest company {ids['company_services']} services."
        )
        log("Counting queries per page (Django test client, same database) …")
        counts = query_counts(env, sorted({path for _l, path, _b, _c in plan}))
        gunicorn.start()
        worker.start()
        cookie = login(args.web_port, MANAGER, MANAGER_PASSWORD)
        workers_at_start = gunicorn.workers()
        idle_mb = {pid: memory_kb(pid).get("VmRSS", 0) / 1024 for pid in workers_at_start}
        log(
            f"gunicorn: {args.workers} workers × {args.threads} threads; load: "
            f"{args.concurrency} keep-alive connections of {args.reuse} requests each, "
            f"{args.seconds:g} s a page."
        )
        results = []
        for label, path, budget, changes_every in plan:
            load_of = (args.web_port, cookie, label, path)
            with Changes(cluster.url, ids["slug"], changes_every) as changes:
                drive(*load_of, min(1.0, args.seconds), args.concurrency, args.reuse)  # warm-up
                load = drive(*load_of, args.seconds, args.concurrency, args.reuse)
            results.append((load, budget))
            log(
                f"  {label:<26} {load.rate:8.1f} req/s  p50 {load.percentile(0.5) * 1000:7.1f} ms"
                f"  p99 {load.percentile(0.99) * 1000:7.1f} ms"
                + (f"  errors {load.errors} {sorted(load.statuses)}" if load.errors else "")
                + (f"  ({changes.count} changes)" if changes_every else "")
            )
        floor = results[0][0]
        log("")
        log(
            f"{'page':<26} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'×floor':>7} "
            f"{'queries':>7} {'budget':>7}  verdict   {'made: ms':>8} {'queries':>7}"
        )
        failures = []
        for load, budget in results:
            ratio = load.rate / floor.rate if floor.rate else 0.0
            p99_ok = load.percentile(0.99) <= P99_FACTOR * floor.percentile(0.99)
            ok = ratio >= budget and p99_ok and load.errors == 0
            count = counts.get(load.path, {})
            queries = count.get("queries", "?")
            if not ok:
                failures.append(load.label)
            log(
                f"{load.label:<26} {load.rate:8.1f} {load.percentile(0.5) * 1000:8.1f} "
                f"{load.percentile(0.99) * 1000:8.1f} {ratio:7.2f} {queries!s:>7} "
                f"{budget:7.2f}  {_mark(ok):<4}"
                + ("" if p99_ok else " (p99)")
                + (f" ({load.errors} errors)" if load.errors else "")
                + f"    {count.get('made_ms', '?')!s:>8} {count.get('made_queries', '?')!s:>7}"
            )
        log(
            "queries: per request as measured (served from the page cache where the page "
            "has one); made: one request just after a change to the næringshage's data, "
            "in process, without load."
        )
        log("")
        failures += writes_while_reading(args, cookie, ids, cluster.url)
        log("")
        log(
            f"{'export':<26} {'status':>6} {'s':>7} {'rows':>8} {'rows/s':>9} {'MB':>7} "
            f"{'peak MB':>8} {'limit':>14}"
        )
        for label, path, rows in exports(ids):
            result = export(gunicorn, worker, cookie, label, path, rows)
            if result.status == 404:
                log(f"{label:<26} {'404':>6}  skipped: not built yet ({path})")
                continue
            rows = result.rows if result.rows is not None else rows
            rate = rows / result.seconds if rows and result.seconds else None
            verdicts = []
            if result.status != 200:
                verdicts.append(f"status {result.status}")
            if result.peak_mb > EXPORT_MB:
                verdicts.append("memory")
            one_year_csv = label == f"services {YEAR} CSV"
            if one_year_csv and rate and rate < CSV_ROWS_PER_SECOND:
                verdicts.append("rows/s")
            limit = "–"
            if label.startswith("services") and label.endswith("CSV"):
                year = YEAR if one_year_csv else None
                floor_seconds = copy_floor(cluster.url, ids["pk"], year)
                share = floor_seconds / result.seconds if result.seconds else 0.0
                limit = f"{share:.2f} of COPY"
                if share < CSV_OF_COPY:
                    verdicts.append("COPY share")
            if label.startswith("services") and label.endswith("XLSX"):
                limit = f"{result.seconds / XLSX_SECONDS:.2f} of {XLSX_SECONDS} s"
                if result.seconds > XLSX_SECONDS:
                    verdicts.append("time")
            if label.endswith("PDF"):
                limit = f"{result.seconds / PDF_SECONDS:.2f} of {PDF_SECONDS} s"
                if result.seconds > PDF_SECONDS:
                    verdicts.append("time")
            if verdicts:
                failures.append(label)
            log(
                f"{label:<26} {result.status:>6} {result.seconds:7.2f} "
                f"{rows if rows is not None else '–':>8} "
                f"{(f'{rate:,.0f}' if rate else '–'):>9} {result.size / 1e6:7.1f} "
                f"{result.peak_mb:8.1f} {limit:>14}  {_mark(not verdicts)} {' '.join(verdicts)}"
                + (f" ({result.note})" if result.note else "")
            )
        log("")
        log("gunicorn workers' memory (MB):")
        for pid in gunicorn.workers():
            memory = memory_kb(pid)
            rss, hwm = memory.get("VmRSS", 0) / 1024, memory.get("VmHWM", 0) / 1024
            since = "since start" if pid in idle_mb else "restarted (max_requests)"
            ok = rss <= WORKER_MB
            if not ok:
                failures.append(f"worker {pid} memory")
            idle = f"idle {idle_mb[pid]:.0f}, " if pid in idle_mb else ""
            log(f"  worker {pid}: {idle}now {rss:.0f}, peak {hwm:.0f} ({since})  {_mark(ok)}")
        log("")
        passed, seconds = two_servers(cluster.url)
        log(f"Two servers (tests/test_two_servers.py): {_mark(passed)} in {seconds:.0f} s.")
        if not passed:
            failures.append("two servers")
        log("")
        if failures:
            log(f"Budgets not met: {', '.join(failures)}.")
        else:
            log("Every budget is met.")
        return 0
    finally:
        worker.stop()
        gunicorn.stop()
        cluster.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="national", choices=["demo", "region", "national"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=10.0, help="load time per page")
    parser.add_argument("--concurrency", type=int, default=8, help="keep-alive connections")
    parser.add_argument(
        "--reuse", type=int, default=100, help="requests per connection before a new one"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--db-port", type=int, default=54611)
    parser.add_argument("--web-port", type=int, default=8611)
    parser.add_argument("--fresh", action="store_true", help="generate the data set again")
    parser.add_argument("--measure-queries", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_queries is not None:
        measure_queries(args.measure_queries)
        return 0

    def stop(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, stop)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
