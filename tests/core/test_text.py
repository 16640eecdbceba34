"""Text people type holds no control characters or bidirectional overrides."""

import pytest
from django.core.exceptions import ValidationError

from core.text import validate_multiline, validate_single_line


@pytest.mark.parametrize(
    "typed",
    ["Fjellbakst AS", "Rørosmat – lokalmat & reiseliv", "Café «Sødd» 2", "עברית", "😀 AS", ""],
)
def test_ordinary_names_pass(typed):
    validate_single_line(typed)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Fjell\x00bakst", "0000"),
        ("Fjell\x07bakst", "0007"),
        ("\x1b[31mRød AS", "001B"),
        ("Fjell\x7fbakst", "007F"),
        ("Fjell\x85bakst", "0085"),
        ("Fjell\tbakst", "0009"),
        ("Fjell\nbakst", "000A"),
        ("kcabllejF\u202e AS", "202E"),
        ("Fjell\u202abakst", "202A"),
        ("Fjell\u2066bakst\u2069", "2066"),
        ("Fjell\u2069bakst", "2069"),
    ],
)
def test_a_single_line_refuses_control_and_bidirectional_characters_naming_them(typed, code):
    with pytest.raises(ValidationError) as refused:
        validate_single_line(typed)

    assert f"U+{code}" in refused.value.messages[0]


def test_text_of_several_lines_keeps_line_breaks_and_tabs():
    validate_multiline("Mål:\r\n\t1. Flere kunder\n\t2. Nytt marked")


@pytest.mark.parametrize("typed", ["Mål\x00", "Mål\u202e", "Mål\x0c"])
def test_text_of_several_lines_refuses_the_other_characters(typed):
    with pytest.raises(ValidationError):
        validate_multiline(typed)
