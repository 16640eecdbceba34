"""Settings come from the environment and fail loudly, naming the variable."""

import secrets
from pathlib import Path

from django.conf import settings

from tests.isolated import ROOT, run_manage
from tests.isolated import run_python as run_django


def production_environment(**overrides: str) -> dict[str, str]:
    return {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "naeringshage.example.no",
        "HTTPS": "true",
        **overrides,
    }


def test_time_language_and_database_defaults():
    assert settings.TIME_ZONE == "Europe/Oslo"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "nb"
    assert [code for code, _name in settings.LANGUAGES] == ["nb", "en"]
    assert settings.STORAGES["staticfiles"]["BACKEND"] != ""


def test_without_database_url_it_uses_the_sqlite_file_in_the_project_folder():
    result = run_django(
        "from django.conf import settings as s; db = s.DATABASES['default'];"
        "print(db['ENGINE'], db['NAME'])",
        DEBUG="true",
    )

    assert result.returncode == 0, result.stderr
    engine, name = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert Path(name) == ROOT / "db.sqlite3"


def test_a_postgres_database_url_selects_postgresql_with_persistent_connections():
    result = run_django(
        "from django.conf import settings as s; db = s.DATABASES['default'];"
        "print(db['ENGINE'], db['NAME'], db['HOST'], db['PORT'], db['CONN_MAX_AGE'])",
        DEBUG="true",
        DATABASE_URL="postgres://app:secret@db.internal:5433/naeringshage",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "naeringshage",
        "db.internal",
        "5433",
        "60",
    ]


def test_a_missing_secret_key_in_production_names_the_variable():
    result = run_django("", DEBUG="false", ALLOWED_HOSTS="example.no")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_a_short_secret_key_in_production_is_refused():
    result = run_django("", DEBUG="false", SECRET_KEY="too-short", ALLOWED_HOSTS="example.no")

    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_missing_allowed_hosts_in_production_names_the_variable():
    result = run_django("", DEBUG="false", SECRET_KEY=secrets.token_urlsafe(64))

    assert "ImproperlyConfigured" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr


def test_a_malformed_boolean_names_the_variable():
    result = run_django("", **production_environment(HTTPS="maybe"))

    assert "ImproperlyConfigured" in result.stderr
    assert "HTTPS must be true or false" in result.stderr


def test_a_malformed_number_names_the_variable():
    result = run_django("", **production_environment(SECURE_HSTS_SECONDS="a year"))

    assert "ImproperlyConfigured" in result.stderr
    assert "SECURE_HSTS_SECONDS" in result.stderr


def test_an_unknown_database_scheme_names_the_variable():
    result = run_django("", **production_environment(DATABASE_URL="mysql://u:p@h/db"))

    assert "ImproperlyConfigured" in result.stderr
    assert "DATABASE_URL" in result.stderr


def test_check_deploy_passes_under_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **production_environment())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_without_https_settings():
    """The test above would prove nothing if check --deploy could not fail here."""
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", **production_environment(HTTPS="false")
    )

    assert result.returncode != 0
    assert "security.W008" in result.stderr + result.stdout


def test_without_email_url_mail_goes_to_the_console():
    result = run_django(
        "from django.conf import settings as s; print(s.EMAIL_BACKEND)", DEBUG="true"
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.mail.backends.console.EmailBackend"


def test_an_smtp_email_url_selects_smtp_with_starttls():
    result = run_django(
        "from django.conf import settings as s;"
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER,"
        " s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL, s.DEFAULT_FROM_EMAIL)",
        DEBUG="true",
        EMAIL_URL="smtp+tls://post%40example.no:p%40ss@smtp.example.no:587",
        DEFAULT_FROM_EMAIL="noreply@example.no",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.no",
        "587",
        "post@example.no",
        "p@ss",
        "True",
        "False",
        "noreply@example.no",
    ]


def test_smtp_without_a_sender_names_the_variable():
    result = run_django("", **production_environment(EMAIL_URL="smtp+tls://smtp.example.no:587"))

    assert "ImproperlyConfigured" in result.stderr
    assert "DEFAULT_FROM_EMAIL" in result.stderr


def test_a_malformed_email_url_names_the_variable():
    result = run_django("", **production_environment(EMAIL_URL="pigeon://loft"))

    assert "ImproperlyConfigured" in result.stderr
    assert "EMAIL_URL" in result.stderr


def test_cache_url_selects_one_shared_cache_for_both_aliases():
    import pytest
    from django.core.exceptions import ImproperlyConfigured

    from naeringshage.settings import caches_for

    assert {alias: config["BACKEND"] for alias, config in caches_for("").items()} == {
        "default": "django.core.cache.backends.locmem.LocMemCache",
        "pages": "django.core.cache.backends.locmem.LocMemCache",
    }
    shared = caches_for("redis://cache.internal:6380/2")
    assert {config["BACKEND"] for config in shared.values()} == {
        "django.core.cache.backends.redis.RedisCache"
    }
    assert {config["LOCATION"] for config in shared.values()} == {"redis://cache.internal:6380/2"}
    assert shared["pages"]["KEY_PREFIX"] != shared["default"]["KEY_PREFIX"]
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        caches_for("gopher://cache.internal")
