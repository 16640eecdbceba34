"""A code of a fixed number of digits, kept as text so that leading zeros stay ("0437")."""

from django.core import validators
from django.db import models


class DigitsField(models.CharField):
    """Text of exactly `digits` digits.

    The model gives the validator (its message names the field: "Kommunenummeret må ha
    fire sifre"). Django's generic maximum-length check is left out, because it would
    repeat that message less clearly for a value that is too long.
    """

    def __init__(self, *args, digits: int, **kwargs):
        self.digits = digits
        kwargs["max_length"] = digits
        super().__init__(*args, **kwargs)
        self.validators[:] = [
            validator
            for validator in self.validators
            if not isinstance(validator, validators.MaxLengthValidator)
        ]

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        del kwargs["max_length"]
        kwargs["digits"] = self.digits
        return name, path, args, kwargs

    def to_python(self, value):
        value = super().to_python(value)
        return value.strip() if isinstance(value, str) else value

    def formfield(self, **kwargs):
        # No maxlength in the form either: a pasted "04370" reaches the model's check
        # and gets its message, instead of being cut silently by the browser.
        return super().formfield(**{"max_length": None, **kwargs})
