"""The cells of the CSV files: text that a spreadsheet would run as a formula is written
as text; numbers and dates stay numbers."""

import csv
from datetime import date
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy

from core.spreadsheets import Echo, csv_cell, csv_text

FORMULAS = [
    '=HYPERLINK("http://x","klikk")',
    "=1+1",
    "+47 123",
    "@SUM(A1)",
    "-2+3",
    "\tTabulator AS",
    "\rRetur AS",
    "\nLinjeskift AS",
    "＝1+1",  # full-width equals sign, which some spreadsheets read as "="
]


@pytest.mark.parametrize("text", FORMULAS)
def test_text_that_a_spreadsheet_would_run_gets_a_leading_apostrophe(text):
    assert csv_cell(text) == "'" + text
    assert csv_text(text) == "'" + text


@pytest.mark.parametrize("text", ["Fjellbakst AS", "", "Bakeriet = godt", "'sitat'", "0437"])
def test_other_text_is_written_as_it_is(text):
    assert csv_cell(text) == text


def test_numbers_and_dates_are_never_prefixed():
    assert csv_cell(Decimal("-1500.00")) == "-1500,00"  # a number for Norwegian Excel
    assert csv_cell(Decimal("2300.50")) == "2300,50"
    assert csv_cell(-3) == "-3"
    assert csv_cell(date(2016, 3, 1)) == "01.03.2016"
    assert csv_cell(None) == ""


def test_a_label_that_is_not_a_plain_str_is_made_safe_too():
    assert csv_cell(gettext_lazy("=1+1")) == "'=1+1"


def test_echo_hands_back_the_line_the_csv_writer_made():
    writer = csv.writer(Echo(), delimiter=";")

    assert writer.writerow([csv_cell("=1+1"), csv_cell(Decimal("-1.50"))]) == "'=1+1;-1,50\r\n"
