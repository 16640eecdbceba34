"""The product behind nginx as shipped: deploy/nginx/ in front of gunicorn.conf.py.

Slow clients (issue 13, item 9): a gunicorn thread reads a request's body itself, so
eight clients that each send half a form post hold gunicorn's eight threads and
/healthz waits. nginx reads the whole body before it passes the request on
(`proxy_request_buffering`), so the same eight cost gunicorn nothing.

The nginx run here is made from the shipped files: the site with its ports, certificate
and static folder swapped for the test's (each swap must find its line, so a changed
site fails here rather than being tested half), and the proxy snippet included as it
is. gunicorn runs with the production settings the README's "Drift" documents, on a
migrated SQLite file of its own.

Needs Debian's nginx at /usr/sbin/nginx and openssl (for a throwaway certificate):
without them these tests are skipped with a message saying what to install, and with
REQUIRE_SERVER_TESTS=1 (set by .ci/run) that skip is a failure.
"""

import contextlib
import gzip
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.test import RequestFactory

from accounts.client_address import client_address
from tests.isolated import ROOT, environment, run_manage
from tests.servers import free_port, stop

NGINX = Path("/usr/sbin/nginx")
SITE = ROOT / "deploy" / "nginx" / "naeringshage.conf"
SNIPPETS = ROOT / "deploy" / "nginx" / "snippets"
HOST = "naeringshage.example.no"
GUNICORN = Path(sys.executable).parent / "gunicorn"
# Content-Length announced by each slow client, of which it sends half.
BODY_LENGTH = 100_000
SLOW_CLIENTS = 8


def _missing_tools() -> list[str]:
    missing = []
    if not NGINX.exists():
        missing.append(f"nginx at {NGINX} (apt-get install nginx)")
    if shutil.which("openssl") is None:
        missing.append("openssl (apt-get install openssl)")
    return missing


@pytest.fixture(scope="module")
def server_tools():
    missing = _missing_tools()
    if missing:
        message = "Tests behind nginx need: " + "; ".join(missing)
        if os.environ.get("REQUIRE_SERVER_TESTS") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


def _tail(path: Path, lines: int = 30) -> str:
    if not path.exists():
        return f"({path.name} is empty)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


@dataclass
class Gunicorn:
    port: int
    log: Path


@dataclass
class Nginx:
    http_port: int
    https_port: int
    certificate: Path
    static_root: Path
    command: list[str]


# --- Talking HTTP by hand: the slow clients need the socket, so the probes use it too ----


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


def _client_tls(certificate: Path) -> ssl.SSLContext:
    # The test's certificate is its own authority: the name and chain are checked.
    return ssl.create_default_context(cafile=str(certificate))


def _connect(port: int, *, certificate: Path | None, timeout: float, source: str = "127.0.0.1"):
    sock = socket.create_connection(
        ("127.0.0.1", port), timeout=timeout, source_address=(source, 0)
    )
    if certificate is None:
        return sock
    return _client_tls(certificate).wrap_socket(sock, server_hostname=HOST)


def _head(method: str, path: str, headers: dict[str, str]) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def ask(
    port: int,
    path: str,
    *,
    certificate: Path | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 1.0,
    source: str = "127.0.0.1",
    method: str = "GET",
) -> Answer:
    """One request on a fresh connection; `certificate` given means HTTPS."""
    with _connect(port, certificate=certificate, timeout=timeout, source=source) as sock:
        sock.sendall(_head(method, path, {"Connection": "close", **(headers or {})}))
        response = http.client.HTTPResponse(sock)
        try:
            response.begin()
            return Answer(response.status, response.headers, response.read())
        finally:
            response.close()


