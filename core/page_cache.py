"""The mechanism of the cache of whole pages that only read: what an app needs to serve
a page from the cache until the data behind it changes.

The app says what the page depends on besides the path and the language (`key_parts`:
the version of the data the page shows, its `topics`, the user's roles…; None: not
cached) and how the user is named
(`user_text`). What is the same page for every user with the same key is cached once
for them all: the parts that belong to the one request, the CSRF token and the user's
name in the header, are rendered as placeholders (`placeholders`, for a context
processor) and filled in on every answer. A page with a message to show, an answer
that is not a plain 200 HTML page, one that sets a cookie and a file download are
neither read from nor put into the cache.

The cache is `CACHES["pages"]`; entries expire after `PAGE_CACHE_SECONDS`.
"""

from collections.abc import Callable, Iterable
from functools import wraps
from hashlib import blake2b

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.html import escape

CACHE_ALIAS = "pages"
# Rendered in place of the request's own parts, and replaced before a page is sent.
CSRF_PLACEHOLDER = "page-cache-csrf-token-7d1f0c"
USER_PLACEHOLDER = "page-cache-user-name-7d1f0c"
RENDERING_FOR_CACHE = "_rendering_for_page_cache"

# What a page shows, as the app names it ("services", "companies"…): a list, or a
# function of the request (the page's year); None: everything.
Topics = Iterable[str] | Callable[[HttpRequest], Iterable[str]] | None
KeyParts = Callable[[HttpRequest, bool, Topics], list[str] | None]
UserText = Callable[[HttpRequest], str]


def placeholders(request: HttpRequest) -> dict[str, str]:
    """For the context processor: the placeholders while a page is made for the cache."""
    if getattr(request, RENDERING_FOR_CACHE, False):
        return {"csrf_token": CSRF_PLACEHOLDER, "user_label": USER_PLACEHOLDER}
    return {}


def _key(request: HttpRequest, parts: list[str]) -> str:
    shown = [request.get_full_path(), translation.get_language() or "", *parts]
    return "page:" + blake2b("\n".join(shown).encode(), digest_size=20).hexdigest()


def _filled(request: HttpRequest, body: str, user_text: UserText) -> str:
    return body.replace(CSRF_PLACEHOLDER, get_token(request)).replace(
        USER_PLACEHOLDER, escape(user_text(request))
    )


def _storable(response) -> bool:
    return (
        type(response) is HttpResponse
        and response.status_code == 200
        and not response.cookies
        and not response.has_header("Content-Disposition")
        and response.get("Content-Type", "").startswith("text/html")
    )


def page_cache(*, key_parts: KeyParts, user_text: UserText):
    """A `cached_page` decorator for an app: `@cached_page`,
    `@cached_page(per_user=True)` (the page shows rows of the user's own) or
    `@cached_page(topics=("events", "companies"))` (the page shows only these topics of
    the data: `key_parts` is given them)."""

    def cached_page(view=None, *, per_user: bool = False, topics: Topics = None):
        def decorator(view):
            @wraps(view)
            def wrapper(request: HttpRequest, *args, **kwargs):
                parts = None
                # A page with messages uses them up: neither served nor kept.
                if request.method in ("GET", "HEAD") and not len(getattr(request, "_messages", ())):
                    parts = key_parts(request, per_user, topics)
                if parts is None:
                    return view(request, *args, **kwargs)
                key, cache = _key(request, parts), caches[CACHE_ALIAS]
                stored = cache.get(key)
                if stored is not None:
                    return _answer(request, stored, user_text)
                setattr(request, RENDERING_FOR_CACHE, True)
                try:
                    response = view(request, *args, **kwargs)
                finally:
                    delattr(request, RENDERING_FOR_CACHE)
                if not isinstance(response, HttpResponse) or response.streaming:
                    return response
                body = response.content.decode(response.charset)
                if _storable(response):
                    stored = (response.status_code, list(response.items()), body)
                    cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
                response.content = _filled(request, body, user_text)
                return response

            return wrapper

        return decorator(view) if view is not None else decorator

    return cached_page


def _answer(request: HttpRequest, stored: tuple, user_text: UserText) -> HttpResponse:
    status, headers, body = stored
    response = HttpResponse(_filled(request, body, user_text), status=status)
    for name, value in headers:
        response[name] = value
    return response
