"""Settings for Næringshage: one module, read from the environment.

Every value that differs between a laptop and production comes from an environment
variable (or the untracked `.env` file beside manage.py, which `make run` writes on the
first run). A missing or malformed production setting raises ImproperlyConfigured that
names the variable. The README lists every variable.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# ENV_FILE lets tests and deployments point elsewhere (or at nothing) instead of .env.
_env_file = Path(env.str("ENV_FILE", default=str(BASE_DIR / ".env")))
if _env_file.is_file():
    environ.Env.read_env(_env_file)

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _bool(name: str, default: bool) -> bool:
    raw = env.str(name, default=None)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def _int(name: str, default: int) -> int:
    raw = env.str(name, default=None)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


DEBUG = _bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-only-for-local-development")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off (make run writes one into .env)."
        )
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is required when DEBUG is off (comma-separated host names)."
    )
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Django's admin, with the posted ids checked (naeringshage/admin_site.py).
    "naeringshage.admin_site.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "csp",
    # django-axes' and django-otp's apps, with Norwegian names (accounts/apps.py)
    "accounts.apps.AxesConfig",
    "django_otp",
    "accounts.apps.OTPTOTPConfig",
    "accounts.apps.OTPStaticConfig",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "jobs",
    "municipalities",
    "accounts",
    "programmes",
    "downloads",
    "funding",
    "reports",
    "imports",
    "naeringshage",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.sessions.IdleSessionMiddleware",
    "naeringshage.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Marks the session verified once the second factor is given (user.is_verified()),
    # then sends a user who owes a second factor to the code or enrolment page.
    "django_otp.middleware.OTPMiddleware",
    "accounts.two_factor.middleware.TwoFactorMiddleware",
    # Refuses a body in a charset other than UTF-8 with 400, before the CSRF check (a
    # process_view, after every __call__) reads it.
    "naeringshage.request_shapes.Utf8BodyMiddleware",
    # Records the logged-in user as the author of every history row written in a request.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "naeringshage.urls"
WSGI_APPLICATION = "naeringshage.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "naeringshage.context_processors.navigation",
                # Last: while a page is made for the page cache, its CSRF token and the
                # user's name are placeholders (programmes.page_cache).
                "naeringshage.context_processors.page_cache",
            ],
        },
    },
]
FORM_RENDERER = "naeringshage.forms.DesignSystemFormRenderer"

# --- Caches --------------------------------------------------------------------------
# No CACHE_URL: each process's own memory. CACHE_URL=redis://host:6379/0 (django-environ's
# cache URL; Django's Redis backend): one cache that every process and server shares.
# "pages": whole staff pages (programmes.page_cache), keyed by the næringshage's data
# version, so that a change seen by one process reaches the others through the database;
# shared, every server serves the one copy. "default": the throttle of password-reset
# mails and the like, which a shared cache counts across servers.
PAGE_CACHE_SECONDS = _int("PAGE_CACHE_SECONDS", default=600)
CACHE_URL = env.str("CACHE_URL", default="")


def caches_for(url: str) -> dict:
    """CACHES for a CACHE_URL (\"\": each process's own memory)."""
    if not url:
        return {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "pages": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "pages",
                "TIMEOUT": PAGE_CACHE_SECONDS,
                "OPTIONS": {"MAX_ENTRIES": 400},
            },
        }
    try:
        shared = environ.Env.cache_url_config(url)
    except Exception as error:
        raise ImproperlyConfigured(f"CACHE_URL is not a cache URL: {error}") from error
    return {
        "default": {**shared, "KEY_PREFIX": "naeringshage"},
        "pages": {**shared, "KEY_PREFIX": "naeringshage-pages", "TIMEOUT": PAGE_CACHE_SECONDS},
    }


CACHES = caches_for(CACHE_URL)

