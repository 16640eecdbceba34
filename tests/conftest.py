"""The shared cast: the reference data, one user per role, each with a logged-in test
client."""

import time
from contextlib import contextmanager

import django_otp
import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.http import HttpRequest
from django.test import Client, override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import roles
from accounts.two_factor.permissions import two_factor_required
from accounts.two_factor.services import APP_DEVICE_NAME, confirmed_app, recovery_codes_replace
from naeringshage.settings import caches_for
from programmes import page_cache
from tests.registry_server import registry_server
from tests.servers import redis_server

PASSWORD = "correct-horse-battery-staple"

# Argon2id at the OWASP setting is right for production and wrong for a test suite.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The tables `load_reference_data` writes to, found when the session loads it.
REFERENCE_TABLES: list[str] = []


def model_tables(*, leaving_out: frozenset[str] = frozenset()) -> list[str]:
    """The tables of every model the migrations make (many-to-many tables included)."""
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and meta.db_table not in leaving_out:
            tables.add(meta.db_table)
    return sorted(tables)


def row_counts(tables: list[str]) -> dict[str, int]:
    """The number of rows of each table, in one query."""
    quote = connection.ops.quote_name
    # Table names from the models, not from a request.
    columns = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The reference data (data/reference) is loaded once, into the test database every
    test starts from: each test's transaction is rolled back, so it stays as loaded. A
    transactional test (live server, threads) empties the database when it ends; the
    `reference_data` fixture then loads it again."""
    with django_db_blocker.unblock():
        tables = model_tables()
        before = row_counts(tables)
        call_command("load_reference_data", verbosity=0)
        after = row_counts(tables)
        REFERENCE_TABLES[:] = [table for table, rows in after.items() if rows != before[table]]
        _keep_a_copy(REFERENCE_TABLES)


def _copy_of(table: str) -> str:
    return connection.ops.quote_name(f"reference_copy_{table}")


def _keep_a_copy(tables: list[str]) -> None:
    """A copy of each table's rows, in a table of its own that no model names: emptying
    the database (a transactional test's end) leaves the copies as they are."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DROP TABLE IF EXISTS {_copy_of(table)}")
            cursor.execute(f"CREATE TABLE {_copy_of(table)} AS SELECT * FROM {quote(table)}")  # noqa: S608


def _restore_the_copy() -> None:
    """The reference rows as loaded, ids included: the same rows `load_reference_data`
    writes, in a few statements instead of about a thousand."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        # The foreign keys are checked at the commit, when every table is back.
        for table in REFERENCE_TABLES:
            cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM {_copy_of(table)}")  # noqa: S608
        models = [
            model
            for model in apps.get_models(include_auto_created=True)
            if model._meta.db_table in REFERENCE_TABLES
        ]
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def reference_data_present() -> bool:
    from programmes.models import Naeringshage

    return Naeringshage.objects.filter(slug="rorosregionen").exists()


@pytest.fixture
def reference_data(db):
    """The counties, municipalities, programme, næringshager and region of
    data/reference: loaded for the session; after a transactional test emptied the
    database, its copy is put back."""
    if not reference_data_present():
        _restore_the_copy()
        # The role groups come from a migration, which a transactional test's flush
        # empties too.
        for role in roles.ROLES:
            Group.objects.get_or_create(name=role)


@contextmanager
def rows_for_the_module(django_db_blocker):
    """For a module-scoped fixture: rows made once for all of a module's tests (the demo
    data, a generated data set). They are written in a transaction around the module;
    each test's own transaction is a savepoint inside it, rolled back after the test, and
    the module's transaction is rolled back after the module. Only for modules whose
    tests all use `db` (a transactional test empties the database)."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _empty_database(request):
    """`@pytest.mark.empty_database`: the test starts without the reference data (the
    loader's own tests). The rows are deleted inside the test's transaction, which is
    rolled back at its end."""
    if request.node.get_closest_marker("empty_database") is None:
        return
    request.getfixturevalue("db")
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # The foreign keys are checked when the transaction commits, which it never does.
        for table in REFERENCE_TABLES:
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 (model tables)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A real Redis for this test process (tests/servers.py)."""
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(params=["local memory", "redis"])
def cache_backend(request, settings):
    """Run the test with each process's own cache and with the shared one (Redis), as
    CACHE_URL selects in production. Use as `pytestmark = pytest.mark.usefixtures(...)`."""
    if request.param == "redis":
        settings.CACHES = caches_for(request.getfixturevalue("redis_url"))
        for alias in settings.CACHES:
            caches[alias].clear()
    yield request.param
    if request.param == "redis":
        for alias in settings.CACHES:
            caches[alias].clear()


@pytest.fixture(scope="session")
def _media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


# Where Enhetsregisteret is asked unless a test starts the stand-in (`registry`): a port
# nothing listens on, so that no test ever reaches the real register.
NO_REGISTRY = "http://127.0.0.1:9"


@pytest.fixture
def registry(settings):
    """The stand-in for Brønnøysund's open API (tests/registry_server.py), BRREG_URL
    pointed at it; its slow unit answers after 2 s, beyond the 0.5 s allowed here."""
    with registry_server() as server:
        settings.BRREG_URL = server.url
        settings.BRREG_TIMEOUT = 0.5
        yield server


@pytest.fixture(autouse=True)
def _fast_passwords_and_plain_static(settings, _media_root):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.BRREG_URL = NO_REGISTRY
    settings.MEDIA_ROOT = _media_root  # prepared files: never in the checkout
    # The manifest needs collectstatic; tests serve the source files as they are.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_page_cache(request):
    """Each test starts with no cached page: the database is new for every test, so a
    næringshage's data version can repeat from one test to the next. A test inside a
    transaction that is never committed counts each change at once, as the commit
    would; a transactional test (live server, threads) counts them on commit."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    caches[page_cache.CACHE_ALIAS].clear()
    page_cache.forget_pending()
    page_cache.count_at_once(not transactional)
    yield
    page_cache.count_at_once(False)
    page_cache.forget_pending()


