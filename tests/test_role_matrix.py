"""The role matrix: what every URL of the project answers to a GET from each role.

One table, `MATRIX`, names every URL pattern and its answer for anonymous visitors, a
logged-in user without a role, an adviser, a manager and an administrator. Ids in URLs
are real rows of the adviser's and manager's own næringshage, so an answer is about the
role, never about a missing row. A URL pattern without a row in the table fails the test
with its name: decide who may use it, then add one line.

The admin's model pages follow one rule for every model (the admin site itself checks
`is_staff`), so they have rows by kind (`admin:<model>_change`), not per model; any other
admin URL needs its own row like every page.

The README's "Roles" section is this table in words.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest
from axes.models import AccessFailureLog
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from downloads.models import PreparedFile
from funding.models import Grant, Placement, PricedService
from funding.services.closing import year_close
from imports.models import Import
from programmes.models import Company, ContactPerson, Enrolment, Event, KeyFigures, Participant
from programmes.services import (
    contact_person_create,
    key_figures_create,
    participant_add,
    staff_membership_set,
)
from tests.conftest import PASSWORD
from tests.downloads.conftest import prepared_services_file
from tests.funding.conftest import draft_for
from tests.imports.conftest import uploaded_companies
from tests.programmes.factories import enrol, make_company, make_event
from tests.urlwalk import url_patterns

# Answers
LOGIN = "login redirect"
OK = "200"
DENIED = "403"
NOT_FOUND = "404"
NOT_ALLOWED = "405"
REDIRECT = "302 elsewhere"

ROLES = ("anonymous", "without role", "adviser", "manager", "administrator")

# The usual rows: (anonymous, without role, adviser, manager, administrator)
STAFF = (LOGIN, DENIED, OK, OK, DENIED)  # advisers and managers of a næringshage
MANAGER = (LOGIN, DENIED, DENIED, OK, DENIED)  # the manager only
ADMIN = (LOGIN, DENIED, DENIED, DENIED, OK)  # the Django admin
LOGGED_IN = (LOGIN, OK, OK, OK, OK)  # anybody logged in
POST_ONLY = (LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED)
NOBODY = (LOGIN, DENIED, DENIED, DENIED, DENIED)  # not even in the admin: rows kept as written
ADMIN_REDIRECT = (LOGIN, DENIED, DENIED, DENIED, REDIRECT)
ADMIN_NOT_FOUND = (LOGIN, DENIED, DENIED, DENIED, NOT_FOUND)
PUBLIC = (OK, OK, OK, OK, OK)


class Ref(str):
    """A URL argument taken from the world: the pk of `world.<name>`."""


COMPANY, CONTACT, FIGURES, ENROLMENT = (
    Ref("company"),
    Ref("contact"),
    Ref("figures"),
    Ref("enrolment"),
)
EVENT, PARTICIPANT, GRANT, PLACEMENT, SERVICE = (
    Ref("event"),
    Ref("participant"),
    Ref("grant"),
    Ref("placement"),
    Ref("service"),
)
STAFF_USER = Ref("staff_user")
PREPARED_FILE = Ref("prepared_file")
UPLOAD = Ref("upload")


@dataclass(frozen=True)
class Row:
    answers: tuple[str, str, str, str, str]
    kwargs: dict = field(default_factory=dict)
    query: str = ""


def row(answers, query: str = "", **kwargs) -> Row:
    return Row(answers, kwargs, query)


MATRIX: dict[str, Row] = {
    # Project pages
    "home": row(LOGGED_IN),
    "healthz": row(PUBLIC),
    "login": row((OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT)),
    "logout": row(POST_ONLY),
    "password_change": row(LOGGED_IN),
    "password_change_done": row(LOGGED_IN),
    "set_language": row((REDIRECT,) * 5),  # a GET changes nothing and goes back
    # A forgotten password: open to everybody, logged in or not (the link is a bad one here)
    "password_reset": row(PUBLIC),
    "password_reset_done": row(PUBLIC),
    "password_reset_confirm": row(PUBLIC),
    "password_reset_complete": row(PUBLIC),
    # Two-factor login: the account page and setting up an app for anybody logged in; the
    # code page and the recovery codes page lead on when there is nothing to ask or show
    "two_factor": row(LOGGED_IN),
    "two_factor_enrol": row(LOGGED_IN),
    "two_factor_verify": row((LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT)),
    "two_factor_recovery_codes": row((LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT)),
    "two_factor_recovery_codes_new": row(POST_ONLY),
    "two_factor_turn_off": row(POST_ONLY),
    # Programme: region, companies and their parts, events
    "programmes:region": row(STAFF),
    "programmes:company-list": row(STAFF),
    "programmes:search": row(STAFF, query="?q=fjel"),
    "programmes:company-lookup": row(STAFF, query="?q=fjel"),
    "programmes:company-create": row(STAFF),
    "programmes:company-detail": row(STAFF, pk=COMPANY),
    "programmes:company-edit": row(STAFF, pk=COMPANY),
    "programmes:company-history": row(STAFF, pk=COMPANY),
    "programmes:company-registry-check": row(POST_ONLY, pk=COMPANY),  # the button on its page
    "programmes:company-leads": row(STAFF),
    "programmes:survey-contacts": row(STAFF),
    "programmes:company-accounts-fetch": row(POST_ONLY, pk=COMPANY),  # the button on its page
    "programmes:key-figures-choose": row(POST_ONLY, pk=COMPANY, year=2025),
    "programmes:contact-person-create": row(STAFF, pk=COMPANY),
    "programmes:contact-person-edit": row(STAFF, company_pk=COMPANY, pk=CONTACT),
    "programmes:contact-person-delete": row(STAFF, company_pk=COMPANY, pk=CONTACT),
    "programmes:key-figures-create": row(STAFF, pk=COMPANY),
    "programmes:key-figures-edit": row(STAFF, company_pk=COMPANY, pk=FIGURES),
    "programmes:key-figures-delete": row(STAFF, company_pk=COMPANY, pk=FIGURES),
    "programmes:enrolment-create": row(STAFF, pk=COMPANY),
    "programmes:enrolment-edit": row(STAFF, company_pk=COMPANY, pk=ENROLMENT),
    "programmes:event-list": row(STAFF),
    "programmes:event-create": row(STAFF),
    "programmes:event-detail": row(STAFF, pk=EVENT),
    "programmes:event-edit": row(STAFF, pk=EVENT),
    "programmes:participant-add": row(POST_ONLY, pk=EVENT),  # the form is on the event's page
    "programmes:participant-remove": row(STAFF, event_pk=EVENT, pk=PARTICIPANT),
    # One person's data: the manager answers requests for access and erasure
    "programmes:person-search": row(MANAGER, query="?q=kari"),
    "programmes:person-export": row(MANAGER, query="?contact={contact}"),
    "programmes:person-erase": row(MANAGER, query="?contact={contact}&participant={participant}"),
    # The næringshage's staff users: the manager invites, changes roles, deactivates
    "programmes:user-list": row(MANAGER),
    "programmes:user-invite": row(MANAGER),
    "programmes:user-edit": row(MANAGER, pk=STAFF_USER),
    "programmes:user-invite-again": row(MANAGER, pk=STAFF_USER),
    "programmes:user-history": row(MANAGER, pk=STAFF_USER),
    # Funding: advisers read and record services; the manager records grants and placements
    "funding:overview": row(STAFF),
    "funding:grant-create": row(MANAGER),
    "funding:grant-edit": row(MANAGER, pk=GRANT),
    "funding:grant-history": row(STAFF, pk=GRANT),  # read as the overview is
    "funding:placement-create": row(MANAGER),
    "funding:placement-edit": row(MANAGER, pk=PLACEMENT),
    "funding:targets-edit": row(MANAGER, query="?year=2016"),
    "funding:state-aid-register": row(MANAGER, query="?year=2016"),
    "funding:placement-history": row(STAFF, pk=PLACEMENT),
    "funding:service-list": row(STAFF),
    "funding:service-create": row(STAFF),
    "funding:service-detail": row(STAFF, pk=SERVICE),
    "funding:service-edit": row(STAFF, pk=SERVICE),
    "funding:service-void": row(STAFF, pk=SERVICE),
    "funding:service-history": row(STAFF, pk=SERVICE),
    "funding:service-export": row(STAFF, file_format="csv"),
    # Prepared files: a services list's XLSX is for the staff who may export the list
    "downloads:prepared-file-list": row(STAFF),
    "downloads:prepared-file": row(STAFF, pk=PREPARED_FILE),
    "downloads:progress": row(STAFF, pk=PREPARED_FILE),
    "downloads:download": row(STAFF, pk=PREPARED_FILE),
    "imports:import-list": row(MANAGER),
    "imports:import-create": row(MANAGER),
    "imports:import-detail": row(MANAGER, pk=UPLOAD),
    "imports:import-progress": row(MANAGER, pk=UPLOAD),
    # GET leads to the import's page, where its button posts.
    "imports:import-commit": row((LOGIN, DENIED, DENIED, REDIRECT, DENIED), pk=UPLOAD),
    # Reports: the dashboard for staff, the reports and closing a year for the manager
    "reports:dashboard": row(STAFF),
    "reports:annual": row(MANAGER, query="?year=2016"),
    "reports:commentary": row(MANAGER, query="?year=2016"),
    "reports:annual-export": row(MANAGER, query="?year=2016", file_format="xlsx"),
    "reports:annual-csv": row(MANAGER, query="?year=2016", section="municipalities"),
    "reports:owner-export": row(MANAGER, query="?year=2016", template="siva-programliste"),
    "reports:close-year": row(MANAGER, year=2016),
    "reports:reopen-year": row(MANAGER, year=2015),
    # The admin: its own pages ...
    "admin:index": row(ADMIN),
    "admin:app_list": row(ADMIN, app_label="programmes"),
    "admin:login": row(ADMIN_REDIRECT),  # to the one login page
    "accounts.admin_login.admin_login": row(ADMIN_REDIRECT),
    "admin:logout": row((LOGIN, REDIRECT, REDIRECT, REDIRECT, NOT_ALLOWED)),  # POST only
    "admin:password_change": row(ADMIN),
    "admin:password_change_done": row(ADMIN),
    "admin:jsi18n": row(ADMIN),
    "admin:autocomplete": row(NOBODY),  # answers only with a field to complete
    "admin:view_on_site": row(ADMIN_NOT_FOUND),  # no model has a page of its own
    "admin:django.contrib.admin.sites.AdminSite.catch_all_view": row(ADMIN_NOT_FOUND),
    # ... and every model's pages, by kind
    "admin:<model>_changelist": row(ADMIN),
    "admin:<model>_add": row(ADMIN),
    "admin:<model>_change": row(ADMIN),
    "admin:<model>_delete": row(ADMIN),
    "admin:<model>_history": row(ADMIN),
    "admin:<model>_simple_history": row(ADMIN),  # one version of a row, to read
    "admin:<model>_password_change": row(ADMIN),  # the user admin's password form
    "admin:django.views.generic.base.RedirectView": row(ADMIN_REDIRECT),  # old URLs
    # ... except where a model's admin forbids a kind of page to everybody
    "admin:funding_pricedservice_add": row(NOBODY),  # services go through the staff pages
    "admin:funding_pricedservice_delete": row(NOBODY),  # voided, never deleted
    "admin:funding_yearclosing_add": row(NOBODY),  # a year is closed on the reports page
    "admin:funding_yearclosing_delete": row(NOBODY),
    "admin:axes_accessattempt_add": row(NOBODY),  # login attempts are only recorded
    "admin:axes_accesslog_add": row(NOBODY),
    "admin:axes_accessfailurelog_add": row(NOBODY),
    "admin:otp_totp_totpdevice_add": row(NOBODY),  # users set up their own apps
    "admin:otp_static_staticdevice_add": row(NOBODY),
}

MODEL_URL_KINDS = (
    "changelist",
    "add",
    "change",
    "delete",
    "history",
    "simple_history",
    "password_change",
)


@dataclass
class World:
    """One næringshage with a row of every kind its URLs open."""

    company: Company
    contact: ContactPerson
    figures: KeyFigures
    enrolment: Enrolment
    event: Event
    participant: Participant
    grant: Grant
    placement: Placement
    service: PricedService
    staff_user: User  # an adviser of the næringshage
    prepared_file: PreparedFile  # a finished services XLSX
    upload: Import  # a spreadsheet uploaded for import, not yet checked


@pytest.fixture
def world(reference_data, adviser, manager, user_without_role, administrator) -> World:
    from programmes.models import Naeringshage, ServiceType

    roros = Naeringshage.objects.get(slug="rorosregionen")
    for user in (adviser, manager):
        staff_membership_set(user=user, naeringshage=roros)
    company = make_company(roros, 1, name="Fjellbakst AS")
    event = make_event(roros, adviser)
    from funding.services import service_record

    service = service_record(
        draft=draft_for(company, adviser, ServiceType.objects.get(slug="radgivning")),
        recorded_by=adviser,
    )
    year_close(naeringshage=roros, year=2015, closed_by=manager, snapshot=dict)
    from funding.models import TargetKind
    from funding.services import targets_save

    helped = TargetKind.objects.get(slug="hjulpet-2011")
    targets_save(naeringshage=roros, year=2016, values={helped.pk: 20})
    # django-axes' admin pages need rows to open: an attempt, a login, a failure.
    Client().post("/accounts/login/", {"username": "ukjent", "password": "feil"})
    Client().post("/accounts/login/", {"username": adviser.username, "password": PASSWORD})
    AccessFailureLog.objects.create(username="ukjent", ip_address="127.0.0.1")
    return World(
        company=company,
        contact=contact_person_create(company=company, name="Kari Haugen"),
        figures=key_figures_create(
            company=company, year=2016, employees=7, revenue=Decimal("1500000")
        ),
        enrolment=enrol(company, date(2016, 3, 1)),
        event=event,
        participant=participant_add(event=event, name="Ola Nordmann"),
        grant=Grant.objects.get(naeringshage=roros, kind=Grant.Kind.SIVA_FRAME, first_year=2016),
        placement=Placement.objects.filter(naeringshage=roros).first(),
        service=service,
        staff_user=adviser,
        prepared_file=prepared_services_file(roros, adviser),
        upload=uploaded_companies(roros, manager),
    )


@pytest.fixture
def clients(world, adviser, manager, user_without_role, administrator) -> dict[str, Client]:
    clients = {"anonymous": Client()}
    for role, user in zip(
        ROLES[1:], (user_without_role, adviser, manager, administrator), strict=True
    ):
        clients[role] = Client()
        clients[role].force_login(user)
    return clients


def model_url(name: str) -> tuple[str, type | None, str | None]:
    """The matrix key, model and kind of an admin model page, e.g. ("admin:<model>_change",
    Company, "change") for "admin:programmes_company_change"; a row for the exact name
    wins over the row for its kind."""
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        kind = name.removeprefix(prefix)
        if name.startswith(prefix) and kind in MODEL_URL_KINDS:
            key = name if name in MATRIX else f"admin:<model>_{kind}"
            return key, model, kind
    return name, None, None


def path_for(name: str, sample: str, entry: Row, world: World) -> str:
    path = _path_for(name, sample, entry, world)
    # A query may name rows of the world: "?contact={contact}".
    names = re.findall(r"\{(\w+)\}", path)
    return path.format(**{name: getattr(world, name).pk for name in names})


def _path_for(name: str, sample: str, entry: Row, world: World) -> str:
    _key, model, kind = model_url(name)
    if model is not None:
        if kind in ("changelist", "add"):
            return reverse(name)
        if kind == "simple_history":  # a version of a row from its history
            record = model.history.order_by("history_id").first()
            assert record is not None, f"{name}: give a {model.__name__} a history in the world"
            return reverse(name, args=[getattr(record, model._meta.pk.attname), record.history_id])
        instance = model._default_manager.order_by("pk").first()
        assert instance is not None, f"{name}: make a {model.__name__} in the world fixture"
        argument = "id" if kind == "password_change" else "object_id"
        return reverse(name, kwargs={argument: instance.pk})
    if entry.kwargs:
        kwargs = {
            key: getattr(world, value).pk if isinstance(value, Ref) else value
            for key, value in entry.kwargs.items()
        }
        return reverse(name, kwargs=kwargs) + entry.query
    return sample + entry.query


def answer(client: Client, path: str) -> str:
    response = client.get(path)
    location = response.get("Location", "")
    if response.status_code == 302 and location.startswith("/admin/login/"):
        # The admin sends people to its login, which leads to ours or refuses.
        response = client.get(location)
        location = response.get("Location", "")
    if response.streaming:
        # Read to the end, as a WSGI server would: the test client then closes the
        # export's file without closing the test's database connection.
        b"".join(response.streaming_content)
    if response.status_code == 302:
        return LOGIN if location.startswith("/accounts/login/") else REDIRECT
    return {200: OK, 403: DENIED, 404: NOT_FOUND, 405: NOT_ALLOWED}.get(
        response.status_code, str(response.status_code)
    )


def all_urls() -> list[tuple[str, str]]:
    return sorted(set(url_patterns()))


def pages_of(role: str, world: World) -> list[tuple[str, str]]:
    """(url name, path) of every URL the matrix opens (200) for `role`, on the world's
    rows: what a test that walks "every page" of a role walks."""
    column = ROLES.index(role)
    pages = []
    for name, sample in all_urls():
        entry = MATRIX.get(model_url(name)[0])
        if entry is not None and entry.answers[column] == OK:
            pages.append((name, path_for(name, sample, entry, world)))
    return pages


def html_of(response) -> str | None:
    """A walked page's HTML; None for a file (read to its end, as a server would, which
    closes it) or any other answer that is not a page."""
    if response.streaming:
        b"".join(response.streaming_content)
        return None
    if "text/html" not in response.get("Content-Type", ""):
        return None
    return response.content.decode()


def test_every_url_pattern_has_a_row_in_the_matrix():
    missing = sorted({name for name, _path in all_urls() if model_url(name)[0] not in MATRIX})

    assert not missing, "URL patterns without a row in MATRIX: " + ", ".join(missing)


def test_the_matrix_names_no_url_that_is_gone():
    known = {model_url(name)[0] for name, _path in all_urls()}

    assert set(MATRIX) - known == set()


@pytest.mark.parametrize("part", ["staff pages", "admin pages"])  # run side by side
def test_every_role_gets_the_answer_the_matrix_gives(world, clients, part):
    wrong = []
    for name, sample in all_urls():
        if name.startswith("admin:") != (part == "admin pages"):
            continue
        key = model_url(name)[0]
        if key not in MATRIX:
            continue  # reported by the test above
        entry = MATRIX[key]
        path = path_for(name, sample, entry, world)
        for role, expected in zip(ROLES, entry.answers, strict=True):
            got = answer(clients[role], path)
            if got != expected:
                wrong.append(f"{name} {path} as {role}: expected {expected}, got {got}")

    assert not wrong, "\n".join(wrong)


def test_the_login_rows_really_log_in(world, adviser):
    """The form login, not only force_login, reaches the adviser's pages."""
    client = Client()
    client.post("/accounts/login/", {"username": adviser.username, "password": PASSWORD})

    assert answer(client, reverse("programmes:company-list")) == OK


