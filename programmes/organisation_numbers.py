"""Norwegian organisation numbers (organisasjonsnummer): 9 digits with a check digit.

Stored as the 9 digits ("912345688"), typed in any common way ("912 345 688"), shown
grouped ("912 345 688"). The check digit is verified with python-stdnum, and the first
digit is 8 or 9: Enhetsregisteret issues no other numbers.
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


# The weights of the first eight digits; the check digit makes the weighted sum of all
# nine (the last weighs 1) divisible by 11.
WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)

# Enhetsregisteret issues numbers starting with 8 or 9 only: a number such as 000000000
# passes the check digit but belongs to no one.
ISSUED_FIRST_DIGITS = "89"


def calc_check_digit(first_eight: str) -> str | None:
    """The check digit of eight digits, or None when none exists.

    11 − (weighted sum mod 11); remainder 0 gives 0, and remainder 1 would need “10”:
    no organisation number starts with those eight digits. Built on python-stdnum's
    checksum, which weighs a ninth digit (here 0) with 1.
    """
    remainder = orgnr.checksum(first_eight + "0")
    if remainder == 0:
        return "0"
    if remainder == 1:
        return None
    return str(11 - remainder)


def validate_organisation_number(value: str) -> None:
    """Refuses a number that cannot exist, saying which rule it breaks."""
    try:
        orgnr.validate(value)
    except InvalidLength:
        digits = compact_organisation_number(value)
        raise ValidationError(
            _(
                "The organisation number has %(count)s digits; it must have nine, such as "
                "“912 345 688”."
            ),
            code="organisation_number_length",
            params={"count": len(digits)},
        ) from None
    except InvalidFormat:  # after InvalidLength, its subclass
        raise ValidationError(
            _(
                "The organisation number may hold only digits (spaces are allowed between "
                "them): nine digits, such as “912 345 688”."
            ),
            code="organisation_number_format",
        ) from None
    except InvalidChecksum:
        expected = calc_check_digit(value[:8])
        if expected is None:
            raise ValidationError(
                _(
                    "The organisation number %(value)s is not valid: no check digit fits its "
                    "first eight digits (their weighted sum leaves remainder 1 when divided "
                    "by 11), so no organisation number starts with them. Check it against "
                    "the Brønnøysund Register Centre."
                ),
                code="organisation_number_no_check_digit",
                params={"value": value},
            ) from None
        raise ValidationError(
            _(
                "The organisation number %(value)s is not valid: the check digit (the last "
                "digit) is %(actual)s, but the first eight digits give %(expected)s. Check "
                "it against the Brønnøysund Register Centre."
            ),
            code="organisation_number_checksum",
            params={"value": value, "actual": value[-1], "expected": expected},
        ) from None
    if value[0] not in ISSUED_FIRST_DIGITS:
        raise ValidationError(
            _(
                "The organisation number %(value)s cannot be right: organisation numbers from "
                "the Brønnøysund Register Centre start with 8 or 9. Check it against the "
                "register."
            ),
            code="organisation_number_first_digit",
            params={"value": format_organisation_number(value)},
        )


def format_organisation_number(value: str) -> str:
    """“912 345 688”; anything that is not nine digits is shown as it is."""
    if len(value) == 9 and value.isdigit():
        return orgnr.format(value)
    return value


class OrganisationNumberFormField(forms.CharField):
    # The form says what is wrong before anything else is checked.
    default_validators = [validate_organisation_number]

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

    def display_value(self, value) -> str:
        """The number as pages, history and the admin show it: “912 345 688”."""
        return format_organisation_number(value)
