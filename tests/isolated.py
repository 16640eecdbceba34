"""Run Django in a separate process whose settings come from exactly the given variables."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def environment(**variables: str) -> dict[str, str]:
    """The variables, plus PATH and HOME; the .env file is not read."""
    return {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", str(ROOT)),
        "DJANGO_SETTINGS_MODULE": "naeringshage.settings",
        "ENV_FILE": str(ROOT / "no-such-env-file"),
        **variables,
    }


def run_python(code: str, **variables: str) -> subprocess.CompletedProcess:
    """Set Django up, then run `code`."""
    return _run(["-c", f"import django; django.setup(); {code}"], variables)


def run_manage(*arguments: str, **variables: str) -> subprocess.CompletedProcess:
    return _run(["manage.py", *arguments], variables)


def _run(arguments: list[str], variables: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=ROOT,
        env=environment(**variables),
        capture_output=True,
        text=True,
        timeout=120,
    )