# --- Writes by the wrong role ---------------------------------------------------------


def fingerprint() -> dict[str, list]:
    from funding.models import Target, YearClosing
    from reports.models import Commentary

    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Grant, Placement, YearClosing, PricedService, Target, Commentary)
    }


@pytest.mark.parametrize(
    ("name", "kwargs", "data"),
    [
        (
            "funding:grant-create",
            {},
            {"kind": "regional_development", "amount": "100000", "first_year": "2016"},
        ),
        ("funding:grant-edit", {"pk": GRANT}, {"amount": "1", "first_year": "2016"}),
        ("funding:placement-create", {}, {"year": "2017", "decision_date": "2017-02-01"}),
        ("funding:placement-edit", {"pk": PLACEMENT}, {"year": "2016", "rationale": "x"}),
        ("funding:targets-edit", {}, {"year": "2016"}),
        ("reports:commentary", {}, {"summary": "Et godt år."}),
        ("reports:close-year", {"year": 2016}, {}),
        ("reports:reopen-year", {"year": 2015}, {"reason": "Feil i tallene"}),
    ],
)
def test_an_adviser_posting_to_a_manager_url_is_refused_and_nothing_changes(
    world, clients, name, kwargs, data
):
    kwargs = {key: getattr(world, v).pk if isinstance(v, Ref) else v for key, v in kwargs.items()}
    before = fingerprint()

    response = clients["adviser"].post(reverse(name, kwargs=kwargs), data)

    assert response.status_code == 403
    assert fingerprint() == before
