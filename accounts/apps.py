from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as OTPStaticAppConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as OTPTOTPAppConfig


class AccountsConfig(AppConfig):
    """No models of its own: the users and groups are Django's, the devices django-otp's,
    the login attempts django-axes'."""

    # This module also holds other apps' configs: INSTALLED_APPS' "accounts" is this one.
    default = True
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts.sessions import mark_refreshed

        # The idle clock of a session starts at login (accounts/sessions.py).
        user_logged_in.connect(mark_refreshed, dispatch_uid="accounts.sessions")


# --- Other packages' apps, with Norwegian names in the admin ----------------------------
#
# django-axes marks its names for translation and has no Norwegian catalog: the project's
# locale/nb translates them (Django reads the project's catalog first). Its models' texts
# (“Failed access: user … on …”) are English f-strings, and django-otp's names are plain
# English strings, not marked at all; here they are given names that translate. Only
# attributes that are no part of the migration state are set: a field's `verbose_name`
# (its `_verbose_name` is what the migration records) and a model's Meta names (the
# migration records `Meta.original_attrs`). Help texts are part of the state; the admin
# gives its own (accounts/admin.py).


class AxesConfig(AxesAppConfig):
    verbose_name = _("Logins and lockout")

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        AccessAttempt.__str__ = _attempt_text
        AccessFailureLog.__str__ = _failure_text
        AccessLog.__str__ = _login_text


def _moment(value) -> str:
    if value is None:
        return "–"
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def _attempt_text(attempt) -> str:
    return gettext("Failed logins as %(username)s since %(moment)s") % {
        "username": attempt.username or "–",
        "moment": _moment(attempt.attempt_time),
    }


def _failure_text(failure) -> str:
    return gettext("Failed login as %(username)s, %(moment)s, from %(address)s") % {
        "username": failure.username or "–",
        "moment": _moment(failure.attempt_time),
        "address": failure.ip_address or "–",
    }


def _login_text(login) -> str:
    return gettext("Login as %(username)s, %(moment)s") % {
        "username": login.username or "–",
        "moment": _moment(login.attempt_time),
    }


DEVICE_FIELD_NAMES = {
    "user": _("user"),
    "name": _("name"),
    "confirmed": _("confirmed"),
    "created_at": _("created"),
    "last_used_at": _("last used"),
    "throttling_failure_count": _("failed codes in a row"),
    "throttling_failure_timestamp": _("last failed code"),
}


def _name_devices(model, verbose_name, verbose_name_plural) -> None:
    model._meta.verbose_name = verbose_name
    model._meta.verbose_name_plural = verbose_name_plural
    for name, label in DEVICE_FIELD_NAMES.items():
        model._meta.get_field(name).verbose_name = label


class OTPTOTPConfig(OTPTOTPAppConfig):
    verbose_name = _("Authenticator apps")

    def ready(self):
        super().ready()
        _name_devices(self.get_model("TOTPDevice"), _("authenticator app"), _("authenticator apps"))


class OTPStaticConfig(OTPStaticAppConfig):
    verbose_name = _("Recovery codes")

    def ready(self):
        super().ready()
        _name_devices(
            self.get_model("StaticDevice"),
            _("set of recovery codes"),
            _("sets of recovery codes"),
        )
