"""The day of the survey contacts' page, and the file it is asked as (GET)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import date_field


class SurveyContactsForm(forms.Form):
    """?date=04.12.2026 (or 2026-12-04, as the date picker sends it; default today)
    and ?format=csv or xlsx for the file instead of the page."""

    FORMATS = ("csv", "xlsx")

    date = date_field(
        _("Date"), help_text=_("The target companies whose enrolment is current on this day.")
    )
    format = forms.ChoiceField(
        required=False,
        choices=[("", ""), *((value, value.upper()) for value in FORMATS)],
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Ask for the file as CSV or XLSX.")},
    )

    @classmethod
    def from_request(cls, request) -> "SurveyContactsForm":
        day = request.GET.get("date") or timezone.localdate().isoformat()
        return cls(data={"date": day, "format": request.GET.get("format", "")})