@contextlib.contextmanager
def half_sent_form_posts(port: int, *, certificate: Path | None = None):
    """SLOW_CLIENTS connections, each sending a login form post's headers with
    Content-Length: 100000 and then only half the body, held open until the block ends.

    The CSRF cookie and Origin make Django's CSRF check read the body (without them it
    refuses the post unread); X-Forwarded-Proto says what nginx would, so that
    gunicorn, reached directly, does not just redirect to HTTPS."""
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Length": str(BODY_LENGTH),
        "Cookie": "csrftoken=" + secrets.token_hex(16),
        "Origin": f"https://{HOST}",
        "X-Forwarded-Proto": "https",
    }
    with contextlib.ExitStack() as held:
        clients = []
        for _ in range(SLOW_CLIENTS):
            sock = held.enter_context(_connect(port, certificate=certificate, timeout=5))
            sock.sendall(_head("POST", "/accounts/login/", headers))
            sock.sendall(b"username=" + b"x" * (BODY_LENGTH // 2 - len(b"username=")))
            clients.append(sock)
        # Let the server take them in before the probes start.
        time.sleep(0.3)
        yield clients


def assert_still_waiting(clients) -> None:
    """Nobody has answered or closed the slow clients: they are still being read."""
    for sock in clients:
        sock.setblocking(False)
        with pytest.raises((BlockingIOError, ssl.SSLWantReadError)):
            sock.recv(1)
        sock.setblocking(True)


# --- The servers ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def gunicorn(server_tools, tmp_path_factory):
    folder = tmp_path_factory.mktemp("gunicorn")
    port = free_port()
    variables = {
        # The production environment of the README's "Drift".
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": HOST,
        "HTTPS": "true",
        "USE_X_FORWARDED_PROTO": "true",
        "TRUSTED_PROXY_COUNT": "1",
        "FORWARDED_ALLOW_IPS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        # The eight threads of the default 2 workers x 4 threads, in one worker: with two,
        # the kernel may hand one worker five slow clients and the other three, leaving
        # a thread free by chance.
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": str(SLOW_CLIENTS),
        # The access log also shows the X-Forwarded-For that gunicorn was sent.
        "GUNICORN_CMD_ARGS": (
            "--access-logformat '%(h)s \"%(r)s\" %(s)s xff=%({x-forwarded-for}i)s'"
        ),
    }
    migrated = run_manage("migrate", "--noinput", "--verbosity", "0", **variables)
    assert migrated.returncode == 0, migrated.stderr
    log = folder / "gunicorn.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(GUNICORN), "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=environment(**variables),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if ask(port, "/healthz").status == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("gunicorn did not start:\n" + _tail(log), pytrace=False)
            time.sleep(0.2)
        yield Gunicorn(port=port, log=log)
    finally:
        # SIGINT: gunicorn's quick shutdown, without waiting for held connections.
        stop(process, signal.SIGINT)


def _swap(text: str, old: str, new: str, count: int) -> str:
    found = text.count(old)
    assert found == count, f"{SITE.name}: expected {old!r} {count} times, found {found}"
    return text.replace(old, new)


def _site_for_the_test(upstream: int, http_port: int, https_port: int, folder: Path) -> str:
    site = SITE.read_text()
    site = _swap(site, "server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};", 1)
    # Loopback only, on free ports; no IPv6 (a container may have none).
    site = _swap(site, "listen 80;", f"listen 127.0.0.1:{http_port};", 1)
    site = _swap(site, "listen [::]:80;", "", 1)
    site = _swap(site, "listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;", 1)
    site = _swap(site, "listen [::]:443 ssl http2;", "", 1)
    site = _swap(site, f"/etc/letsencrypt/live/{HOST}/", f"{folder / 'tls'}/", 2)
    return _swap(site, "/srv/naeringshage/staticfiles/", f"{folder / 'staticfiles'}/", 1)


def _main_config(folder: Path) -> str:
    """What Debian's /etc/nginx/nginx.conf gives the site, with every path in `folder`."""
    # As root nginx would run its workers as nobody, who may not read the test's files.
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = folder / "temp"
    return (
        f"{user}worker_processes 1;\n"
        f"pid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'error.log'};\n"
        "events { worker_connections 128; }\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n"
        "    default_type application/octet-stream;\n"
        f"    access_log {folder / 'access.log'};\n"
        f"    client_body_temp_path {temp / 'body'};\n"
        f"    proxy_temp_path {temp / 'proxy'};\n"
        f"    fastcgi_temp_path {temp / 'fastcgi'};\n"
        f"    uwsgi_temp_path {temp / 'uwsgi'};\n"
        f"    scgi_temp_path {temp / 'scgi'};\n"
        f"    include {folder / 'sites-enabled' / 'naeringshage.conf'};\n"
        "}\n"
    )


def _certificate(folder: Path) -> Path:
    tls = folder / "tls"
    tls.mkdir()
    subprocess.run(
        [
            "openssl", "req", "-x509", "-nodes", "-days", "2",
            "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-keyout", str(tls / "privkey.pem"), "-out", str(tls / "fullchain.pem"),
            "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST}",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return tls / "fullchain.pem"


def _static_files(folder: Path) -> Path:
    """A few files as collectstatic's manifest storage names them."""
    css = folder / "staticfiles" / "css"
    css.mkdir(parents=True)
    content = b"body { color: #1e2b3c; }\n"
    (css / "app.css").write_bytes(content)
    (css / "app.0123456789ab.css").write_bytes(content)
    (css / "app.0123456789ab.css.gz").write_bytes(gzip.compress(content))
    return folder / "staticfiles"


@pytest.fixture(scope="module")
def nginx(gunicorn, tmp_path_factory):
    folder = tmp_path_factory.mktemp("nginx")
    http_port, https_port = free_port(), free_port()
    certificate = _certificate(folder)
    static_root = _static_files(folder)
    (folder / "temp").mkdir()
    (folder / "sites-enabled").mkdir()
    # `include snippets/...` is relative to the main config's folder, as in /etc/nginx.
    (folder / "snippets").symlink_to(SNIPPETS, target_is_directory=True)
    (folder / "sites-enabled" / "naeringshage.conf").write_text(
        _site_for_the_test(gunicorn.port, http_port, https_port, folder)
    )
    (folder / "nginx.conf").write_text(_main_config(folder))
    command = [
        str(NGINX), "-p", f"{folder}/", "-c", str(folder / "nginx.conf"),
        "-e", str(folder / "error.log"),
    ]  # fmt: skip
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr

    process = subprocess.Popen(
        [*command, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                if ask(http_port, "/healthz").status == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("nginx did not start:\n" + _tail(folder / "error.log"), pytrace=False)
            time.sleep(0.1)
        yield Nginx(http_port, https_port, certificate, static_root, command)
    finally:
        # SIGQUIT would wait for the held connections; SIGTERM is nginx's quick stop.
        stop(process, signal.SIGTERM)


# --- The tests -------------------------------------------------------------------------


def test_the_shipped_site_and_snippet_pass_nginx_t(nginx):
    checked = subprocess.run([*nginx.command, "-t"], capture_output=True, text=True, timeout=30)

    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr
    assert "test is successful" in checked.stderr


def test_healthz_through_nginx_answers_at_once_while_eight_clients_send_half_a_body(nginx):
    with half_sent_form_posts(nginx.https_port, certificate=nginx.certificate) as clients:
        for _ in range(5):
            started = time.monotonic()
            answer = ask(nginx.https_port, "/healthz", certificate=nginx.certificate)
            elapsed = time.monotonic() - started

            assert answer.status == 200
            assert answer.body == b'{"status": "ok"}'
            assert elapsed < 1.0
            time.sleep(0.1)
        assert_still_waiting(clients)


def test_the_same_half_bodies_sent_straight_to_gunicorn_hold_every_thread(gunicorn):
    with half_sent_form_posts(gunicorn.port) as clients:
        with pytest.raises(TimeoutError):
            ask(gunicorn.port, "/healthz", timeout=1.5)
        assert_still_waiting(clients)

    # Once the clients give up, their threads are free again.
    deadline = time.monotonic() + 10
    while True:
        try:
            assert ask(gunicorn.port, "/healthz").status == 200
            break
        except TimeoutError:
            assert time.monotonic() < deadline, "gunicorn did not recover:\n" + _tail(gunicorn.log)


def test_a_body_over_the_limit_is_refused_by_nginx_before_gunicorn_sees_it(nginx, gunicorn):
    answer = ask(
        nginx.https_port,
        "/accounts/login/?over-the-limit",
        certificate=nginx.certificate,
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Content-Length": "2000000"},
    )

    assert answer.status == 413
    assert "over-the-limit" not in gunicorn.log.read_text()


def test_a_spreadsheet_to_import_may_be_larger_than_a_form_post(nginx, gunicorn):
    # Only the headers are sent: nginx refuses a body too large as soon as it reads
    # Content-Length, and otherwise waits for the body (a timeout here, not 413).
    for path, size, refused in (("/imports/new/", "10500000", False),
                                ("/imports/new/", "12000000", True)):  # fmt: skip
        try:
            answer = ask(
                nginx.https_port,
                path,
                certificate=nginx.certificate,
                method="POST",
                headers={"Content-Type": "multipart/form-data; boundary=x",
                         "Content-Length": size},
                timeout=1.0,
            )  # fmt: skip
        except TimeoutError:
            assert not refused, size
        else:
            assert (answer.status == 413) is refused, (size, answer.status)


def test_behind_nginx_django_sees_https_and_the_public_host_name(nginx, gunicorn):
    answer = ask(nginx.https_port, "/", certificate=nginx.certificate)

    # Seen as HTTPS: the login redirect, not SECURE_SSL_REDIRECT's; and HSTS, which
    # Django sends only on a secure request.
    assert answer.status == 302
    assert answer.headers["Location"] == "/accounts/login/?next=/"
    assert "max-age=31536000" in answer.headers["Strict-Transport-Security"]
    # nginx names itself without its version.
    assert answer.headers["Server"] == "nginx"
    # For contrast: gunicorn asked without X-Forwarded-Proto sends the client to HTTPS.
    direct = ask(gunicorn.port, "/")
    assert direct.status == 301
    assert direct.headers["Location"] == f"https://{HOST}/"


def test_plain_http_is_sent_to_https_except_the_health_check(nginx):
    redirected = ask(nginx.http_port, "/companies/?page=2")
    health = ask(nginx.http_port, "/healthz")

    assert redirected.status == 301
    assert redirected.headers["Location"] == f"https://{HOST}/companies/?page=2"
    assert health.status == 200
    assert health.body == b'{"status": "ok"}'


def test_a_client_on_plain_http_cannot_claim_https(nginx):
    answer = ask(nginx.http_port, "/healthz", headers={"X-Forwarded-Proto": "https"})

    # nginx replaced the claim with "http": Django did not take the request as secure.
    assert answer.status == 200
    assert "Strict-Transport-Security" not in answer.headers


def test_the_lockout_records_the_address_nginx_was_connected_from(nginx, gunicorn, settings):
    # The client connects from 127.0.0.2 and claims another address; nginx itself
    # reaches gunicorn from 127.0.0.1.
    ask(
        nginx.https_port,
        "/healthz?forwarded-for-probe",
        certificate=nginx.certificate,
        headers={"X-Forwarded-For": "198.51.100.66"},
        source="127.0.0.2",
    )
    deadline = time.monotonic() + 5
    while not (lines := re.findall(r".*forwarded-for-probe.*", gunicorn.log.read_text())):
        assert time.monotonic() < deadline, _tail(gunicorn.log)
        time.sleep(0.1)
    forwarded = lines[-1].split("xff=", 1)[1].strip()
    assert forwarded == "198.51.100.66, 127.0.0.2"

    # What the product makes of it with the documented TRUSTED_PROXY_COUNT=1.
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/accounts/login/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded
    )
    assert client_address(request) == "127.0.0.2"


def test_static_files_come_from_nginx_kept_for_good_only_under_a_hashed_name(nginx):
    hashed_name = "/static/css/app.0123456789ab.css"
    hashed = ask(nginx.https_port, hashed_name, certificate=nginx.certificate)
    compressed = ask(
        nginx.https_port,
        hashed_name,
        certificate=nginx.certificate,
        headers={"Accept-Encoding": "gzip"},
    )
    plain = ask(nginx.https_port, "/static/css/app.css", certificate=nginx.certificate)

    source = (nginx.static_root / "css" / "app.css").read_bytes()
    assert hashed.status == 200
    assert hashed.body == source
    assert hashed.headers["Cache-Control"] == "public, max-age=315360000, immutable"
    assert hashed.headers["Content-Type"] == "text/css"
    assert hashed.headers["X-Content-Type-Options"] == "nosniff"
    assert compressed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.body) == source
    assert compressed.headers["Vary"] == "Accept-Encoding"
    assert plain.status == 200
    assert plain.headers["Cache-Control"] == "public, max-age=60"
    assert plain.headers["X-Content-Type-Options"] == "nosniff"
