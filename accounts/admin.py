"""Two-factor devices in the admin: who has an authenticator app and recovery codes,
and removing them when a phone is lost (the user then sets up a new app at the next
login). Never adding one, and never showing a secret or a code: those stay with the
user. Replaces django-otp's own admin, which can show the secret as a QR code.

Also django-axes' login attempts, with its one action mended, and the groups (the roles)
with their permissions named in the language of the page."""

from axes.admin import AccessAttemptAdmin as AxesAccessAttemptAdmin
from axes.models import AccessAttempt
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

for _model in (TOTPDevice, StaticDevice, AccessAttempt, Group):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


class DeviceForm(forms.ModelForm):
    """Only for its help texts: django-otp's are English and not marked for translation
    (the names are given in accounts/apps.py)."""

    class Meta:
        help_texts = {
            "user": _("The user who logs in with it."),
            "name": _("The name the user sees."),
            "confirmed": _("Set up and in use."),
            "throttling_failure_count": _(
                "Wrong codes in a row; each makes the user wait longer before the next try."
            ),
            "throttling_failure_timestamp": _("Empty when the last code was right."),
            "created_at": "",
            "last_used_at": "",
        }


class DeviceAdmin(admin.ModelAdmin):
    form = DeviceForm
    list_display = ("user", "name", "confirmed", "created_at", "last_used_at")
    list_filter = ("confirmed",)
    list_select_related = ("user",)
    search_fields = ("user__username", "user__first_name", "user__last_name")
    fields = (
        "user",
        "name",
        "confirmed",
        "created_at",
        "last_used_at",
        "throttling_failure_count",
        "throttling_failure_timestamp",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TOTPDevice)
class AuthenticatorAppAdmin(DeviceAdmin):
    pass


@admin.register(StaticDevice)
class RecoveryCodesAdmin(DeviceAdmin):
    pass


@admin.register(AccessAttempt)
class AccessAttemptAdmin(AxesAccessAttemptAdmin):
    """django-axes' own. Its action "Clean up expired attempts" takes the time of the
    login being tried from the request, which axes sets only while it handles a login:
    from the admin it failed (AttributeError, a 500). Here the time is now, and the
    message says what was done in the page's language."""

    @admin.action(description=AxesAccessAttemptAdmin.cleanup_expired_attempts.short_description)
    def cleanup_expired_attempts(self, request, queryset):
        request.axes_attempt_time = timezone.now()
        count = self.handler.clean_expired_user_attempts(request=request)
        # axes' own message is an English f-string.
        self.message_user(
            request, gettext("%(count)s expired login attempts removed.") % {"count": count}
        )


# Django names a model's default permissions once, in English, in the database (“Can add
# company”); the admin shows them named in the page's language.
PERMISSION_ACTIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def permission_label(permission: Permission) -> str:
    """“Programmet og næringshagene | bedrift | Kan legge til bedrift”."""
    content_type = permission.content_type
    model = content_type.model_class()
    action, _sep, model_name = permission.codename.partition("_")
    if model is None or action not in PERMISSION_ACTIONS or model_name != model._meta.model_name:
        return str(permission)
    meta = model._meta
    what = PERMISSION_ACTIONS[action] % {"model": meta.verbose_name}
    return f"{meta.app_config.verbose_name} | {meta.verbose_name} | {what}"


class PermissionLabels:
    """A ModelAdmin's permission choices named in the page's language."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and db_field.name == "permissions":
            field.label_from_instance = permission_label
        return field


@admin.register(Group)
class GroupAdmin(PermissionLabels, DjangoGroupAdmin):
    pass
