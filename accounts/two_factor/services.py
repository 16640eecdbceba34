"""Writes of the two-factor login: one authenticator app and one set of recovery codes
per user, both django-otp devices. Checking a code writes too (django-otp's throttling
counts the failures on the device, and a recovery code is used up)."""

import math
from base64 import b32encode

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor.permissions import two_factor_required

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Autentiseringsapp"
RECOVERY_DEVICE_NAME = "Gjenopprettingskoder"

# Answers to a refused code: wrong (400), or too many wrong ones for now (429).
WRONG_CODE = 400
TOO_MANY_CODES = 429


class CodeRefused(ValidationError):
    """A code that did not verify. `status` is the HTTP answer the page should give."""

    def __init__(self, message: str, *, status: int):
        super().__init__(message, code="code_refused")
        self.status = status


# --- Reads ------------------------------------------------------------------------------


def confirmed_app(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def has_confirmed_app(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def secret_for_manual_entry(device: TOTPDevice) -> str:
    """The key as authenticator apps take it by hand: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def recovery_code_display(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def normalise_code(code: str) -> str:
    """People type recovery codes with or without the dash and in any case."""
    return "".join(code.split()).replace("-", "").lower()


# --- Writes -----------------------------------------------------------------------------


@transaction.atomic
def totp_device_pending(*, user) -> TOTPDevice:
    """The app being set up: a new secret, unconfirmed until the first right code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def two_factor_enrol(*, user, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirms the pending app with its first code; it replaces any earlier app, and
    the recovery codes are made anew. Returns the app and the new recovery codes."""
    code = normalise_code(code)
    codes: list[str] = []
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("-pk")
            .first()
        )
        if device is None:
            raise ValidationError(_("The set-up has expired. Start again."))
        allowed, _details = device.verify_is_allowed()
        verified = allowed and device.verify_token(code)
        if verified:
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _recovery_codes_replace(user)
    # Outside the transaction, so that the counted failure is kept.
    if not verified:
        raise _refusal(device, was_throttled=not allowed)
    return device, codes


def two_factor_verify(*, user, code: str) -> Device:
    """The device that accepts the code: the app for six digits, else a recovery code
    (used up). Raises CodeRefused; each wrong code makes the next wait longer."""
    code = normalise_code(code)
    model = TOTPDevice if (len(code) == 6 and code.isdigit()) else StaticDevice
    refused = None
    with transaction.atomic():
        devices = model.objects.devices_for_user(user, confirmed=True).select_for_update()
        for device in devices.order_by("pk"):
            allowed, _details = device.verify_is_allowed()
            if allowed and device.verify_token(code):
                return device
            refused = refused or (device, not allowed)
    if refused is None:
        raise CodeRefused(_wrong_code_message(), status=WRONG_CODE)
    device, was_throttled = refused
    raise _refusal(device, was_throttled=was_throttled)


def recovery_codes_replace(*, user) -> list[str]:
    """New recovery codes for a user with an app; the old ones stop working."""
    with transaction.atomic():
        if not has_confirmed_app(user):
            raise ValidationError(_("Set up an authenticator app first."))
        return _recovery_codes_replace(user)


@transaction.atomic
def two_factor_turn_off(*, user) -> None:
    """Removes the app and the recovery codes: for advisers, never for managers or
    administrators."""
    if two_factor_required(user):
        raise ValidationError(_("Managers and administrators must keep two-factor login."))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def _recovery_codes_replace(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes: set[str] = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(StaticToken.random_token())
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return sorted(codes)


def _wrong_code_message() -> str:
    return _("The code is wrong or has expired. Check the code and try again.")


def _refusal(device: Device, *, was_throttled: bool) -> CodeRefused:
    """Wrong code, and how long until the next try if the wait has grown noticeable."""
    device.refresh_from_db()
    allowed, details = device.verify_is_allowed()
    seconds = 0
    if not allowed and details and details.get("locked_until"):
        seconds = math.ceil((details["locked_until"] - timezone.now()).total_seconds())
    wait = ngettext(
        "Too many wrong codes: wait %(seconds)d second before you try again.",
        "Too many wrong codes: wait %(seconds)d seconds before you try again.",
        seconds,
    ) % {"seconds": seconds}
    if was_throttled:
        return CodeRefused(wait, status=TOO_MANY_CODES)
    if seconds > 2:
        return CodeRefused(f"{_wrong_code_message()} {wait}", status=WRONG_CODE)
    return CodeRefused(_wrong_code_message(), status=WRONG_CODE)
