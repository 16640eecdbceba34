"""Norwegian organisation numbers (organisasjonsnummer): 9 digits with a check digit.

Stored as the 9 digits ("123456785"), typed in any common way ("123 456 785"), shown
grouped ("123 456 785"). The check digit is verified with python-stdnum.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.no import orgnr


def compact_organisation_number(value: str) -> str:
    """The digits alone: spaces, dots and dashes people type are dropped."""
    return "".join(character for character in value if character not in " .-\u00a0")


def validate_organisation_number(value: str) -> None:
    try:
        orgnr.validate(value)
    except (InvalidFormat, InvalidLength):
        raise ValidationError(
            _("The organisation number must be nine digits, such as “123 456 785”."),
            code="organisation_number_format",
        ) from None
    except InvalidChecksum:
        raise ValidationError(
            _(
                "The organisation number %(value)s is not valid: its check digit is wrong. "
                "Check it against the Brønnøysund Register Centre."
            ),
            code="organisation_number_checksum",
            params={"value": value},
        ) from None


def format_organisation_number(value: str) -> str:
    """“123 456 785”; anything that is not nine digits is shown as it is."""
    if len(value) == 9 and value.isdigit():
        return orgnr.format(value)
    return value


class OrganisationNumberFormField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs["max_length"] = None
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "numeric")
        self.widget.attrs.setdefault("autocomplete", "off")

    def to_python(self, value):
        return compact_organisation_number(super().to_python(value))

    def prepare_value(self, value):
        return format_organisation_number(value) if isinstance(value, str) else value


class OrganisationNumberField(models.CharField):
    """An organisation number, or empty where the field allows it (`blank=True`)."""

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = 9
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        del kwargs["max_length"]
        return name, path, args, kwargs

    def to_python(self, value):
        value = super().to_python(value)
        return compact_organisation_number(value) if isinstance(value, str) else value

    def run_validators(self, value):
        # The check digit covers the length too; Django's "at most 9 characters" would
        # only repeat it less clearly.
        if value in self.empty_values:
            return
        validate_organisation_number(value)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": OrganisationNumberFormField, **kwargs})
