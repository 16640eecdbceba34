"""What apps above programmes add to it, found by module name at run time.

The way Django finds each app's `admin` module: an app that wants to add to one of
programmes' features defines a module with a known name and a list in it, and
programmes collects those lists in the order of INSTALLED_APPS (lowest layer first)
without importing the apps above it. Used for

- `reference_data.FILES`: the loaders `load_reference_data` runs;
- `company_sections.SECTIONS`: (template, function of `company=`) pairs that a
  company's page shows between its enrolments and its key figures.
"""

from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


def from_installed_apps(module: str, attribute: str) -> list:
    """Every installed app's `<app>.<module>.<attribute>` list, joined in app order (a
    new list: the caller may change it)."""
    return list(_found(module, attribute))


@cache
def _found(module: str, attribute: str) -> tuple:
    """Looked for once per process: the installed apps do not change after start-up,
    and pages (a company's, the search, a prepared file's progress) ask on every
    request."""
    found: list = []
    for config in apps.get_app_configs():
        name = f"{config.name}.{module}"
        if find_spec(name) is not None:
            found.extend(getattr(import_module(name), attribute, []))
    return tuple(found)
