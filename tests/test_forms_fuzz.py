"""Every form of the product, posted generated values by every role (hypothesis).

The forms are found, not listed: every page of the role matrix (tests/test_role_matrix.py,
whose world has a row of every kind) is opened by each role it is meant for, and each
`<form method="post">` on it is read: its action, and the names of its `input`, `select`,
`textarea` and named buttons, with the values the page offers (an edit form's current
values, a select's options). Each form is then posted, by every role, values mixing the
page's own with odd ones: dates of year 1 and 9999, amounts of 1e400 and NaN, ids out of
range, long and empty strings, control characters, direction overrides, emoji, formulas,
missing and repeated fields, as URL-encoded and as multipart bodies, with the CSRF check
off, passed, or failed.

For every post: no 5xx; and an answer that is not a redirect (a refusal: a page with
errors, 400, 403, 404, 405, 409, 429) wrote no row: the number of rows of every table is
the same before and after, history tables included (so a refused edit that changed a row
shows too, as its history row). Each post runs in a savepoint that is rolled back, so
every example starts from the same world.

The budget is small by default (the whole test takes about half a minute on SQLite);
`HYPOTHESIS_PROFILE=thorough` posts many more. The number of posts tried is printed at
the end (`-s` not needed).
"""

import copy
import os
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisException

from programmes import page_cache
from tests import test_role_matrix as role_matrix
from tests.conftest import PASSWORD, model_tables, row_counts
from tests.test_role_matrix import MATRIX, OK, ROLES, all_urls, model_url, path_for

# The role matrix's world (a row of every kind) and its logged-in clients.
world = role_matrix.world
clients = role_matrix.clients
# One more: a manager who has given the password but not yet the code (the code page's
# form is shown to nobody else).
BEFORE_THE_CODE = "manager before the code"
POSTERS = (*ROLES, BEFORE_THE_CODE)
VERIFY = "/accounts/two-factor/verify/"

TOKEN = "f" * 32
FORM = "application/x-www-form-urlencoded"


# --- The forms, read from the pages -------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # the input's type, or "select", "textarea", "button"
    values: list[str] = field(default_factory=list)  # what the page offers or holds


@dataclass
class Form:
    action: str
    page: str
    fields: dict[str, Field] = field(default_factory=dict)
    roles: set[str] = field(default_factory=set)  # the roles that were shown it

    @property
    def admin(self) -> bool:
        return self.action.startswith("/admin/")


