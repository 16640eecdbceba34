"""Project-level views: the health check and the home page."""

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from funding.permissions import can_record_services
from funding.selectors import latest_services_of
from programmes.roles import ROLE_LABELS, ROLES, role_names
from programmes.scoping import naeringshage_for


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


def home(request: HttpRequest) -> HttpResponse:
    """The user's roles and, for staff, their latest services and a way to record one."""
    held = role_names(request.user)
    context = {"roles": [ROLE_LABELS[role] for role in ROLES if role in held]}
    if can_record_services(request.user):
        naeringshage = naeringshage_for(request.user)
        context["naeringshage"] = naeringshage
        context["latest_services"] = latest_services_of(
            naeringshage=naeringshage, adviser=request.user
        )
    return render(request, "home.html", context)
