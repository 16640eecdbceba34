"""Two servers, one database, one truth: two gunicorn instances on two ports, each
talking to PostgreSQL through PgBouncer in transaction pooling, sharing one Redis as
their cache and one folder for prepared files, with a task worker beside them.

A page cached by one is renewed at once by a write through the other; an export asked
for on one is made by the worker and downloaded from the other; the services are
recorded through PgBouncer by the central transaction.

Runs on PostgreSQL (DATABASE_URL=postgres://…), in a database of its own that it drops
afterwards. Needs Debian's pgbouncer and redis-server: without them it is skipped with
what to install, and with REQUIRE_SERVER_TESTS=1 (set by .ci/run) that is a failure.
"""

import http.cookiejar
import io
import json
import os
import re
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import psycopg2
import pytest
import redis
from django.conf import settings

from tests.isolated import ROOT, environment, run_manage, run_python
from tests.servers import free_port, missing, redis_server, stop

PGBOUNCER = Path("/usr/sbin/pgbouncer")
GUNICORN = Path(sys.executable).parent / "gunicorn"
HOST = "127.0.0.1"
ADVISER, PASSWORD = "radgiver", "to-servere-" + secrets.token_hex(4)
SERVICES = 12  # above PREPARED_FILE_ROWS (10): the XLSX is the worker's
# Through PgBouncer: an adviser of Rørosregionen, two companies, and services recorded by
# the central transaction (funding.services.service_record: locks, frame, split).
RECORD = f"""
from datetime import date
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from accounts import roles
from funding.services import service_record
from programmes.models import Naeringshage, ServiceType
from programmes.services import staff_membership_set
from tests.funding.conftest import draft_for
from tests.programmes.factories import make_company
roros = Naeringshage.objects.get(slug="rorosregionen")
user = get_user_model().objects.create_user({ADVISER!r}, password={PASSWORD!r})
user.groups.add(Group.objects.get(name=roles.ADVISER))
staff_membership_set(user=user, naeringshage=roros)
companies = [make_company(roros, 1, name="Fjellbakst AS"), make_company(roros, 2)]
advice = ServiceType.objects.get(slug="radgivning")
for day in range(1, {SERVICES} + 1):
    draft = draft_for(companies[day % 2], user, advice, date=date(2016, 3, day))
    service_record(draft=draft, recorded_by=user)
"""


def _postgres() -> dict:
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("The two-server test runs on PostgreSQL (DATABASE_URL=postgres://…)")
    return database