@pytest.fixture(autouse=True)
def _force_login_gives_the_second_factor(monkeypatch):
    """`client.force_login(user)` stands for a whole login: for a manager or an
    administrator that includes the second factor, so they get a confirmed authenticator
    app and a session verified by django-otp. Tests of the two-factor login itself log
    in through the forms (tests/test_two_factor.py)."""
    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if two_factor_required(user):
            verify_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


def give_authenticator_app(user) -> TOTPDevice:
    """The user's confirmed authenticator app (and recovery codes), made if missing."""
    device = confirmed_app(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=True)
        recovery_codes_replace(user=user)
    return device


def totp_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the authenticator app shows now (or that many 30-second steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def verify_second_factor(client: Client, user) -> None:
    """Marks the client's session verified with the user's app, as django-otp does
    after a right code."""
    request = HttpRequest()
    request.session = client.session
    request.user = type(user)._default_manager.get(pk=user.pk)
    django_otp.login(request, give_authenticator_app(user))
    request.session.save()


def make_user(django_user_model, username: str, role: str | None, **extra):
    user = django_user_model.objects.create_user(
        username=username, password=PASSWORD, first_name=username.title(), **extra
    )
    if role:
        # get_or_create: transactional tests (the browser ones) flush the migration-made groups.
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


@pytest.fixture
def adviser(db, django_user_model):
    return make_user(django_user_model, "radgiver", roles.ADVISER)


@pytest.fixture
def manager(db, django_user_model):
    return make_user(django_user_model, "leder", roles.MANAGER)


@pytest.fixture
def administrator(db, django_user_model):
    return make_user(
        django_user_model, "administrator", roles.ADMINISTRATOR, is_staff=True, is_superuser=True
    )


@pytest.fixture
def user_without_role(db, django_user_model):
    return make_user(django_user_model, "utenrolle", None)


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def adviser_client(adviser):
    return _client_for(adviser)


@pytest.fixture
def manager_client(manager):
    return _client_for(manager)


@pytest.fixture
def administrator_client(administrator):
    return _client_for(administrator)
