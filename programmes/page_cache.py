"""The cache of whole staff pages that only read, for the næringshager (its mechanism
is core.page_cache).

A page such as the companies list or the annual report is made once and then served
from the cache until the data behind it changes. Its key holds everything the page
depends on besides the data:

- the path with its query string and the language;
- the næringshage and the versions of the page's *topics* (below);
- the user's roles (what the page offers depends on them), and the user for the pages
  that show the user's own rows (`per_user=True`);
- today's date in Europe/Oslo (some pages depend on what has ended).

What is the same page for every user of a næringshage with the same roles is cached
once for them all: the parts that belong to the one request, the CSRF token and the
user's name in the header, are rendered as placeholders and filled in on every answer.
A page with a message to show is neither read from nor put into the cache.

Topics. A model names the topics a change of its rows can alter (`page_topics`:
"companies", "events", "funding", "services" and "services:2024" for the services of
a year); a page names the topics it shows (`@cached_page(topics=("events",
"companies"))`, or a function of the request such as `of_year`). Every page also
depends on "all": reference data, users and roles, the næringshage itself, and any
model without `page_topics` (region memberships, year closings…). A page that names
no topics depends on everything. So recording a service in 2026 makes the services
pages and the 2026 reports again, while the events, the region and the 2016 report
are still served from the cache.

The versions live on the næringshage: `data_version`, a counter raised after every
committed change to its data, and `page_versions`, each topic's version (the
`data_version` of its latest change; a change of everything sets them all back to
one new "all" version). They are read with the user's næringshage
(`scoping.staff_naeringshage`), so the cache costs no query. They are raised by the
signal receivers below for every model of the product's apps: a row with a
næringshage raises that næringshage's, a row that belongs to one through its parent (a
contact person, a grant's allocation…) raises the parent's, and any other row
(municipalities, service types, tier models, users…) renews every topic of them all.
Writes that send no signal (`QuerySet.update()`, COPY) call `mark_changed()`
themselves. The versions are raised after the transaction commits
(`transaction.on_commit`), in a short transaction that holds no other lock, so a page
read meanwhile is at most as old as the moment of the commit. Entries also expire
after `PAGE_CACHE_SECONDS`.

The cache is each process's own memory (`CACHES["pages"]`): the versions in the
database keep the processes in step.
"""

import threading
from collections.abc import Iterable
from functools import cache

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection, models, transaction
from django.db.models import F
from django.db.models.functions import JSONObject
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest
from django.utils import timezone

from accounts.roles import role_names
from core.page_cache import (
    CACHE_ALIAS,
    CSRF_PLACEHOLDER,
    USER_PLACEHOLDER,
    Topics,
    page_cache,
    placeholders,
)
from core.users import user_label
from programmes.models import Naeringshage
from programmes.scoping import staff_naeringshage

__all__ = [
    "ALL",
    "CACHE_ALIAS",
    "CSRF_PLACEHOLDER",
    "USER_PLACEHOLDER",
    "cached_page",
    "connect",
    "count_at_once",
    "flush",
    "forget_pending",
    "mark_changed",
    "of_year",
    "placeholders",
    "topics_of",
]
# The apps whose rows the pages show.
WATCHED_APPS = frozenset({"programmes", "funding", "reports", "municipalities", "auth"})


ALL = "all"  # the topic every page depends on: reference data, users, the næringshage


def _roles(user, naeringshage: Naeringshage) -> frozenset[str]:
    """The user's roles, kept with the næringshage's version of everything: a change to
    a user's groups (or to a group) renews every topic."""
    if getattr(user, "_role_names", None) is None:
        version = (naeringshage.page_versions or {}).get(ALL, 0)
        key = f"roles:{user.pk}:{naeringshage.pk}:{version}"
        known = caches[CACHE_ALIAS].get(key)
        if known is None:
            caches[CACHE_ALIAS].set(key, role_names(user), settings.PAGE_CACHE_SECONDS)
        else:
            user._role_names = known  # as role_names() keeps them for the request
    return role_names(user)


def _versions(naeringshage: Naeringshage, topics: Iterable[str] | None) -> str:
    """The key's part for the page's topics: the version of each (None: of every topic,
    the næringshage's `data_version`)."""
    if topics is None:
        return f"v{naeringshage.data_version}"
    versions = naeringshage.page_versions or {}
    return ",".join(f"{topic}={versions.get(topic, 0)}" for topic in sorted({ALL, *topics}))


