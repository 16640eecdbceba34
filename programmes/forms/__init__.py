"""Input parsing for the programme's pages, with Norwegian messages."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programmes.years import FIRST_YEAR, LAST_YEAR


class YearForm(forms.Form):
    """The year a page shows (GET ?year=2016)."""

    year = forms.IntegerField(
        label=_("Year"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "required": _("Enter a year, such as 2016."),
            "invalid": _("The year must be written with four digits, such as 2016."),
            "min_value": _("The year must be %(limit_value)s or later."),
            "max_value": _("The year must be %(limit_value)s or earlier."),
        },
        # A text field rather than type=number: the browser neither alters a year with
        # arrow keys and the scroll wheel nor hides a mistyped value from the server.
        widget=forms.TextInput(
            attrs={"class": "year-form__input", "inputmode": "numeric", "size": 6}
        ),
    )

    @classmethod
    def from_request(cls, request) -> "YearForm":
        """The form for ?year=…; without it, this year."""
        return cls(data={"year": request.GET.get("year", timezone.localdate().year)})

    def navigation(self) -> dict:
        """`year`, `previous_year` and `next_year` for includes/_year_nav.html."""
        year = self.cleaned_data["year"]
        return {
            "year": year,
            "previous_year": year - 1 if year > FIRST_YEAR else None,
            "next_year": year + 1 if year < LAST_YEAR else None,
        }
