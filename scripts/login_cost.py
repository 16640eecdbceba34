"""What a login costs in CPU: PBKDF2 (Django's default work factor) against Argon2.

Run by hand (not by `make test`):

    .venv/bin/python scripts/login_cost.py             # 7 runs of each
    .venv/bin/python scripts/login_cost.py --runs 15

1. `check_password` alone, for a PBKDF2 hash, an Argon2 hash at Django's setting
   (100 MiB, 2 passes, 8 lanes) and one at the product's (OWASP's: 19 MiB, 2 passes,
   1 lane; accounts/hashers.py) of the same password.
2. A whole login: an adviser's POST to /accounts/login/ through Django's test client, on
   a throwaway test database (SQLite in memory unless DATABASE_URL says otherwise):
   with PBKDF2 as the first hasher (as before Argon2), with Argon2, and the one login
   that stores a PBKDF2 password again with Argon2.

Prints the median and the lowest CPU seconds (`time.process_time`, every thread of the
process) and wall seconds of each.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naeringshage.settings")
os.environ.setdefault("DEBUG", "true")  # no SECRET_KEY needed; the hashing costs the same

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import (  # noqa: E402
    Argon2PasswordHasher,
    check_password,
    make_password,
)
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402

from accounts import roles  # noqa: E402
from accounts.hashers import OwaspArgon2PasswordHasher  # noqa: E402

PASSWORD = "correct-horse-battery-staple"  # noqa: S105 - a throwaway test user's
PBKDF2 = "django.contrib.auth.hashers.PBKDF2PasswordHasher"
ARGON2 = "accounts.hashers.OwaspArgon2PasswordHasher"
BEFORE = [PBKDF2, *(name for name in settings.PASSWORD_HASHERS if name != PBKDF2)]


def measure(label: str, runs: int, work, prepare=lambda: None) -> None:
    cpu, wall = [], []
    for _ in range(runs):
        prepare()
        started_cpu, started_wall = time.process_time(), time.perf_counter()
        work()
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started_wall)
    print(
        f"{label:<52} {statistics.median(cpu):>8.3f} {min(cpu):>8.3f} "
        f"{statistics.median(wall):>8.3f}"
    )


def header(title: str) -> None:
    print(f"\n{title:<52} {'CPU med':>8} {'CPU min':>8} {'wall med':>8}")


def check_password_costs(runs: int) -> None:
    header("check_password (seconds)")
    encoded = make_password(PASSWORD, hasher="pbkdf2_sha256")
    measure("PBKDF2", runs, lambda: check_password(PASSWORD, encoded))
    for label, hasher in (
        ("Argon2, Django's setting: 100 MiB, 8 lanes", Argon2PasswordHasher()),
        ("Argon2, the product's: 19 MiB, 1 lane", OwaspArgon2PasswordHasher()),
    ):
        encoded = hasher.encode(PASSWORD, hasher.salt())
        measure(label, runs, lambda h=hasher, e=encoded: h.verify(PASSWORD, e))


def login_costs(runs: int) -> None:
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(username="radgiver", first_name="Radgiver")
    user.groups.add(Group.objects.get_or_create(name=roles.ADVISER)[0])
    client = Client()

    def store(hasher: str):
        def prepare():
            client.logout()
            user.password = make_password(PASSWORD, hasher=hasher)
            user.save(update_fields=["password"])

        return prepare

    def login():
        response = client.post("/accounts/login/", {"username": "radgiver", "password": PASSWORD})
        if response.status_code != 302:
            raise SystemExit(f"The login answered {response.status_code}, not 302.")

    header("a whole login, POST /accounts/login/ (seconds)")
    with override_settings(PASSWORD_HASHERS=BEFORE):
        measure("PBKDF2 first, PBKDF2 password (before)", runs, login, store("pbkdf2_sha256"))
    measure("Argon2 first, Argon2 password (after)", runs, login, store("argon2"))
    measure("Argon2 first, PBKDF2 password (upgraded once)", runs, login, store("pbkdf2_sha256"))
    user.refresh_from_db()
    if not user.password.startswith("argon2$"):
        raise SystemExit("The PBKDF2 password was not stored again with Argon2.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-login", action="store_true", help="only check_password")
    arguments = parser.parse_args()
    if settings.PASSWORD_HASHERS[0] != ARGON2:
        raise SystemExit(f"The first hasher is {settings.PASSWORD_HASHERS[0]}, not Argon2.")

    check_password_costs(arguments.runs)
    if arguments.no_login:
        return
    setup_test_environment()
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        login_costs(arguments.runs)
    finally:
        connection.creation.destroy_test_db(name, verbosity=0)


if __name__ == "__main__":
    main()
