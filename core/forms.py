"""Form parts with no domain: the date and time pickers and fields (within the range of
core.dates), the amount field (core.money), the per cent field, the year field, and
putting a service's refusal on a form's fields."""

from collections.abc import Iterable
from decimal import Decimal
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.dates import (
    FIRST_YEAR,
    LAST_YEAR,
    PICKER_DAYS,
    PICKER_MOMENTS,
    validate_day_in_range,
    validate_moment_in_range,
)
from core.money import amount_text, percent_text


class DateInput(forms.DateInput):
    """The browser's date picker, offering the days people may type (core.dates); the
    value travels as 2016-03-01."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={**PICKER_DAYS, **(attrs or {})}, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """The browser's date and time picker; the value travels as 2016-03-01T09:30 and is
    read in the product's time zone (Europe/Oslo)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs={**PICKER_MOMENTS, **(attrs or {})}, format="%Y-%m-%dT%H:%M")


def date_time_field(label, **kwargs) -> forms.DateTimeField:
    """A time people type, within the range of core.dates (refused naming the range)."""
    return forms.DateTimeField(
        label=label,
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
        error_messages={
            "invalid": _("Write the date and time, such as “12.10.2016 09:00”."),
        },
        validators=[validate_moment_in_range],
        **kwargs,
    )


def date_field(label, **kwargs) -> forms.DateField:
    """A date people type, within the range of core.dates (refused naming the range)."""
    return forms.DateField(
        label=label,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={"invalid": _("Write the date, such as “01.03.2016”.")},
        validators=[validate_day_in_range],
        **kwargs,
    )


class KronerField(forms.DecimalField):
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
            for separator in (" ", "\u00a0", "\u202f"):
                value = value.replace(separator, "")
            value = value.replace(",", ".").replace("\u2212", "-")
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            # Plain spaces and a hyphen: what people type back into the field.
            return amount_text(value, separator=" ", minus="-")
        return value


def year_field(label, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
        error_messages={
            "required": _("Enter a year, such as 2016."),
            "invalid": _("The year must be written with four digits, such as 2016."),
            "min_value": _("The year must be %(limit_value)s or later."),
            "max_value": _("The year must be %(limit_value)s or earlier."),
        },
        **kwargs,
    )


def capitalise_choices(field: forms.ChoiceField) -> None:
    """Choice labels are lower case for use inside sentences (“… as målbedrift”); a list
    to choose from shows them capitalised."""
    # Once set on a field, the choices read back as (value, label) pairs.
    pairs = cast("Iterable[tuple[object, str]]", field.choices)
    field.choices = [(value, capfirst(label)) for value, label in pairs]


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (the rest above the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class ServiceModelForm(forms.ModelForm):
    """A ModelForm that only parses input: the service validates the row (its
    `full_clean()`), once, inside its transaction, and `add_errors` puts what it
    refuses on the fields."""

    def _post_clean(self):
        pass


class PercentField(forms.DecimalField):
    """A share typed as per cent, “25”, “12,5” or “25 %”, cleaned to a fraction from 0
    to 1 (0.25): how a share stored 0..1 (core.money.ShareField) is typed and shown."""

    default_error_messages = {
        "invalid": _("Write the share in per cent, such as “25” or “12,5 %”."),
        "range": _("The share must be from 0 to 100 %."),
        "max_decimal_places": _("Write the share with at most %(places)s decimals."),
    }

    def __init__(self, *, max_digits=5, decimal_places=4, **kwargs):
        kwargs.pop("min_value", None)
        kwargs.pop("max_value", None)
        # The fraction's places: 4 of them are two decimals of per cent.
        self.fraction_places = decimal_places
        super().__init__(max_digits=None, decimal_places=None, **kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "decimal", "size": 8})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removesuffix("%").strip().replace(",", ".")
            value = value.replace("\u2212", "-")
        percent = super().to_python(value)
        if percent is None:
            return None
        return percent / 100

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if not Decimal(0) <= value <= Decimal(1):
            raise ValidationError(self.error_messages["range"], code="range")
        if value != value.quantize(Decimal(1).scaleb(-self.fraction_places)):
            raise ValidationError(
                self.error_messages["max_decimal_places"],
                code="max_decimal_places",
                params={"places": max(self.fraction_places - 2, 0)},
            )

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return percent_text(value, space=" ")
        return value