def _wait_for(check, what: str, log: Path | None = None, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if check():
                return
        except (OSError, urllib.error.URLError):
            pass
        if time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
            pytest.fail(f"{what} did not start in time\n{tail}", pytrace=False)
        time.sleep(0.2)


@contextmanager
def _database(postgres: dict):
    """A database of the test's own on the suite's PostgreSQL server, dropped after."""
    name = f"naeringshage_two_{secrets.token_hex(4)}"
    admin = psycopg2.connect(
        host=postgres["HOST"] or "127.0.0.1",
        port=postgres["PORT"] or 5432,
        user=postgres["USER"],
        password=postgres["PASSWORD"] or None,
        dbname="postgres",
    )
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield name
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.close()


@contextmanager
def _pgbouncer(folder: Path, postgres: dict, database: str):
    """PgBouncer in transaction pooling before `database`; yields its port."""
    port = free_port()
    password = f" password={postgres['PASSWORD']}" if postgres["PASSWORD"] else ""
    config = folder / "pgbouncer.ini"
    config.write_text(
        "[databases]\n"
        f"naeringshage = host={postgres['HOST'] or '127.0.0.1'} port={postgres['PORT'] or 5432}"
        f" dbname={database} user={postgres['USER']}{password}\n"
        "[pgbouncer]\n"
        f"listen_addr = {HOST}\nlisten_port = {port}\nunix_socket_dir =\n"
        "auth_type = any\npool_mode = transaction\n"
        "max_client_conn = 200\ndefault_pool_size = 6\n"
        # psycopg2 sends no other startup parameter; Django's SET TIME ZONE is tracked.
        "ignore_startup_parameters = extra_float_digits\n"
    )
    config.chmod(0o644)
    command = [str(PGBOUNCER), str(config)]
    if os.geteuid() == 0:
        command[1:1] = ["-u", "nobody"]  # it refuses to run as root
    log = folder / "pgbouncer.log"
    with log.open("wb") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    try:
        import socket

        def listening() -> bool:
            with socket.create_connection((HOST, port), timeout=1):
                return True

        _wait_for(listening, "pgbouncer", log)
        yield port
    finally:
        stop(process, signal.SIGINT)


@dataclass
class Servers:
    a: str
    b: str
    redis_url: str
    media: Path


@pytest.fixture(scope="module")
def servers():
    postgres = _postgres()
    for binary, package in (
        (PGBOUNCER, "pgbouncer"),
        (Path("/usr/bin/redis-server"), "redis-server"),
    ):
        if not binary.exists() and not shutil.which(binary.name):
            missing(f"The two-server test needs {binary.name} (apt-get install {package})")
    with ExitStack() as stack:
        folder = Path(tempfile.mkdtemp(prefix="naeringshage-two-"))
        stack.callback(shutil.rmtree, folder, ignore_errors=True)
        folder.chmod(folder.stat().st_mode | stat.S_IRWXU | stat.S_IROTH | stat.S_IXOTH)
        database = stack.enter_context(_database(postgres))
        redis_url = stack.enter_context(redis_server(folder))
        bouncer = stack.enter_context(_pgbouncer(folder, postgres, database))
        user = (
            f"{postgres['USER']}:{postgres['PASSWORD']}"
            if postgres["PASSWORD"]
            else postgres["USER"]
        )
        server = f"{postgres['HOST'] or '127.0.0.1'}:{postgres['PORT'] or 5432}"
        direct = f"postgres://{user}@{server}/{database}"
        variables = {
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": HOST,
            "DATABASE_URL": f"postgres://{user}@{HOST}:{bouncer}/naeringshage",
            "DATABASE_TRANSACTION_POOLING": "true",
            "CACHE_URL": redis_url,
            "MEDIA_ROOT": str(folder / "media"),
            "STATIC_ROOT": str(folder / "static"),  # collected below, as a release does
            "PREPARED_FILE_ROWS": "10",
            "WEB_CONCURRENCY": "1",
            "GUNICORN_THREADS": "4",
            "HOST": HOST,
        }
        # A release migrates once, straight to PostgreSQL; the rest goes through PgBouncer.
        migrated = run_manage(
            "migrate", "--noinput", "--verbosity", "0", **{**variables, "DATABASE_URL": direct}
        )
        assert migrated.returncode == 0, migrated.stderr
        collected = run_manage("collectstatic", "--noinput", "--verbosity", "0", **variables)
        assert collected.returncode == 0, collected.stderr[-3000:]
        loaded = run_manage("load_reference_data", **variables)
        assert loaded.returncode == 0, loaded.stderr[-3000:]
        recorded = run_python(RECORD, **variables)
        assert recorded.returncode == 0, recorded.stderr[-3000:]
        urls = []
        for name in ("a", "b"):
            port = free_port()
            log = folder / f"gunicorn-{name}.log"
            with log.open("wb") as output:
                process = subprocess.Popen(
                    [str(GUNICORN), "-c", "gunicorn.conf.py"],
                    cwd=ROOT,
                    env=environment(**variables, PORT=str(port)),
                    stdout=output,
                    stderr=subprocess.STDOUT,
                )
            stack.callback(stop, process, signal.SIGINT)
            url = f"http://{HOST}:{port}"
            _wait_for(
                lambda url=url: urllib.request.urlopen(url + "/healthz", timeout=2).status == 200,
                f"gunicorn {name}",
                log,
            )
            urls.append(url)
        worker_log = folder / "worker.log"
        with worker_log.open("wb") as output:
            worker = subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "db_worker",
                    "--no-reload",
                    "--interval=0.2",
                    "--no-startup-delay",
                ],
                cwd=ROOT,
                env=environment(**variables),
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        stack.callback(stop, worker)
        yield Servers(a=urls[0], b=urls[1], redis_url=redis_url, media=folder / "media")


