"""The two-factor pages: the code after the password, setting up an app, the recovery
codes shown once, and the account page (status, new codes, turning it off)."""

from urllib.parse import urlencode

import django_otp
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_otp.plugins.otp_static.models import StaticDevice

from accounts.two_factor import qr
from accounts.two_factor.forms import CodeForm
from accounts.two_factor.permissions import can_turn_off_two_factor, two_factor_required
from accounts.two_factor.services import (
    CodeRefused,
    confirmed_app,
    has_confirmed_app,
    recovery_code_display,
    recovery_codes_left,
    recovery_codes_replace,
    secret_for_manual_entry,
    totp_device_pending,
    two_factor_enrol,
    two_factor_turn_off,
    two_factor_verify,
)
from core.redirects import next_url

# The new recovery codes wait in the session until the page that shows them once.
NEW_CODES_SESSION_KEY = "two_factor_new_recovery_codes"


def _with_next(url_name: str, target: str) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': target})}" if target else url


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of the login: a code from the app or a recovery code."""
    target = next_url(request)
    user = request.user
    # django-otp's OTPMiddleware adds is_verified() to request.user.
    if user.is_verified() or not has_confirmed_app(user):  # type: ignore[union-attr]
        return HttpResponseRedirect(target or resolve_url(settings.LOGIN_REDIRECT_URL))
    form = CodeForm(
        request.POST or None,
        help_text=_("The six digits the authenticator app shows now, or a recovery code."),
    )
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                device = two_factor_verify(user=user, code=form.cleaned_data["code"])
            except CodeRefused as refusal:
                form.add_error("code", refusal)
                status = refusal.status
            else:
                request.session.cycle_key()
                django_otp.login(request, device)
                if isinstance(device, StaticDevice):
                    _warn_about_used_recovery_code(request)
                return HttpResponseRedirect(target or resolve_url(settings.LOGIN_REDIRECT_URL))
    context = {"form": form, "next": target}
    return render(request, "registration/two_factor_verify.html", context, status=status)


def _warn_about_used_recovery_code(request: HttpRequest) -> None:
    left = recovery_codes_left(request.user)
    messages.warning(
        request,
        ngettext(
            "You logged in with a recovery code; it cannot be used again. "
            "You have %(count)d recovery code left.",
            "You logged in with a recovery code; it cannot be used again. "
            "You have %(count)d recovery codes left.",
            left,
        )
        % {"count": left},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Setting up an authenticator app: scan the QR code (or type the secret), confirm
    with the first code, then see the recovery codes. With an app already, only from a
    verified session (then the new app replaces the old)."""
    target = next_url(request)
    user = request.user
    # django-otp's OTPMiddleware adds is_verified() to request.user.
    if has_confirmed_app(user) and not user.is_verified():  # type: ignore[union-attr]
        return redirect(_with_next("two_factor_verify", target))
    device = totp_device_pending(user=user)
    form = CodeForm(
        request.POST or None, help_text=_("The six digits the authenticator app shows now.")
    )
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                device, codes = two_factor_enrol(user=user, code=form.cleaned_data["code"])
            except CodeRefused as refusal:
                form.add_error("code", refusal)
                status = refusal.status
            except ValidationError as refusal:
                form.add_error(None, refusal)
            else:
                request.session.cycle_key()
                django_otp.login(request, device)
                request.session[NEW_CODES_SESSION_KEY] = codes
                return redirect(_with_next("two_factor_recovery_codes", target))
    context = {
        "form": form,
        "next": target,
        "qr_code": qr.svg(device.config_url, title=_("QR code for the authenticator app")),
        "secret": secret_for_manual_entry(device),
        "issuer": settings.OTP_TOTP_ISSUER,
        "required": two_factor_required(user),
        "replacing": has_confirmed_app(user),
    }
    return render(request, "registration/two_factor_enrol.html", context, status=status)


@never_cache
@require_safe
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The new recovery codes, shown this once: they leave the session as they are read."""
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("two_factor")
    context = {
        "codes": [recovery_code_display(code) for code in codes],
        "next": next_url(request) or resolve_url(settings.LOGIN_REDIRECT_URL),
    }
    return render(request, "registration/two_factor_recovery_codes.html", context)


@never_cache
@require_safe
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "app": confirmed_app(user),
        "codes_left": recovery_codes_left(user),
        "required": two_factor_required(user),
        "can_turn_off": can_turn_off_two_factor(user),
    }
    return render(request, "registration/two_factor_account.html", context)


@require_POST
def recovery_codes_new(request: HttpRequest) -> HttpResponse:
    try:
        codes = recovery_codes_replace(user=request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect("two_factor")
    request.session[NEW_CODES_SESSION_KEY] = codes
    return redirect(_with_next("two_factor_recovery_codes", reverse("two_factor")))


@require_POST
def turn_off(request: HttpRequest) -> HttpResponse:
    if not can_turn_off_two_factor(request.user):
        raise PermissionDenied(_("Managers and administrators must keep two-factor login."))
    two_factor_turn_off(user=request.user)
    messages.success(request, _("Two-factor login is off."))
    return redirect("two_factor")
