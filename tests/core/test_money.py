"""Kroner with øre: rounding, splitting and the Norwegian display."""

from decimal import Decimal

import pytest

from core.forms import KronerField
from core.money import (
    format_amount,
    format_count,
    format_decimal,
    format_hours,
    format_nok,
    format_percent,
    round_nok,
    split_evenly,
)

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal("1500000"), "1 500 000 kr"),
        (Decimal("2300.50"), "2 300,50 kr"),
        (Decimal("800000.00"), "800 000 kr"),
        (Decimal("0"), "0 kr"),
        (Decimal("999.999"), "1 000 kr"),
        (Decimal("-2300"), "−2 300 kr"),
        (Decimal("12.345"), "12,35 kr"),
    ],
)
def test_amounts_are_shown_the_norwegian_way(amount, shown):
    assert format_nok(amount).replace(NBSP, " ") == shown


def test_amounts_never_wrap_between_digits_and_unit():
    assert " " not in format_nok(Decimal("1500000"))


def test_rounding_takes_halves_away_from_zero():
    assert round_nok(Decimal("0.005")) == Decimal("0.01")
    assert round_nok(Decimal("-0.005")) == Decimal("-0.01")
    assert round_nok(Decimal("2.344")) == Decimal("2.34")


@pytest.mark.parametrize(
    ("total", "parts"), [("6000000", 3), ("5100000", 5), ("100", 3), ("0.05", 2), ("1", 7)]
)
def test_an_even_split_adds_up_to_the_total_exactly(total, parts):
    shares = split_evenly(Decimal(total), parts)

    assert len(shares) == parts
    assert sum(shares) == Decimal(total)
    assert max(shares) - min(shares) <= Decimal("0.01") * parts
    assert all(share == share.quantize(Decimal("0.01")) for share in shares)


def test_shares_are_shown_as_percent():
    assert format_percent(Decimal("0.254")).replace(NBSP, " ") == "25,4 %"
    assert format_percent(Decimal("1")).replace(NBSP, " ") == "100 %"
    assert format_percent(Decimal("-0.2")).replace(NBSP, " ") == "−20 %"  # a fall
    assert format_percent(Decimal("-0.0004")).replace(NBSP, " ") == "0 %"
    assert format_percent(None) == ""


@pytest.mark.parametrize(
    ("amount", "typed"),
    [
        (Decimal("1500000.00"), "1 500 000"),
        (Decimal("2300.50"), "2 300,50"),
        (Decimal("-800.00"), "-800"),
        (Decimal("0.00"), "0"),
    ],
)
def test_an_amount_is_shown_in_its_field_as_people_type_it(amount, typed):
    field = KronerField()
    assert field.prepare_value(amount) == typed
    assert field.clean(typed) == amount


@pytest.mark.parametrize(
    ("hours", "shown"),
    [
        (Decimal("80"), "80,00"),
        (Decimal("73.5"), "73,50"),
        (Decimal("1273.456"), "1\u00a0273,46"),
        (Decimal("-2"), "−2,00"),
        (None, ""),
    ],
)
def test_hours_always_have_two_decimals(hours, shown):
    assert format_hours(hours) == shown


def test_counts_group_their_thousands_and_euros_are_labelled_as_euros():
    assert format_count(1145) == "1\u00a0145"
    assert format_count(7) == "7"
    assert format_count(None) == ""
    assert format_amount(Decimal("442.26"), "EUR") == "442,26\u00a0EUR"
    assert format_amount(Decimal("200000"), "EUR") == "200\u00a0000\u00a0EUR"
    assert format_amount(Decimal("1500000")) == "1\u00a0500\u00a0000\u00a0kr"
    assert format_decimal(Decimal("11.2"), 4) == "11,2000"
