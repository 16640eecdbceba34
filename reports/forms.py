"""Input of the report pages: the year and, optionally, the half-year."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import validate_multiline
from programmes.forms import YearForm
from reports.models import COMMENTARY_MAX


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


class ReopenForm(forms.Form):
    """Why a closed year is opened again: kept with the closing for the record."""

    reason = forms.CharField(
        label=_("Reason for reopening"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_(
            "Say what must be corrected and on whose request. The reason is kept with "
            "the year's closing."
        ),
        error_messages={"required": _("Say why the year is reopened.")},
    )


class CommentaryForm(forms.Form):
    """The manager's commentary on a period's report: a text for the report as a whole
    and one per section, each optional."""

    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, sections: list[tuple[str, str]], texts: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = [key for key, _label in sections]
        for key, label in sections:
            self.fields[key] = forms.CharField(
                label=label,
                required=False,
                max_length=COMMENTARY_MAX,
                initial=texts.get(key, ""),
                validators=[validate_multiline],
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={
                    "max_length": _(
                        "A commentary can be at most %(limit_value)d characters "
                        "(it has %(show_value)d)."
                    )
                },
            )

    @property
    def section_fields(self) -> list[forms.BoundField]:
        return [self[key] for key in self.sections]

    def texts(self) -> dict[str, str]:
        return {key: self.cleaned_data[key] for key in self.sections}
