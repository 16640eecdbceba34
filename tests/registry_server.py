"""A stand-in for Brønnøysund's open API: a real HTTP server on the loopback address that
answers as Enhetsregisteret does, from recorded answers in the register's published JSON
shape (tests/data/brreg/). No test reaches the real register: the suite points
BRREG_URL at a closed port unless a test starts this server (`registry` fixture).

The units it knows (organisation numbers with valid check digits):

    916234503  an active AS in Røros, twelve employees
    921876548  a bankrupt AS in Tynset
    933456781  an AS in Os being wound up
    944112235  a sole proprietorship in Holtålen, its employees (1–4) not shown, only a
               postal address
    987654325  deleted: 410 with the date of deletion
    955223349  answers after `slow` seconds
    966334452  a body that is not JSON
    977445566  503 Service Unavailable

Any other number: 404 with the register's error body.

The search by numbers (`/enhetsregisteret/api/enheter?organisasjonsnummer=a,b,…`)
answers the units it knows among them, the deleted left out, as the register does.

The search by place (`/enhetsregisteret/api/enheter?kommunenummer=…`) finds, among the units
newly registered in November 2026 (tests/data/brreg/enheter-nye.json: six in the
Røros region and one in Oslo), those in the municipalities and between the
registration dates asked, newest first, paged as the register pages them; a search
whose `kommunenummer` includes `registry.failing_municipality` answers 503.

Regnskapsregisteret (`/regnskapsregisteret/regnskap/{number}`) has the accounts of
916234503 (2025) and of 933456781 (a year to 30 June 2025, the company's own and its
group's); for 944112235 it answers an empty list, and for the slow, malformed and
failing numbers as above. Any other number: 404.

The update feed (`/enhetsregisteret/api/oppdateringer/enheter`) serves `updates`
(`update(...)` makes one), from `oppdateringsid` on, `size` a page, in the register's
HAL shape with a `next` link while more follow; `dato` gives them all from the first.
"""

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

DATA = Path(__file__).parent / "data" / "brreg"

ACTIVE = "916234503"
BANKRUPT = "921876548"
WINDING_UP = "933456781"
SOLE_PROPRIETOR = "944112235"
DELETED = "987654325"
SLOW = "955223349"
MALFORMED = "966334452"
FAILING = "977445566"
UNKNOWN = "912345696"  # valid, and not in the register

UNITS = "/enhetsregisteret/api/enheter/"
ACCOUNTS = "/regnskapsregisteret/regnskap/"
SEARCH = "/enhetsregisteret/api/enheter"


FEED = "/enhetsregisteret/api/oppdateringer/enheter"
JSON = "application/json"


def update(update_id: int, number: str, change: str = "Endring") -> dict:
    """One entry of the update feed, as the register writes it."""
    return {
        "oppdateringsid": update_id,
        "dato": "2026-12-02T05:00:00.000Z",
        "organisasjonsnummer": number,
        "endringstype": change,
        "_links": {"enhet": {"href": f"https://data.brreg.no{UNITS}{number}"}},
    }


@dataclass
class Registry:
    url: str
    slow: float = 2.0  # seconds before the slow unit's answer
    requests: list[str] = field(default_factory=list)
    updates: list[dict] = field(default_factory=list)
    failing_municipality: str = ""
    # More units it knows (number → the register's JSON), such as a benchmark's.
    units: dict[str, dict] = field(default_factory=dict)


