"""The cache of whole staff pages that only read, for the næringshager (its mechanism
is core.page_cache).

A page such as the companies list or the annual report is made once and then served
from the cache until the data behind it changes. Its key holds everything the page
depends on besides the data:

- the path with its query string and the language;
- the næringshage and its `data_version`, a counter raised after every committed change
  to the næringshage's data (and to the reference data, which raises every counter);
- the user's roles (what the page offers depends on them), and the user for the pages
  that show the user's own rows (`per_user=True`);
- today's date in Europe/Oslo (some pages depend on what has ended).

What is the same page for every user of a næringshage with the same roles is cached
once for them all: the parts that belong to the one request, the CSRF token and the
user's name in the header, are rendered as placeholders and filled in on every answer.
A page with a message to show is neither read from nor put into the cache.

The counter is read with the user's næringshage (`scoping.staff_naeringshage`), so the
cache costs no query. It is raised by the signal receivers below for every model of the
product's apps: a row with a næringshage raises that næringshage's counter, a row that
belongs to one through its parent (a contact person, a grant's allocation…) raises the
parent's, and any other row (municipalities, service types, tier models, users…)
raises them all. Writes that send no signal (`QuerySet.update()`, COPY) call
`mark_changed()` themselves. The counters are raised after the transaction commits
(`transaction.on_commit`), in one statement that holds no other lock, so a page read
meanwhile is at most as old as the moment of the commit. Entries also expire after
`PAGE_CACHE_SECONDS`.

The cache is each process's own memory (`CACHES["pages"]`): the counters in the
database keep the processes in step.
"""

import threading
from functools import cache

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection, models, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest
from django.utils import timezone

from accounts.roles import role_names
from core.page_cache import (
    CACHE_ALIAS,
    CSRF_PLACEHOLDER,
    USER_PLACEHOLDER,
    page_cache,
    placeholders,
)
from core.users import user_label
from programmes.models import Naeringshage
from programmes.scoping import staff_naeringshage

__all__ = [
    "CACHE_ALIAS",
    "CSRF_PLACEHOLDER",
    "USER_PLACEHOLDER",
    "cached_page",
    "connect",
    "count_at_once",
    "flush",
    "forget_pending",
    "mark_changed",
    "placeholders",
]
# The apps whose rows the pages show.
WATCHED_APPS = frozenset({"programmes", "funding", "reports", "municipalities", "auth"})


def _roles(user, naeringshage: Naeringshage) -> frozenset[str]:
    """The user's roles, kept with the næringshage's data version: a change to a user's
    groups (or to a group) raises every counter."""
    if getattr(user, "_role_names", None) is None:
        key = f"roles:{user.pk}:{naeringshage.pk}:{naeringshage.data_version}"
        known = caches[CACHE_ALIAS].get(key)
        if known is None:
            caches[CACHE_ALIAS].set(key, role_names(user), settings.PAGE_CACHE_SECONDS)
        else:
            user._role_names = known  # as role_names() keeps them for the request
    return role_names(user)


def _key_parts(request: HttpRequest, per_user: bool) -> list[str] | None:
    """What a staff page depends on besides its path and language; None outside a
    næringshage."""
    user = request.user
    naeringshage = staff_naeringshage(user)
    if naeringshage is None:
        return None
    return [
        str(naeringshage.pk),
        str(naeringshage.data_version),
        ",".join(sorted(_roles(user, naeringshage))),
        f"{int(user.is_staff)}{int(user.is_superuser)}",
        str(user.pk) if per_user else "",
        timezone.localdate().isoformat(),
    ]


# Serve the view's page from the cache while the næringshage's data is unchanged.
cached_page = page_cache(key_parts=_key_parts, user_text=lambda request: user_label(request.user))


# Counting changes ----------------------------------------------------------------------

_changes = threading.local()
# Tests whose transaction is never committed count each change at once instead.
_count_at_once = False


def count_at_once(value: bool) -> None:
    """Count changes when they are made, not when their transaction commits: for tests
    that run inside a transaction that is rolled back at the end."""
    global _count_at_once
    _count_at_once = value


def _pending():
    """This thread's changes not yet counted: `ids`, and `everything` (all næringshager)."""
    if not hasattr(_changes, "ids"):
        forget_pending()
    return _changes


def mark_changed(naeringshage_ids=None) -> None:
    """Count a change to the data of these næringshager (None: of every næringshage,
    such as a change to reference data). Counted when the transaction commits."""
    pending = _pending()
    if naeringshage_ids is None:
        pending.everything = True
    else:
        pending.ids.update(naeringshage_ids)
    if connection.in_atomic_block and not _count_at_once:
        transaction.on_commit(flush)
    else:
        flush()


def flush() -> None:
    """Raise the counters of the changes marked so far."""
    pending = _pending()
    if not pending.ids and not pending.everything:
        return
    changed = Naeringshage.objects.all()
    if not pending.everything:
        changed = changed.filter(pk__in=pending.ids)
    forget_pending()
    changed.update(data_version=F("data_version") + 1)


def forget_pending() -> None:
    """Drop the changes marked but not counted (tests: their transaction was undone)."""
    _changes.ids, _changes.everything = set(), False


@cache
def _has_naeringshage(model: type[models.Model]) -> bool:
    return any(field.name == "naeringshage" for field in model._meta.concrete_fields)


def naeringshager_of(instance: models.Model) -> set[int] | None:
    """The næringshager whose pages show this row; None for all of them."""
    if isinstance(instance, Naeringshage):
        return {instance.pk}
    if _has_naeringshage(type(instance)):
        return {instance.naeringshage_id} if instance.naeringshage_id else set()
    found: set[int] | None = None
    for field in instance._meta.concrete_fields:
        if field.many_to_one and _has_naeringshage(field.related_model):
            parent = getattr(instance, field.attname)
            if parent is None:
                continue
            found = found or set()
            found.update(
                field.related_model._base_manager.filter(pk=parent).values_list(
                    "naeringshage_id", flat=True
                )
            )
    return found


def _watched(sender) -> bool:
    meta = sender._meta
    return (
        meta.app_label in WATCHED_APPS
        and meta.apps is global_apps  # not a migration's historical model
        and not sender.__name__.startswith("Historical")
    )


def _changed(sender, instance, **kwargs) -> None:
    if not _watched(sender):
        return
    if sender is get_user_model() and set(kwargs.get("update_fields") or ()) == {"last_login"}:
        return  # a login changes no page
    if isinstance(instance, Naeringshage) and kwargs.get("created"):
        return  # nothing is cached for it yet
    ids = naeringshager_of(instance)
    if ids is None or ids:
        mark_changed(ids)


def _m2m_changed(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_"):
        _changed(type(instance), instance)


def connect() -> None:
    post_save.connect(_changed, dispatch_uid="page_cache_saved")
    post_delete.connect(_changed, dispatch_uid="page_cache_deleted")
    m2m_changed.connect(_m2m_changed, dispatch_uid="page_cache_m2m")
