"""Project-level views: the health check, the home page and the server error page."""

import sqlite3
import sys

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts.roles import ROLE_LABELS, ROLES, role_names
from naeringshage.middleware import chosen_language
from reports.permissions import can_view_dashboard
from reports.views import dashboard


@login_not_required
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the database answers, 503 with a reason when not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return JsonResponse(
            {"status": "error", "reason": f"database unreachable ({type(exc).__name__})"},
            status=503,
        )
    return JsonResponse({"status": "ok"})


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Staff of a næringshage land on its dashboard; everybody else sees their roles
    (and the way to the admin, or that they have no role yet)."""
    if can_view_dashboard(request.user):
        return dashboard(request)
    held = role_names(request.user)
    context = {"roles": [ROLE_LABELS[role] for role in ROLES if role in held]}
    return render(request, "home.html", context)


# How long a browser or client is asked to wait before it tries again during an outage.
RETRY_AFTER_SECONDS = 30
# PostgreSQL refusing the connection itself: too many connections, shutting down, crashed,
# starting up. Class 08 (connection exceptions) is matched by its prefix.
_UNREACHABLE_SQLSTATES = {"53300", "57P01", "57P02", "57P03"}


def database_unreachable(exc: BaseException | None) -> bool:
    """True when the error says the database cannot be reached (refused, lost, timed out,
    full, shutting down), not that a query or the schema is wrong: only the first is
    worth trying again in a moment."""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    if isinstance(cause, sqlite3.Error):
        # "database is locked" and "no such table" are OperationalErrors too.
        return getattr(cause, "sqlite_errorcode", None) == sqlite3.SQLITE_CANTOPEN
    # psycopg names it sqlstate, psycopg2 pgcode; the driver's own errors (refused, lost,
    # timed out) have none, the server's (a cancelled query, a deadlock) have theirs.
    code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    return code is None or code.startswith("08") or code in _UNREACHABLE_SQLSTATES


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: 503 with Retry-After when the database cannot be reached, else
    Django's 500 page.

    This is the one place that sees every uncaught exception, also those raised by
    middleware (the session is first read in LoginRequiredMiddleware): Django turns an
    exception into this page at the middleware that raised it, so a middleware around
    them would only see the finished 500. Django calls it while handling the exception
    and logs the exception once afterwards, with this page's status.
    """
    if not database_unreachable(sys.exc_info()[1]):
        return defaults.server_error(request)
    language = chosen_language(request)
    with translation.override(language):
        # No request, so no context processors: nothing here may need the database.
        content = loader.render_to_string("503.html")
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Content-Language"] = language
    add_never_cache_headers(response)
    return response
