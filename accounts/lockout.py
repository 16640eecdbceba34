"""What a locked-out login sees: the login page again, saying why and for how long."""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext

from core.redirects import next_url

# Too Many Requests: the login is refused for now, not for good.
LOCKED_OUT = 429


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """django-axes calls this (AXES_LOCKOUT_CALLABLE) instead of its bare text page."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    target = next_url(request)
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = ngettext(
        "Too many failed logins: this user is locked for %(minutes)d minute. "
        "Try again later, or ask your administrator.",
        "Too many failed logins: this user is locked for %(minutes)d minutes. "
        "Try again later, or ask your administrator.",
        minutes,
    ) % {"minutes": minutes}
    context = {
        "form": AuthenticationForm(request, initial={"username": username}),
        "next": target,
        "lockout_message": message,
    }
    return render(request, "registration/login.html", context, status=LOCKED_OUT)
