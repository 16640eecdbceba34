"""Project-level views: the health check and the home page."""

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from programmes.roles import ROLE_LABELS, ROLES, role_names
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
