"""Input for grants and placements, with Norwegian messages."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from funding.models import Funder, Grant, Placement, TierLevel, TierModel
from funding.money import NBSP, format_nok
from programmes.forms import FIRST_YEAR, LAST_YEAR


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class MoneyFormField(forms.DecimalField):
    """Kroner as people type them: “1 500 000”, “1500000,50”, “2 300.50 kr”."""

    default_error_messages = {
        "invalid": _("Write the amount in kroner, such as “1 500 000” or “2 300,50”."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removesuffix("kr").strip()
            for separator in (" ", NBSP, "\u202f"):
                value = value.replace(separator, "")
            value = value.replace(",", ".")
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format_nok(value, unit=False)
        return value


def _year_field(label, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
        error_messages={"invalid": _("The year must be written with four digits, such as 2016.")},
        **kwargs,
    )


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (the rest above the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class GrantForm(forms.ModelForm):
    amount = MoneyFormField(label=_("amount"), help_text=_("The whole grant, in kroner."))
    first_year = _year_field(_("first year"))
    last_year = _year_field(_("last year"), help_text=_("The same as the first for one year."))

    class Meta:
        model = Grant
        fields = [
            "funder",
            "kind",
            "title",
            "first_year",
            "last_year",
            "amount",
            "granted_on",
            "received_on",
            "reporting_deadline",
            "conditions",
            "note",
        ]
        widgets = {
            "granted_on": DateInput(),
            "received_on": DateInput(),
            "reporting_deadline": DateInput(),
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Old rows may lack the date; what a manager records has it.
        self.fields["granted_on"].required = True
        self.fields["funder"].queryset = Funder.objects.order_by("name")
        self.allocation_years: list[int] = []
        grant = self.instance
        if grant.pk and grant.first_year != grant.last_year:
            existing = dict(grant.allocations.values_list("year", "amount"))
            for year in grant.year_list:
                name = f"allocation_{year}"
                self.fields[name] = MoneyFormField(
                    label=_("Allocation %(year)s") % {"year": year},
                    initial=existing.get(year, Decimal("0")),
                    min_value=Decimal("0"),
                )
                self.allocation_years.append(year)

    def _post_clean(self):
        # ModelForm would copy the input into the instance and validate it here; the
        # service does both, once, inside its transaction (see funding.services).
        pass

    @property
    def main_fields(self):
        return [self[name] for name in self.Meta.fields]

    @property
    def allocation_fields(self):
        return [self[f"allocation_{year}"] for year in self.allocation_years]

    def grant_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def allocations(self) -> dict[int, Decimal] | None:
        """The allocations typed in, or None when the manager did not touch them."""
        names = [f"allocation_{year}" for year in self.allocation_years]
        if not any(name in self.changed_data for name in names):
            return None
        return {year: self.cleaned_data[f"allocation_{year}"] for year in self.allocation_years}


class PlacementForm(forms.Form):
    """A placement, with a score and a comment for each criterion of the year's model."""

    year = _year_field(_("year"))
    level = forms.ModelChoiceField(
        label=_("level"),
        queryset=TierLevel.objects.none(),
        error_messages={"invalid_choice": _("Choose one of the levels in the list.")},
    )
    decision_date = forms.DateField(label=_("decision date"), widget=DateInput())
    letter_reference = forms.CharField(
        label=_("Siva's letter"),
        required=False,
        max_length=200,
        help_text=_("The reference or date of Siva's letter announcing the placement."),
    )
    rationale = forms.CharField(
        label=_("rationale"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, tier_model: TierModel | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = TierLevel.objects.select_related("tier_model").order_by(
            "-tier_model__first_year", "rank"
        )
        self.fields["level"].label_from_instance = lambda level: (
            f"{level.label} – {format_nok(level.yearly_amount)} ({level.tier_model.name})"
        )
        self.criteria = list(tier_model.criteria.all()) if tier_model else []
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("Score: %(criterion)s") % {"criterion": criterion.name},
                required=False,
                min_value=0,
                max_value=100,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment: %(criterion)s") % {"criterion": criterion.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @property
    def main_fields(self):
        return [self[name] for name in ("year", "level", "decision_date", "letter_reference")]

    @property
    def criterion_fields(self):
        return [
            (criterion, self[f"score_{criterion.pk}"], self[f"comment_{criterion.pk}"])
            for criterion in self.criteria
        ]

    def scores(self) -> dict[int, tuple[int | None, str]]:
        return {
            criterion.pk: (
                self.cleaned_data.get(f"score_{criterion.pk}"),
                self.cleaned_data.get(f"comment_{criterion.pk}", ""),
            )
            for criterion in self.criteria
        }

    @classmethod
    def initial_for(cls, placement: Placement) -> dict:
        initial = {
            "year": placement.year,
            "level": placement.level_id,
            "decision_date": placement.decision_date,
            "letter_reference": placement.letter_reference,
            "rationale": placement.rationale,
        }
        for score in placement.scores.all():
            initial[f"score_{score.criterion_id}"] = score.score
            initial[f"comment_{score.criterion_id}"] = score.comment
        return initial
