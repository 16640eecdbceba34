"""One access check: every staff view gets the user's næringshage and checks the role
through `programmes.scoping.naeringshage_allowed(request, permission)`, and no view
module refuses a user in a way of its own.

The views are those the URL conf reaches. Those that show no data of a næringshage are
left out below, each with its reason; a view added to the URL conf is a staff view
until it is named here.
"""

import inspect
import re
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

from programmes import scoping

ROOT = Path(__file__).resolve().parents[1]

# The view modules of the staff pages: none may refuse or scope in its own way.
VIEW_MODULES = ("programmes/views", "funding/views", "reports/views.py")

# Views that show no data of a næringshage, by URL name (or the view's dotted path for a
# pattern without a name). The Django admin (namespace "admin") is left out as a whole:
# it checks `is_staff` itself and is the administrator's, not a næringshage's.
NO_NAERINGSHAGE = {
    "home": "greets anybody logged in; shows links by role, no rows of a næringshage",
    "healthz": "the load balancer's check, answered before login",
    "login": "logging in comes before any næringshage",
    "logout": "logging out needs no næringshage",
    "password_change": "a user's own password, whatever their næringshage",
    "password_change_done": "a user's own password, whatever their næringshage",
    "two_factor": "a user's own two-factor login, whatever their næringshage",
    "two_factor_enrol": "a user's own two-factor login, whatever their næringshage",
    "two_factor_verify": "part of logging in",
    "two_factor_recovery_codes": "a user's own recovery codes",
    "two_factor_recovery_codes_new": "a user's own recovery codes",
    "two_factor_turn_off": "a user's own two-factor login",
    "accounts.admin_login.admin_login": "the admin's login, for administrators",
    "set_language": "choosing a language, also before logging in",
    "password_reset": "a forgotten password, before logging in",
    "password_reset_done": "a forgotten password, before logging in",
    "password_reset_confirm": "a forgotten password or an invitation, before logging in",
    "password_reset_complete": "a forgotten password, before logging in",
}

CALLS = re.compile(r"\b([A-Za-z_]\w*)\(")


def _views(resolver: URLResolver, namespace: str = ""):
    """(name, view function) for every pattern the URL conf reaches, the admin's left out."""
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _views(entry, inner)
        elif isinstance(entry, URLPattern):
            name = namespace + entry.name if entry.name else entry.lookup_str
            yield name, inspect.unwrap(entry.callback)


def _staff_views() -> dict:
    return {
        name: view
        for name, view in _views(get_resolver())
        if name not in NO_NAERINGSHAGE and not name.startswith("admin:")
    }


def _asks_the_access_check(function, seen: set) -> bool:
    """Whether the function's source, or that of a function of its own module it calls
    (such as a helper shared by a page and its file exports), calls naeringshage_allowed."""
    seen.add(function)
    source = inspect.getsource(function)
    module = inspect.getmodule(function)
    if "naeringshage_allowed(" in source:
        return getattr(module, "naeringshage_allowed", None) is scoping.naeringshage_allowed
    for name in CALLS.findall(source):
        called = getattr(module, name, None)
        if (
            inspect.isfunction(called)
            and called.__module__ == module.__name__
            and called not in seen
            and _asks_the_access_check(called, seen)
        ):
            return True
    return False


def _view_sources():
    for place in VIEW_MODULES:
        path = ROOT / place
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            yield file.relative_to(ROOT), file.read_text(encoding="utf-8")


def test_every_staff_view_asks_the_one_access_check():
    views = _staff_views()
    assert len(views) > 30, "the URL conf's staff views were not found"

    without = [name for name, view in views.items() if not _asks_the_access_check(view, set())]

    assert without == [], (
        f"These views do not call programmes.scoping.naeringshage_allowed: {without}. "
        "Call it first, or name the view in NO_NAERINGSHAGE with the reason."
    )


def test_no_view_module_refuses_or_scopes_in_its_own_way():
    own_ways = [
        f"{path}: {pattern}"
        for path, source in _view_sources()
        for pattern in ("raise PermissionDenied", "naeringshage_for(", "_staff_naeringshage(")
        if pattern in source
    ]

    assert own_ways == [], own_ways


def test_every_view_left_out_is_still_in_the_url_conf():
    names = {name for name, _ in _views(get_resolver())}

    assert set(NO_NAERINGSHAGE) - names == set()
