"""Text people type: names, titles and notes hold no invisible control characters.

A control character (a NUL, a bell, an escape…) cannot be shown and breaks files that
receive the text; a bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069)
makes a name read differently from what it holds (“Trojan Source”). Both are refused,
naming the character, so that the person can remove it. A line break and a tab are
allowed in text of several lines, nowhere else.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
LINE_BREAKS_AND_TABS = frozenset("\n\r\t")


def refused_character(value: str, *, multiline: bool) -> str | None:
    """The first character the text may not hold, or None."""
    for character in value:
        if character in BIDI_CONTROLS:
            return character
        if unicodedata.category(character) == "Cc" and not (
            multiline and character in LINE_BREAKS_AND_TABS
        ):
            return character
    return None


@deconstructible
class PlainTextValidator:
    """Refuses control characters and bidirectional overrides; `multiline` allows line
    breaks and tabs (for notes and descriptions)."""

    def __init__(self, *, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value) -> None:
        if not isinstance(value, str):
            return
        character = refused_character(value, multiline=self.multiline)
        if character is None:
            return
        if character in BIDI_CONTROLS:
            message = _(
                "The text holds an invisible character (U+%(code)s) that changes the "
                "direction of the text after it. Remove it, for instance by typing the "
                "text again instead of pasting it."
            )
        else:
            message = _(
                "The text holds an invisible control character (U+%(code)s) that cannot be "
                "shown. Remove it, for instance by typing the text again instead of pasting it."
            )
        raise ValidationError(
            message, code="control_character", params={"code": f"{ord(character):04X}"}
        )

    def __eq__(self, other) -> bool:
        return isinstance(other, PlainTextValidator) and other.multiline == self.multiline


validate_single_line = PlainTextValidator()
validate_multiline = PlainTextValidator(multiline=True)
