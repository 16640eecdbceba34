"""Input of the manager's page "Users": inviting a staff user, and a user's role and
access."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.roles import ADVISER, MANAGER
from core.text import validate_single_line

ROLE_CHOICES = [(ADVISER, _("Adviser")), (MANAGER, _("Manager"))]
ROLE_HELP = _(
    "An adviser records companies, services and events. A manager also records grants, "
    "closes years, exports the reports and manages the users; a manager logs in with a "
    "second factor."
)


def _role_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Role"),
        choices=ROLE_CHOICES,
        help_text=ROLE_HELP,
        error_messages={
            "required": _("Choose adviser or manager."),
            "invalid_choice": _("Choose adviser or manager."),
        },
    )


class StaffUserInviteForm(forms.Form):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        validators=[validate_single_line],
        error_messages={
            "required": _("Write the first name."),
            "max_length": _("The first name can be at most %(limit_value)d characters."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        validators=[validate_single_line],
        error_messages={
            "required": _("Write the last name."),
            "max_length": _("The last name can be at most %(limit_value)d characters."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=150,  # it becomes the username, which holds at most 150
        help_text=_("The invitation is sent here. The address is also the username."),
        error_messages={
            "required": _("Write the e-mail address."),
            "invalid": _("Write a whole e-mail address, such as kari@example.no."),
            "max_length": _("The address can be at most %(limit_value)d characters."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = _role_field()


class StaffUserForm(forms.Form):
    role = _role_field()
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_(
            "Only an active user can log in. A deactivated user keeps their name on what "
            "they recorded, and can be made active again."
        ),
    )