def _key_parts(request: HttpRequest, per_user: bool, topics: Topics) -> list[str] | None:
    """What a staff page depends on besides its path and language; None outside a
    næringshage."""
    user = request.user
    naeringshage = staff_naeringshage(user)
    if naeringshage is None:
        return None
    return [
        str(naeringshage.pk),
        _versions(naeringshage, topics(request) if callable(topics) else topics),
        ",".join(sorted(_roles(user, naeringshage))),
        f"{int(user.is_staff)}{int(user.is_superuser)}",
        str(user.pk) if per_user else "",
        timezone.localdate().isoformat(),
    ]


# Serve the view's page from the cache while the data of its topics is unchanged.
cached_page = page_cache(key_parts=_key_parts, user_text=lambda request: user_label(request.user))


def of_year(request: HttpRequest, topic: str) -> str:
    """The topic of the page's year (?year=2024: "services:2024"), or the whole topic
    when the page names no year."""
    year = request.GET.get("year", "")
    return f"{topic}:{year}" if year.isdigit() and len(year) == 4 else topic


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
    """This thread's changes not yet counted: `topics` (næringshage id: the topics
    changed, None for all of them), and `everything` (every topic of every næringshage)."""
    if not hasattr(_changes, "topics"):
        forget_pending()
    return _changes


def mark_changed(naeringshage_ids=None, topics: Iterable[str] | None = None) -> None:
    """Count a change to these topics of these næringshager' data (`topics` None: to
    all of them; `naeringshage_ids` None: of every næringshage, such as a change to
    reference data). Counted when the transaction commits."""
    pending = _pending()
    if naeringshage_ids is None:
        pending.everything = True
    else:
        for pk in naeringshage_ids:
            known = pending.topics.get(pk, set())
            if topics is None or known is None:
                pending.topics[pk] = None
            else:
                pending.topics[pk] = known | set(topics)
    if connection.in_atomic_block and not _count_at_once:
        transaction.on_commit(flush)
    else:
        flush()


def _renew_all() -> dict:
    """The new `page_versions` of a næringshage all of whose topics change: every topic
    back to the version of everything, which is raised past any version used before."""
    return {"page_versions": JSONObject(**{ALL: F("data_version") + 1})}


def flush() -> None:
    """Raise the versions of the changes marked so far, each næringshage in one short
    transaction of its own: `data_version` by one, and each changed topic's version to
    the new `data_version` (so that no version is ever used twice)."""
    pending = _pending()
    changes, everything = pending.topics, pending.everything
    forget_pending()
    if everything:
        Naeringshage.objects.update(data_version=F("data_version") + 1, **_renew_all())
        return
    for pk, topics in sorted(changes.items()):
        rows = Naeringshage.objects.filter(pk=pk)
        if topics is None:
            rows.update(data_version=F("data_version") + 1, **_renew_all())
            continue
        with transaction.atomic():
            # Raised first: the row is locked (SQLite: the database) until the commit,
            # so that two changes of different topics never lose one of them.
            if not rows.update(data_version=F("data_version") + 1):
                continue  # deleted meanwhile
            version, versions = rows.values_list("data_version", "page_versions").get()
            rows.update(page_versions={**versions, **dict.fromkeys(topics, version)})


def forget_pending() -> None:
    """Drop the changes marked but not counted (tests: their transaction was undone)."""
    _changes.topics, _changes.everything = {}, False


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


def topics_of(instance: models.Model) -> set[str] | None:
    """The topics of the pages a change of this row can alter (the model's
    `page_topics`, a tuple or a property); None: every topic."""
    topics = getattr(instance, "page_topics", None)
    return None if topics is None else set(topics)


def _changed(sender, instance, **kwargs) -> None:
    if not _watched(sender):
        return
    if sender is get_user_model() and set(kwargs.get("update_fields") or ()) == {"last_login"}:
        return  # a login changes no page
    if isinstance(instance, Naeringshage) and kwargs.get("created"):
        return  # nothing is cached for it yet
    topics = topics_of(instance)
    if topics == set():
        return  # `page_topics = ()`: no page shows it
    ids = naeringshager_of(instance)
    if ids is None or ids:
        mark_changed(ids, topics)


def _m2m_changed(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_"):
        _changed(type(instance), instance)


def connect() -> None:
    post_save.connect(_changed, dispatch_uid="page_cache_saved")
    post_delete.connect(_changed, dispatch_uid="page_cache_deleted")
    m2m_changed.connect(_m2m_changed, dispatch_uid="page_cache_m2m")
