"""The admin's user pages: a staff user made on one page (username, name, e-mail,
password or a link to choose one, role and næringshage), and the role and næringshage
shown and changed on the user's page. The roles are groups (accounts/roles.py), the
næringshage a StaffMembership; both are written by `programmes.services.users`, in the
admin's transaction. Imported by programmes/admin.py."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import password_validation
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UsernameField
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.admin import PermissionLabels
from accounts.roles import ADMINISTRATOR, ROLE_LABELS, ROLES
from core.forms import add_errors
from programmes.models import Naeringshage, StaffMembership
from programmes.services.users import (
    NO_ROLE,
    invitation_send,
    staff_role_check,
    staff_role_of,
    staff_user_create,
    staff_user_role_set,
)


def _role_field(*, none_allowed: bool = False) -> forms.ChoiceField:
    choices = [(role, ROLE_LABELS[role]) for role in ROLES]
    return forms.ChoiceField(
        label=capfirst(_("role")),
        choices=([(NO_ROLE, _("No role"))] if none_allowed else []) + choices,
        required=not none_allowed,
        help_text=_(
            "Advisers and managers use the staff pages of their næringshage; an "
            "administrator uses the admin."
        ),
    )


def _naeringshage_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=capfirst(_("næringshage")),
        queryset=Naeringshage.objects.order_by("name"),
        required=False,
        empty_label=_("None"),
        help_text=_("Required for advisers and managers: the user sees only its data."),
    )


class RoleFields(forms.ModelForm):
    """The role and the næringshage, checked as the service checks them."""

    editor: User | None = None  # who is saving (UserAdmin.get_form)

    def clean(self):
        cleaned = super().clean()
        if "role" in cleaned:
            try:
                staff_role_check(
                    role=cleaned["role"],
                    naeringshage=cleaned.get("naeringshage"),
                    user=self.instance if self.instance.pk else None,
                    changed_by=self.editor,
                )
            except ValidationError as error:
                add_errors(self, error)
        return cleaned


class StaffUserCreationForm(RoleFields):
    password1 = forms.CharField(
        label=_("Password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Leave both empty to e-mail an adviser or a manager a link to choose one."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    role = _role_field()
    naeringshage = _naeringshage_field()

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email"]
        field_classes = {"username": UsernameField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True

    def clean(self):
        cleaned = super().clean()
        password, again = cleaned.get("password1"), cleaned.get("password2")
        if password != again:
            self.add_error("password2", _("The two passwords are not the same."))
        elif password:
            user = User(
                username=cleaned.get("username") or "",
                first_name=cleaned.get("first_name") or "",
                last_name=cleaned.get("last_name") or "",
                email=cleaned.get("email") or "",
            )
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                self.add_error("password1", error)
        elif cleaned.get("role") == ADMINISTRATOR:
            self.add_error(
                "password1",
                _("An administrator gets no link by e-mail: give them a password."),
            )
        return cleaned


class StaffUserChangeForm(RoleFields, UserChangeForm):
    role = _role_field(none_allowed=True)
    naeringshage = _naeringshage_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.instance
        if user.pk:
            self.fields["role"].initial = staff_role_of(user)
            membership = StaffMembership.objects.filter(user=user).first()
            self.fields["naeringshage"].initial = membership and membership.naeringshage_id


class UserAdmin(PermissionLabels, DjangoUserAdmin):
    """Django's, with the role and the næringshage on the user's pages instead of
    groups, permissions and the staff and superuser flags (an administrator has them)."""

    add_form = StaffUserCreationForm
    form = StaffUserChangeForm
    add_fieldsets = [
        (None, {"fields": ["username", "first_name", "last_name", "email"]}),
        (_("Password"), {"fields": ["password1", "password2"]}),
        (_("Role"), {"fields": ["role", "naeringshage"]}),
    ]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Role"), {"fields": ["role", "naeringshage", "is_active"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "groups", "staff_membership__naeringshage"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.editor = request.user
        return form

    def save_model(self, request, obj, form, change):
        role, naeringshage = form.cleaned_data["role"], form.cleaned_data["naeringshage"]
        if change:
            super().save_model(request, obj, form, change)
            staff_user_role_set(
                user=obj, role=role, naeringshage=naeringshage, changed_by=request.user
            )
            return
        password = form.cleaned_data.get("password1") or None
        staff_user_create(user=obj, password=password, role=role, naeringshage=naeringshage)
        if password is None:
            base_url = request.build_absolute_uri("/")
            # Sent once the user is saved: a mail server that fails leaves them made.
            transaction.on_commit(lambda: self._send_link(request, obj, naeringshage, base_url))

    def _send_link(self, request, user, naeringshage, base_url):
        if invitation_send(
            naeringshage=naeringshage, user=user, invited_by=request.user, base_url=base_url
        ):
            self.message_user(
                request,
                gettext("A link to choose a password was sent to %(email)s.")
                % {"email": user.email},
            )
        else:
            self.message_user(
                request,
                gettext(
                    "The e-mail with the link could not be sent. The user is saved; send "
                    "the link again from the users page of the næringshage."
                ),
                messages.WARNING,
            )


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, UserAdmin)