# --- Database ------------------------------------------------------------------------
# No DATABASE_URL: the embedded SQLite file in the project folder. Production and CI:
# DATABASE_URL=postgres://user:password@host:5432/name (PostgreSQL 15).
_database_url = env.str("DATABASE_URL", default="")
if _database_url:
    _scheme = urlsplit(_database_url).scheme
    if _scheme not in {"postgres", "postgresql", "sqlite"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL must start with postgres:// or sqlite://, not {_scheme!r}://."
        )
    try:
        _database = env.db_url("DATABASE_URL")
    except Exception as exc:  # django-environ raises several types for a bad URL
        raise ImproperlyConfigured(f"DATABASE_URL could not be read: {exc}") from None
else:
    _database = {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}

if _database["ENGINE"] == "django.db.backends.sqlite3":
    _database["OPTIONS"] = {
        # Several gunicorn threads share the file: WAL lets readers and one writer
        # proceed together, IMMEDIATE takes the write lock at BEGIN instead of failing
        # half-way through a transaction with "database is locked".
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    _database["CONN_MAX_AGE"] = _int("CONN_MAX_AGE", default=60)
    _database["CONN_HEALTH_CHECKS"] = True
    _database.setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    # Behind PgBouncer in transaction pooling (deploy/pgbouncer): each transaction may
    # get another server connection, so no cursor may outlive one (Django's server-side
    # cursors for .iterator() are WITH HOLD outside a transaction). The connection's
    # time zone must be UTC from the role or database (ALTER ROLE … SET timezone TO
    # 'UTC'), since a SET would stay behind on one server connection.
    if env.bool("DATABASE_TRANSACTION_POOLING", default=False):
        _database["DISABLE_SERVER_SIDE_CURSORS"] = True
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id at OWASP's setting (accounts/hashers.py): memory-hard, a tenth of PBKDF2's
# CPU a login (scripts/login_cost.py). The others verify the hashes stored before; Django
# stores such a password again with Argon2 at its next login.
PASSWORD_HASHERS = [
    "accounts.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# AxesStandaloneBackend first: it refuses a locked-out username before the password is
# even checked. It authenticates nobody itself.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, reading the user's næringshage with the user.
    "accounts.auth_backends.StaffModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Language and time -----------------------------------------------------------------
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates as "10 Mar 2016" (core/formats/en); Norwegian as Django has them.
FORMAT_MODULE_PATH = ["core.formats"]
USE_I18N = True
TIME_ZONE = "Europe/Oslo"
USE_TZ = True

# --- Static files ----------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # The prepared files (downloads): under MEDIA_ROOT, never served by a URL of their
    # own (downloads.views reads them after the permission check).
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Several servers: either one MEDIA_ROOT they all mount, or an S3-compatible store with
# django-storages (pip install "django-storages[s3]==1.14.6"): S3_BUCKET, and as needed
# S3_ENDPOINT_URL, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY. The bucket stays
# private: every file is read through the application.
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
_s3_bucket = env.str("S3_BUCKET", default="")
if _s3_bucket:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _s3_bucket,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# --- Background tasks and prepared files ------------------------------------------------
# django-tasks with its database backend: the queue is a table, so no other server is
# needed; `manage.py db_worker` runs the tasks (make run starts it, deploy/systemd has
# its unit). Long exports become prepared files (downloads): a services list longer
# than PREPARED_FILE_ROWS rows, and the annual report's PDF; each is kept
# DOWNLOAD_RETENTION_DAYS days.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
PREPARED_FILE_ROWS = _int("PREPARED_FILE_ROWS", default=5000)
# The periodic jobs: a cron expression in TIME_ZONE and the management command each
# runs (each can be run by hand). `manage.py run_schedule` queues them (make run starts
# it; deploy/systemd/naeringshage-scheduler.service); the task worker runs them.
PERIODIC_JOBS = {
    # Hourly: a file lost with a stopped worker is marked failed within the hour.
    "delete_expired_files": {"cron": "15 * * * *", "command": ["delete_expired_files"]},
    "prune_task_results": {
        "cron": "30 3 * * *",
        "command": ["prune_db_task_results", "--min-age-days=14", "--failed-min-age-days=60"],
    },
    # Uploaded spreadsheets never imported: deleted after IMPORT_RETENTION_DAYS.
    "delete_old_imports": {"cron": "45 4 * * *", "command": ["delete_old_imports"]},
    # Nightly: Enhetsregisteret's updates since the last sync (bankruptcies, deletions…).
    "sync_registry": {"cron": "30 5 * * *", "command": ["sync_registry"]},
    # Regnskapsregisteret: last year's accounts, after the filing deadline (31 July), and
    # again on the first of September and October for those filed late.
    "fetch_accounts": {"cron": "0 6 1 8-10 *", "command": ["fetch_accounts"]},
    "anonymise_old_participants": {
        "cron": "0 4 2 1 *",  # early in January, as the command asks
        "command": ["anonymise_old_participants"],
    },
}
# An import of more rows than this is checked and imported by the task worker, its page
# showing how far it has come; a shorter one within the request.
IMPORT_TASK_ROWS = _int("IMPORT_TASK_ROWS", default=300)
# An uploaded file not imported within this many days is deleted (delete_old_imports).
IMPORT_RETENTION_DAYS = _int("IMPORT_RETENTION_DAYS", default=7)
if IMPORT_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("IMPORT_RETENTION_DAYS must be at least 1.")
DOWNLOAD_RETENTION_DAYS = _int("DOWNLOAD_RETENTION_DAYS", default=7)
if DOWNLOAD_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("DOWNLOAD_RETENTION_DAYS must be at least 1.")

# --- Brønnøysund's registers ------------------------------------------------------------
# The open API of Enhetsregisteret (programmes.registry), no key needed; tests point it
# at a stand-in server on the loopback address. BRREG_TIMEOUT: the seconds a look-up may
# take before the form says the register cannot answer and staff type the company.
BRREG_URL = env.str("BRREG_URL", default="https://data.brreg.no").rstrip("/")
if urlsplit(BRREG_URL).scheme not in {"http", "https"}:
    raise ImproperlyConfigured(f"BRREG_URL must be an http(s) address, not {BRREG_URL!r}.")
BRREG_TIMEOUT = _int("BRREG_TIMEOUT", default=4)
if BRREG_TIMEOUT < 1:
    raise ImproperlyConfigured("BRREG_TIMEOUT must be at least 1 (seconds).")

# --- Security --------------------------------------------------------------------------
# HTTPS=true in production (behind a TLS-terminating proxy): redirect to HTTPS, secure
# cookies and HSTS. Left off for the local `make run` on http://127.0.0.1:8000.
HTTPS = _bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = _int("SECURE_HSTS_SECONDS", default=31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# The load balancer probes /healthz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if _bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# A session ends after SESSION_IDLE_SECONDS without a request: IdleSessionMiddleware
# saves a used session again (at most once a minute), which pushes its expiry forward.
# Five minutes at least: the session may end up to a minute before the idle time is over.
if env.str("SESSION_COOKIE_AGE", default=None) is not None:
    raise ImproperlyConfigured(
        "SESSION_COOKIE_AGE is no longer read: set SESSION_IDLE_SECONDS (the idle timeout)."
    )
SESSION_COOKIE_AGE = _int("SESSION_IDLE_SECONDS", default=60 * 60)
if SESSION_COOKIE_AGE < 300:
    raise ImproperlyConfigured(
        f"SESSION_IDLE_SECONDS must be at least 300 (5 minutes), not {SESSION_COOKIE_AGE}."
    )
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# A form post bigger than this is refused with 400 (the largest real form is a few KB).
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

# Content-Security-Policy (django-csp): scripts, styles, fonts and connections only from
# this site, no inline code and no eval; images may also be the CSS's data: icons. The
# templates have no inline scripts or styles, and Django's admin needs none either.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Login lockout (django-axes) ----------------------------------------------------------
# After LOGIN_FAILURE_LIMIT failed logins for one username, that username is refused for
# LOGIN_LOCKOUT_MINUTES, even with the right password. Keyed by username alone, so that
# an attacker cannot escape it by changing address, and colleagues behind one office
# address are not locked out together. A successful login clears the count.
AXES_FAILURE_LIMIT = _int("LOGIN_FAILURE_LIMIT", default=5)
if AXES_FAILURE_LIMIT < 1:
    raise ImproperlyConfigured("LOGIN_FAILURE_LIMIT must be at least 1.")
_lockout_minutes = _int("LOGIN_LOCKOUT_MINUTES", default=30)
if _lockout_minutes < 1:
    raise ImproperlyConfigured("LOGIN_LOCKOUT_MINUTES must be at least 1.")
AXES_COOLOFF_TIME = timedelta(minutes=_lockout_minutes)
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the address in the lockout key; with it, one person's typos would
# lock everybody behind the same office address, and an attacker could lock out a whole
# office. The username key is not bypassed by changing user agent or cookies.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
# The lock ends LOGIN_LOCKOUT_MINUTES after it began, however often someone keeps trying.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The lockout is the login page again, with the message, answered with 429.
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# The address recorded with each attempt: behind TRUSTED_PROXY_COUNT reverse proxies it
# is read from X-Forwarded-For (see accounts/client_address.py).
AXES_CLIENT_IP_CALLABLE = "accounts.client_address.client_address"
TRUSTED_PROXY_COUNT = _int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")

# --- E-mail --------------------------------------------------------------------------------
# Invitations of new staff users and links to choose a new password. Without EMAIL_URL
# each mail is written to the console (make run). Production: EMAIL_URL in
# django-environ's form, such as smtp+tls://user:password@smtp.example.no:587 (STARTTLS;
# smtp+ssl:// for port 465; special characters in the password percent-encoded), and
# DEFAULT_FROM_EMAIL, the sender the mail server accepts.
_email_url = env.str("EMAIL_URL", default="")
if _email_url:
    try:
        _email = env.email_url("EMAIL_URL")
    except Exception as exc:  # django-environ raises several types for a bad URL
        raise ImproperlyConfigured(f"EMAIL_URL could not be read: {exc}") from None
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
    EMAIL_PORT = _email["EMAIL_PORT"] or 25
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
    EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Næringshage <noreply@localhost>")
if EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend" and not env.str(
    "DEFAULT_FROM_EMAIL", default=""
):
    raise ImproperlyConfigured(
        "DEFAULT_FROM_EMAIL is required with an SMTP EMAIL_URL (the sender's address)."
    )
# A mail server that does not answer fails the sending after this many seconds.
EMAIL_TIMEOUT = _int("EMAIL_TIMEOUT", default=10)
# A link to choose a password (an invitation, a reset) works for this long and once.
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

# --- Audit trail (django-simple-history) ----------------------------------------------------
# The admin shows each row's history but cannot revert to an old version: a revert would
# write around funding.services' checks (closed years, frames, own shares).
SIMPLE_HISTORY_REVERT_DISABLED = True

# --- Two-factor login (django-otp) --------------------------------------------------------
# Managers and administrators must give a code from an authenticator app (TOTP) or a
# one-time recovery code after their password; advisers may. The issuer is the name the
# authenticator app shows beside the account.
OTP_TOTP_ISSUER = env.str("TWO_FACTOR_ISSUER", default="Næringshage")
if not OTP_TOTP_ISSUER.strip():
    raise ImproperlyConfigured("TWO_FACTOR_ISSUER must not be empty.")
# Each wrong code doubles the wait before the next try on that device: 1, 2, 4, 8 … s.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# The admin never shows a user's secret key or recovery codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
