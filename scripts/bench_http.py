"""The bench's HTTP side: requests on keep-alive connections, the manager's login with
its second factor, a load of one page, and a load of several users where some of them
write (`mixed`): the pages a næringshage's staff read while their colleagues record
services through the service form, as a browser sends it."""

import base64
import http.client
import re
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django_otp.oath import TOTP

HOST = "127.0.0.1"
VERIFY = "/accounts/two-factor/verify/"
# demo.two_factor.DEMO_TOTP_SECRET: generated managers' published demo key.
DEMO_TOTP_SECRET = "NAERINGSHAGEDEMONAERINGSHAGEDEMO"  # noqa: S105 - published, test data only


def _connection(port: int) -> http.client.HTTPConnection:
    return http.client.HTTPConnection(HOST, port, timeout=60)


def request(method, port, path, *, headers=None, body=None, connection=None):
    own = connection is None
    connection = connection or http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        return response.status, data, response.headers
    finally:
        if own:
            connection.close()


def login(port: int, username: str, password: str) -> str:
    """POST the login form with its CSRF token; returns the Cookie header to send."""
    status, body, headers = request("GET", port, "/accounts/login/")
    if status != 200:
        raise RuntimeError(f"The login page answered {status}.")
    cookies = {}
    for value in headers.get_all("Set-Cookie") or []:
        name, _, rest = value.partition("=")
        cookies[name] = rest.split(";", 1)[0]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token}
    )
    status, _body, headers = request(
        "POST",
        port,
        "/accounts/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        },
    )
    for value in headers.get_all("Set-Cookie") or []:
        name, _, rest = value.partition("=")
        cookies[name] = rest.split(";", 1)[0]
    if status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"Logging in as {username} failed (status {status}).")
    # The second factor: the code of the published demo key generated managers have.
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    status, body, headers = request("GET", port, VERIFY, headers={"Cookie": cookie})
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    code = f"{TOTP(base64.b32decode(DEMO_TOTP_SECRET)).token():06d}"
    status, _body, headers = request(
        "POST",
        port,
        VERIFY,
        body=urllib.parse.urlencode({"code": code, "csrfmiddlewaretoken": token}),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
    )
    for value in headers.get_all("Set-Cookie") or []:
        name, _, rest = value.partition("=")
        cookies[name] = rest.split(";", 1)[0]
    if status != 302:
        raise RuntimeError(f"The two-factor code of {username} was refused (status {status}).")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


@dataclass
class Load:
    label: str
    path: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: set[int] = field(default_factory=set)
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def drive(
    port: int, cookie: str, label: str, path: str, seconds: float, threads: int, reuse: int
) -> Load:
    """`threads` keep-alive connections, each asking for `path` again and again, and
    opened anew after `reuse` requests, as browsers come and go. (A connection stays
    with the gunicorn worker that accepted it: kept for the whole run, eight connections
    split 6 to 2 between the two workers would measure the luck of that split.)"""
    load = Load(label, path)
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    headers = {"Cookie": cookie}

    def worker():
        connection = _connection(port)
        latencies, errors, statuses = [], 0, set()
        served = 0
        while time.monotonic() < stop_at:
            if served == reuse:
                connection.close()
                connection = _connection(port)
                served = 0
            served += 1
            started = time.perf_counter()
            try:
                status, _body, _h = request(
                    "GET", port, path, headers=headers, connection=connection
                )
            except (OSError, http.client.HTTPException):
                errors += 1
                connection.close()
                connection = _connection(port)
                continue
            statuses.add(status)
            if status == 200:
                latencies.append(time.perf_counter() - started)
            else:
                errors += 1
        connection.close()
        with lock:
            load.latencies.extend(latencies)
            load.errors += errors
            load.statuses |= statuses

    started = time.monotonic()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    load.seconds = time.monotonic() - started
    return load


# --- Users who write -------------------------------------------------------------------


