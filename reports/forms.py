"""Input of the report pages: the year and, optionally, the half-year."""

from django import forms
from django.utils.translation import gettext_lazy as _

from programmes.forms import YearForm


class PeriodForm(YearForm):
    """The period a report shows: ?year=2016 for the whole year, &half=1 for January–June
    and &half=2 for July–December."""

    half = forms.TypedChoiceField(
        label=_("Half-year"),
        choices=[
            ("", _("Whole year")),
            ("1", _("1st half (Jan–Jun)")),
            ("2", _("2nd half (Jul–Dec)")),
        ],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={
            "invalid_choice": _(
                "Choose the whole year, half-year 1 (January–June) or half-year 2 (July–December)."
            ),
        },
    )

    @classmethod
    def from_request(cls, request) -> "PeriodForm":
        form = super().from_request(request)
        return cls(data={**form.data, "half": request.GET.get("half", "")})
