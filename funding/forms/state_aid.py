"""The year of the state-aid register page, and the file it is asked as (GET)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programmes.forms import YearForm


class AidRegisterForm(YearForm):
    """?year=2024 (default this year) and ?format=csv or xlsx for the file."""

    FORMATS = ("csv", "xlsx")

    format = forms.ChoiceField(
        required=False,
        choices=[("", ""), *((value, value.upper()) for value in FORMATS)],
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Ask for the file as CSV or XLSX.")},
    )

    @classmethod
    def from_request(cls, request) -> "AidRegisterForm":
        return cls(
            data={
                "year": request.GET.get("year", timezone.localdate().year),
                "format": request.GET.get("format", ""),
            }
        )