class _Forms(HTMLParser):
    """Each form of a page with the fields a browser would send for it (the selected
    option of a select, else its first; checked boxes only; the text of a textarea;
    buttons left out), and the choices of each select."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, str]] = []
        self.choices: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "form":
            self.forms.append({})
        if not self.forms:
            return
        fields = self.forms[-1]
        kind = attributes.get("type", "text")
        if tag == "input" and name and kind not in ("submit", "button", "reset", "image"):
            if kind not in ("checkbox", "radio") or "checked" in attributes:
                fields[name] = attributes.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self.choices[name] = []
        elif tag == "option" and self._select:
            value = attributes.get("value") or ""
            self.choices[self._select].append(value)
            if "selected" in attributes or self._select not in fields:
                fields[self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1][self._textarea] += data


class ServiceWriter:
    """An adviser recording a service at market price (no subsidy: no frame is drawn on)
    through the service form: the form page, then its POST with the form's own fields,
    as a browser sends them. Every service it records carries `marker` as its
    description, so the bench can take them out again."""

    def __init__(self, port: int, cookie: str, company: int, day: str, marker: str):
        self.port, self.cookie, self.company = port, cookie, company
        self.day, self.marker = day, marker

    def __call__(self, connection: http.client.HTTPConnection) -> int:
        headers = {"Cookie": self.cookie}
        status, body, _h = request(
            "GET", self.port, f"/services/new/?company={self.company}",
            headers=headers, connection=connection,
        )  # fmt: skip
        if status != 200:
            return status
        parser = _Forms()
        parser.feed(body.decode())
        fields = next(form for form in parser.forms if "submission_id" in form)
        fields.update(
            date=self.day,
            service_type=next(value for value in parser.choices["service_type"] if value),
            grant="",
            own_share="",
            hours="1,50",
            hourly_rate="",
            fixed_price="1 200",
            description=self.marker,
            action="save",
        )
        status, body, _h = request(
            "POST", self.port, "/services/new/",
            body=urllib.parse.urlencode(fields),
            headers={**headers, "Content-Type": "application/x-www-form-urlencoded"},
            connection=connection,
        )  # fmt: skip
        if status == 200:
            # The form again, with its errors: the write was refused.
            errors = re.findall(r"<(?:p|li)>([^<]+)</(?:p|li)>", body.decode())
            raise RuntimeError(f"The bench's service was refused: {' | '.join(errors)}")
        return 200 if status == 302 else status


def mixed(
    port: int,
    cookie: str,
    paths: list[str],
    *,
    readers: int,
    writers: list[Callable[[http.client.HTTPConnection], int]],
    write_every: float,
    seconds: float,
    reuse: int,
) -> tuple[Load, Load]:
    """`readers` users, each on a keep-alive connection, asking for the pages of `paths`
    in turn (each user starting at another page) as fast as they are served, while
    each of `writers` writes on a connection of its own and then waits `write_every`
    seconds. Returns the readers' load and the writers' (one latency per write)."""
    reads, writes = Load("pages", " ".join(paths)), Load("writes", "")
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    headers = {"Cookie": cookie}

    def reader(offset: int):
        connection = _connection(port)
        latencies, errors, statuses, served = [], 0, set(), 0
        while time.monotonic() < stop_at:
            if served == reuse:
                connection.close()
                connection, served = _connection(port), 0
            path = paths[(offset + served) % len(paths)]
            served += 1
            started = time.perf_counter()
            try:
                status, _body, _h = request(
                    "GET", port, path, headers=headers, connection=connection
                )
            except (OSError, http.client.HTTPException):
                errors += 1
                connection.close()
                connection = _connection(port)
                continue
            statuses.add(status)
            if status == 200:
                latencies.append(time.perf_counter() - started)
            else:
                errors += 1
        connection.close()
        with lock:
            reads.latencies.extend(latencies)
            reads.errors += errors
            reads.statuses |= statuses

    def writer(offset: int, write: Callable[[http.client.HTTPConnection], int]):
        connection = _connection(port)
        # The writers start one after another, not all in the same instant.
        time.sleep(write_every * offset / len(writers))
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                status = write(connection)
            except (OSError, http.client.HTTPException):
                status = 0
                connection.close()
                connection = _connection(port)
            with lock:
                writes.statuses.add(status)
                if status == 200:
                    writes.latencies.append(time.perf_counter() - started)
                else:
                    writes.errors += 1
            time.sleep(write_every)
        connection.close()

    started = time.monotonic()
    pool = [threading.Thread(target=reader, args=(n,)) for n in range(readers)]
    pool += [threading.Thread(target=writer, args=pair) for pair in enumerate(writers)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    reads.seconds = writes.seconds = time.monotonic() - started
    return reads, writes