def _feed(registry: Registry, query: dict[str, list[str]]) -> bytes:
    size = int(query.get("size", ["20"])[0])
    first = int(query.get("oppdateringsid", ["0"])[0])
    found = [entry for entry in registry.updates if entry["oppdateringsid"] >= first]
    page, more = found[:size], len(found) > size
    links = {"self": {"href": f"https://data.brreg.no{FEED}"}}
    if more:
        links["next"] = {"href": f"https://data.brreg.no{FEED}?page=1&size={size}"}
    body: dict = {"_links": links,
                  "page": {"size": size, "totalElements": len(found),
                           "totalPages": -(-len(found) // size), "number": 0}}  # fmt: skip
    if page:
        body["_embedded"] = {"oppdaterteEnheter": page}
    return json.dumps(body).encode()


def _known(registry: Registry, number: str) -> dict | None:
    if number in registry.units:
        return registry.units[number]
    if number in (ACTIVE, BANKRUPT, WINDING_UP, SOLE_PROPRIETOR):
        return json.loads(_recorded(f"enhet-{number}.json"))
    return None


def _search(registry: Registry, query: dict[str, list[str]]) -> tuple[int, str, bytes]:
    if "organisasjonsnummer" in query:
        # The search by numbers: the units still in the register (not the deleted).
        asked = query["organisasjonsnummer"][0].split(",")
        found = [unit for unit in (_known(registry, number) for number in asked) if unit]
        size = int(query.get("size", ["20"])[0])
        body = {"page": {"size": size, "totalElements": len(found),
                         "totalPages": -(-len(found) // size), "number": 0}}  # fmt: skip
        if found:
            body["_embedded"] = {"enheter": found[:size]}
        return 200, JSON, json.dumps(body).encode()
    numbers = query.get("kommunenummer", [""])[0].split(",")
    if registry.failing_municipality and registry.failing_municipality in numbers:
        return 503, "text/html", b"<html><body>Service Unavailable</body></html>"
    first = query.get("fraRegistreringsdatoEnhetsregisteret", ["0000-00-00"])[0]
    last = query.get("tilRegistreringsdatoEnhetsregisteret", ["9999-99-99"])[0]
    size, number = int(query.get("size", ["20"])[0]), int(query.get("page", ["0"])[0])
    if size * (number + 1) > 10_000:
        return 400, JSON, b'{"status": 400, "error": "Bad Request"}'
    found = sorted(
        (unit for unit in json.loads(_recorded("enheter-nye.json"))
         if unit["forretningsadresse"]["kommunenummer"] in numbers
         and first <= unit["registreringsdatoEnhetsregisteret"] <= last),
        key=lambda unit: unit["registreringsdatoEnhetsregisteret"], reverse=True,
    )  # fmt: skip
    page = found[number * size : (number + 1) * size]
    body: dict = {"_links": {"self": {"href": f"https://data.brreg.no{SEARCH}"}},
                  "page": {"size": size, "totalElements": len(found),
                           "totalPages": -(-len(found) // size), "number": number}}  # fmt: skip
    if page:
        body["_embedded"] = {"enheter": page}
    return 200, JSON, json.dumps(body).encode()


def _recorded(name: str) -> bytes:
    return (DATA / name).read_bytes()


def _not_found(path: str) -> bytes:
    return json.dumps(
        {
            "timestamp": "2026-12-03T12:00:00.000+00:00",
            "status": 404,
            "error": "Not Found",
            "message": "Ingen enhet med organisasjonsnummer funnet",
            "path": path,
        }
    ).encode()


def _failing(registry: Registry, number: str, recorded: str) -> tuple[int, str, bytes] | None:
    """The answers of the slow, malformed and failing numbers (None for another)."""
    if number == SLOW:
        time.sleep(registry.slow)
        return 200, JSON, _recorded(recorded).replace(ACTIVE.encode(), SLOW.encode())
    if number == MALFORMED:
        return 200, JSON, b'{"organisasjonsnummer": "966334452", "navn": '
    if number == FAILING:
        return 503, "text/html", b"<html><body>Service Unavailable</body></html>"
    return None


def _accounts(registry: Registry, number: str, path: str) -> tuple[int, str, bytes]:
    if number in (ACTIVE, WINDING_UP):
        return 200, JSON, _recorded(f"regnskap-{number}.json")
    if number == SOLE_PROPRIETOR:
        return 200, JSON, b"[]"
    return _failing(registry, number, f"regnskap-{ACTIVE}.json") or (404, JSON, _not_found(path))


def _answer(registry: Registry, path: str, query: dict) -> tuple[int, str, bytes]:
    if path == FEED:
        return 200, JSON, _feed(registry, query)
    if path == SEARCH:
        return _search(registry, query)
    if path.startswith(ACCOUNTS):
        return _accounts(registry, path[len(ACCOUNTS) :], path)
    if not path.startswith(UNITS):
        return 404, JSON, _not_found(path)
    number = path[len(UNITS) :]
    if number in registry.units:
        return 200, JSON, json.dumps(registry.units[number]).encode()
    if number in (ACTIVE, BANKRUPT, WINDING_UP, SOLE_PROPRIETOR):
        return 200, JSON, _recorded(f"enhet-{number}.json")
    if number == DELETED:
        return 410, JSON, _recorded(f"enhet-{number}-slettet.json")
    return _failing(registry, number, f"enhet-{ACTIVE}.json") or (404, JSON, _not_found(path))


@contextmanager
def registry_server() -> Iterator[Registry]:
    """The stand-in register on 127.0.0.1 and a free port, until the block ends."""

    registry = Registry(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            registry.requests.append(self.path)
            path, _sep, query = self.path.partition("?")
            status, kind, body = _answer(registry, path, parse_qs(query))
            try:
                self.send_response(status)
                self.send_header("Content-Type", f"{kind};charset=UTF-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (the slow unit)

        def log_message(self, format, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    registry.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield registry
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