class FormParser(HTMLParser):
    """The post forms of a page; fields outside a form are ignored."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def _add(self, name: str, kind: str, value: str | None = None) -> Field:
        found = self._form.fields.setdefault(name, Field(name, kind))
        if value is not None and value not in found.values:
            found.values.append(value)
        return found

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                action = urljoin(self.page, attrs.get("action") or self.page)
                self._form = Form(action=action, page=self.page)
                self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            value = attrs.get("value")
            if value is None:
                value = "on" if kind == "checkbox" else ""
            self._add(name, kind, value)
        elif tag == "button" and name:
            self._add(name, "button", attrs.get("value", ""))
        elif tag == "select" and name:
            self._select = self._add(name, "select")
        elif tag == "option" and self._select is not None:
            self._select.values.append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = self._add(name, "textarea")

    def handle_data(self, data):
        if self._textarea is not None and data.strip():
            self._textarea.values.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_of(path: str, content: str) -> list[Form]:
    parser = FormParser(path)
    parser.feed(content)
    return parser.forms


def discover(world, clients: dict[str, Client]) -> dict[str, Form]:
    """Every post form on every page, by action; each page opened by the roles the
    matrix lets open it. A URL pattern with no form found (one that takes only a
    button's post, or none) is posted too, with no fields."""
    found: dict[str, Form] = {}

    def read(path: str, role: str) -> None:
        response = clients[role].get(path)
        if response.streaming:
            b"".join(response.streaming_content)
            return
        if "html" not in response.get("Content-Type", ""):
            return
        for form in forms_of(path, response.content.decode()):
            known = found.setdefault(form.action, form)
            for name, new in form.fields.items():
                field_found = known.fields.setdefault(name, new)
                field_found.values.extend(v for v in new.values if v not in field_found.values)
            known.roles.add(role)

    paths = []
    for name, sample in all_urls():
        entry = MATRIX.get(model_url(name)[0])
        if entry is None:
            continue
        path = path_for(name, sample, entry, world)
        paths.append(path)
        for role, expected in zip(ROLES, entry.answers, strict=True):
            if expected == OK:
                read(path, role)
    read(VERIFY, BEFORE_THE_CODE)
    actions = {urlsplit(action).path for action in found}
    for path in paths:
        if urlsplit(path).path not in actions:
            found[path] = Form(action=path, page=path)
    return found


# --- What is posted -------------------------------------------------------------------------

ODD_TEXT = [
    "",
    " ",
    "x" * 5000,
    "\x00",
    "a\x00b",
    "\x07\x1b[31m",
    "\r\n",
    "\u202eSA tlabjleF",
    "\u202e",
    "\u200b",
    "\ufeff",
    "😀",
    "👩‍👩‍👧‍👦",
    "=1+1",
    "+1",
    "@SUM(A1)",
    "<b>x</b>",
    "'; --",
    "İı",
    "null",
]
ODD_NUMBERS = [
    "1e400",
    "-1e400",
    "1e-400",
    "-0",
    "0",
    "-1",
    "NaN",
    "-NaN",
    "Infinity",
    "-Infinity",
    "99999999999999999",
    "12345678901234567890.12",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "1.005",
    "0.001",
    "1,5",
    "1 500",
    "1_000",
    "0x10",
    "١٢",
    "½",
]
ODD_DATES = [
    "0001-01-01",
    "9999-12-31",
    "1899-12-31",
    "1900-01-01",
    "1970-01-01",
    "2016-02-29",
    "2015-02-29",
    "2016-13-01",
    "2016-00-10",
    "20160301",
    "01.03.2016",
    "2016-03-01",
    "2015-06-01",
    "2017-01-01",
    "10000-01-01",
    "-2016-01-01",
]
ODD_DATETIMES = [
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "1899-12-31T23:59",
    "2016-03-27T02:30",  # not a time in Oslo: the clocks jump from 02:00 to 03:00
    "2016-10-30T02:30",  # twice a time in Oslo
    "2016-03-01T10:00",
    "2016-03-01 10:00",
    "0001-01-01 00:00:00",
]
ODD_IDS = ["0", "-1", "1.5", "abc", "999999999", "9223372036854775807", "9223372036854775808"]
ODD = ODD_TEXT + ODD_NUMBERS + ODD_DATES + ODD_DATETIMES + ODD_IDS

# Plausible values for a field the page leaves empty, so that the other fields' checks
# are reached too.
PLAUSIBLE_BY_KIND = {
    "date": ["2016-03-01", "2016-06-15"],
    "datetime-local": ["2016-03-01T10:00"],
    "number": ["1", "100", "1500.50"],
    "email": ["kari@example.no"],
    "checkbox": ["on"],
    "select": ["1", "2"],  # the admin's autocomplete selects offer only what is chosen
}
PLAUSIBLE_BY_NAME = {
    "year": ["2016", "2017"],
    "organisation_number": ["912345688", "123456785"],
    "first_year": ["2016"],
    "last_year": ["2016", "2017"],
}


def plausible(form_field: Field) -> list[str]:
    offered = [value for value in form_field.values if value]
    if offered:
        return offered
    by_name = next(
        (values for key, values in PLAUSIBLE_BY_NAME.items() if form_field.name.endswith(key)),
        None,
    )
    return by_name or PLAUSIBLE_BY_KIND.get(form_field.kind, ["Test AS", "7"])


def odd_values(form_field: Field) -> st.SearchStrategy[list[str]]:
    """One odd value (mostly), or none (a missing field), or several (a repeated one)."""
    one = st.one_of(
        st.sampled_from(ODD),
        st.sampled_from(plausible(form_field) + form_field.values + [""]),
        st.text(max_size=30),
        st.integers().map(str),
        st.dates().map(lambda day: day.isoformat()),
    )
    return st.one_of(
        one.map(lambda value: [value]), st.just([]), st.lists(one, min_size=2, max_size=3)
    )


@st.composite
def posts(draw, form: Form) -> tuple[list[tuple[str, str]], str, str]:
    """(fields, body kind, CSRF): most fields plausible, some odd."""
    names = sorted(name for name in form.fields if name != "csrfmiddlewaretoken")
    odd = draw(st.sets(st.sampled_from(names), max_size=len(names))) if names else set()
    pairs = []
    for name in names:
        form_field = form.fields[name]
        if name in odd:
            values = draw(odd_values(form_field))
        elif form_field.kind in ("checkbox", "radio", "button", "submit"):
            values = draw(st.sampled_from([[], *[[value] for value in form_field.values]]))
        else:
            values = [draw(st.sampled_from(plausible(form_field)))]
        pairs.extend((name, value) for value in values)
    # An odd field the form does not have, now and then.
    if draw(st.booleans()):
        pairs.append(
            (
                draw(st.sampled_from(["id", "pk", "naeringshage", "version"])),
                draw(st.sampled_from(ODD)),
            )
        )
    body = draw(st.sampled_from(["urlencoded", "urlencoded", "multipart"]))
    csrf = draw(st.sampled_from(["off", "off", "off", "passed", "failed"]))
    return pairs, body, csrf


# --- Rows ------------------------------------------------------------------------------------

# Tables a refusal may rightly write to, and why that is honest:
NOT_COUNTED = frozenset(
    {
        # The session is saved on any request of a logged-in user (the idle timeout's
        # refresh, IdleSessionMiddleware) and holds the messages shown on the next page.
        "django_session",
        # A refused login is recorded: that is what the lockout counts.
        "axes_accessattempt",
        "axes_accessfailurelog",
        "axes_accesslog",
    }
)


def counted_tables() -> list[str]:
    return model_tables(leaving_out=NOT_COUNTED)


# --- The budget --------------------------------------------------------------------------------

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
# Posts per form for each role shown it, and for each role that is not (a refusal).
BUDGETS = {"default": (2, 1), "thorough": (100, 5)}
if PROFILE not in BUDGETS:
    raise RuntimeError(f"HYPOTHESIS_PROFILE must be one of {sorted(BUDGETS)}, not {PROFILE!r}")
SHOWN, NOT_SHOWN = BUDGETS[PROFILE]
# Django's admin is Django's code, with our declarations: fewer posts by default.
ADMIN_SHARE = 0.5 if PROFILE == "default" else 1.0

TRIED: Counter = Counter()


@pytest.fixture(scope="module", autouse=True)
def _report_the_posts_tried(request):
    yield
    plugins = request.config.pluginmanager
    reporter = plugins.get_plugin("terminalreporter")
    capture = plugins.get_plugin("capturemanager")
    if reporter is None or capture is None or not TRIED:
        return
    statuses = ", ".join(f"{status}: {count}" for status, count in sorted(TRIED.items()))
    with capture.global_and_fixture_disabled():
        reporter.write_line(
            f"\ntest_forms_fuzz ({PROFILE}): {sum(TRIED.values())} posts tried ({statuses})"
        )


def before_the_code(manager, enforce_csrf_checks: bool = False) -> Client:
    """The manager's session after the password, before the code."""
    client = Client(enforce_csrf_checks=enforce_csrf_checks)
    client.get("/accounts/login/")
    client.post(
        "/accounts/login/",
        {
            "username": manager.username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": client.cookies[settings.CSRF_COOKIE_NAME].value,
        },
    )
    assert client.get("/")["Location"].startswith(VERIFY)
    return client


def csrf_clients(users: dict[str, object], manager) -> dict[str, Client]:
    """A client per poster with the CSRF check on and a known token in its cookie."""
    made = {}
    for role in ROLES:
        client = Client(enforce_csrf_checks=True)
        if users.get(role) is not None:
            client.force_login(users[role])
        made[role] = client
    made[BEFORE_THE_CODE] = before_the_code(manager, enforce_csrf_checks=True)
    for client in made.values():
        client.cookies[settings.CSRF_COOKIE_NAME] = TOKEN
    return made


def send(client: Client, action: str, pairs, body: str, csrf: str):
    if csrf == "passed":
        pairs = [*pairs, ("csrfmiddlewaretoken", TOKEN)]
    if body == "multipart":
        data: dict[str, list[str]] = {}
        for name, value in pairs:
            data.setdefault(name, []).append(value)
        response = client.post(action, data)
    else:
        response = client.generic("POST", action, urlencode(pairs), content_type=FORM)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


@dataclass
class Posting:
    """What every post needs besides the form: the clients, their cookies, the tables."""

    clients: dict[str, Client]
    enforcing: dict[str, Client]
    cookies: dict[tuple[str, bool], object]
    tables: list[str]

    def post(self, form: Form, role: str, pairs, body: str, csrf: str) -> None:
        enforced = csrf != "off"
        client = (self.enforcing if enforced else self.clients)[role]
        # Logging out, or a new language, must not carry over to the next example.
        client.cookies = copy.deepcopy(self.cookies[role, enforced])
        caches[page_cache.CACHE_ALIAS].clear()
        with transaction.atomic():
            before = row_counts(self.tables)
            response = send(client, form.action, pairs, body, csrf)
            after = row_counts(self.tables)
            transaction.set_rollback(True)
        page_cache.forget_pending()
        status = response.status_code
        TRIED[status] += 1
        assert status < 500, f"{status} from {form.action} as {role}: {pairs!r}"
        if status not in (301, 302, 303):
            written = {table: after[table] - before[table] for table in self.tables}
            written = {table: rows for table, rows in written.items() if rows}
            assert not written, f"{status} from {form.action} as {role} wrote {written}: {pairs!r}"


def fuzz(posting: Posting, form: Form, role: str, budget: int) -> None:
    @hypothesis_settings(
        max_examples=budget,
        deadline=None,
        database=None,
        derandomize=PROFILE == "default",
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(post=posts(form))
    def post_generated(post):
        posting.post(form, role, *post)

    post_generated()


@pytest.mark.parametrize("half", [0, 1])  # every other form, the halves side by side
def test_every_form_survives_every_role_posting_odd_values(
    world, clients, user_without_role, adviser, manager, administrator, half
):
    clients = {**clients, BEFORE_THE_CODE: before_the_code(manager)}
    forms = discover(world, clients)
    users = (None, user_without_role, adviser, manager, administrator)
    enforcing = csrf_clients(dict(zip(ROLES, users, strict=True)), manager)
    posting = Posting(
        clients=clients,
        enforcing=enforcing,
        cookies={
            (role, enforced): copy.deepcopy(client.cookies)
            for enforced, by_role in ((False, clients), (True, enforcing))
            for role, client in by_role.items()
        },
        tables=counted_tables(),
    )
    failures = []
    for action, form in sorted(forms.items())[half::2]:
        for role in POSTERS:
            budget = SHOWN if role in form.roles else NOT_SHOWN
            if form.admin:
                budget = max(1, round(budget * ADMIN_SHARE))
            try:
                fuzz(posting, form, role, budget)
            except HypothesisException:
                raise
            except Exception as failure:  # every form's findings, not only the first
                notes = "\n".join(getattr(failure, "__notes__", []))
                failures.append(f"{action} as {role}: {failure!r}\n{notes}")

    assert forms, "no form found"
    assert not failures, "\n\n".join(failures)