# --- A browser by hand: cookies, forms ------------------------------------------------


class _Forms(HTMLParser):
    """Every form's action and its fields' values, as a browser would post them."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "action": attrs.get("action") or "",
                    "method": attrs.get("method", "get"),
                    "fields": {},
                }
            )
        elif not self.forms:
            return
        elif tag == "input" and attrs.get("name"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            if attrs.get("type") in ("submit", "button"):
                return
            self.forms[-1]["fields"][attrs["name"]] = attrs.get("value") or ""
        elif tag == "textarea" and attrs.get("name"):
            self._select = None
            self.forms[-1]["fields"][attrs["name"]] = ""
            self._textarea = attrs["name"]
        elif tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
            self.forms[-1]["fields"].setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.forms[-1]["fields"][self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        name = getattr(self, "_textarea", None)
        if name and self.forms:
            self.forms[-1]["fields"][name] += data


class Visitor:
    """One person's browser: one cookie jar, whichever server it asks."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str):
        response = self.opener.open(url, timeout=30)
        return response.geturl(), response.read()

    def post_form(self, url: str, changes: dict[str, str]):
        """Open the page at `url`, change fields of its form (the last that has them
        all: the header's forms come first) and post it as a browser would."""
        page = self.get(url)[1].decode()
        parser = _Forms()
        parser.feed(page)
        form = next(f for f in reversed(parser.forms) if set(changes) <= set(f["fields"]))
        fields = {**form["fields"], **changes}
        action = urllib.parse.urljoin(url, form["action"] or url)
        request = urllib.request.Request(
            action, data=urllib.parse.urlencode(fields).encode(), headers={"Referer": url}
        )
        response = self.opener.open(request, timeout=60)
        return response.geturl(), response.read()


def _text(html: bytes) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html.decode()).split())


def test_a_write_on_one_server_is_seen_at_once_on_the_others_cached_pages(servers):
    adviser = Visitor()
    landed, _page = adviser.post_form(
        servers.a + "/accounts/login/", {"username": ADVISER, "password": PASSWORD}
    )
    assert landed == servers.a + "/"
    # One session for both servers (it is in the database).
    _url, companies = adviser.get(servers.b + "/companies/")
    match = re.search(r'href="/companies/(\d+)/">([^<]+)</a>', companies.decode())
    assert match, "no company on the list"
    pk, name = match.group(1), match.group(2)
    client = redis.Redis.from_url(servers.redis_url)
    assert client.keys("naeringshage-pages:*"), "server b keeps its pages in the shared Redis"

    renamed = f"Omdøpt {secrets.token_hex(3)} AS"
    landed, _page = adviser.post_form(servers.a + f"/companies/{pk}/edit/", {"name": renamed})
    assert landed == servers.a + f"/companies/{pk}/"

    _url, again = adviser.get(servers.b + "/companies/")
    assert f'href="/companies/{pk}/">{renamed}</a>' in again.decode()
    assert f'href="/companies/{pk}/">{name}</a>' not in again.decode()


def test_an_export_asked_for_on_one_server_is_downloaded_from_the_other(servers):
    adviser = Visitor()
    adviser.post_form(servers.a + "/accounts/login/", {"username": ADVISER, "password": PASSWORD})
    landed, page = adviser.get(servers.a + "/services/export.xlsx")
    match = re.fullmatch(re.escape(servers.a) + r"/files/(\d+)/", landed)
    assert match, landed
    assert "Tjenester som XLSX" in _text(page)
    progress = servers.b + f"/files/{match.group(1)}/progress.json"
    deadline = time.monotonic() + 60
    while not (state := json.loads(adviser.get(progress)[1]))["finished"]:
        assert time.monotonic() < deadline, state
        time.sleep(0.3)
    assert state["status"] == "done", state
    _url, content = adviser.get(servers.b + state["download_url"])
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet.max_row - 1 == state["rows_total"] == SERVICES  # every row and the header
    assert list(servers.media.rglob("*.xlsx")), "the file is in the shared folder"
