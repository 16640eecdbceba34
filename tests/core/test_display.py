"""A stored value as every page writes it (core.display): the history, the edit-conflict
comparison and the admin all show figures this way."""

from datetime import date
from decimal import Decimal

from django.db import models
from django.utils import translation

from core.display import field_text
from core.money import MoneyField
from programmes.organisation_numbers import OrganisationNumberField

NBSP = "\u00a0"


def shown(model_field, value) -> str:
    return field_text(model_field, value).replace(NBSP, " ")


def test_figures_show_in_their_own_format():
    assert shown(MoneyField("price"), Decimal("5175.00")) == "5 175 kr"
    assert shown(MoneyField("subsidy in EUR", currency="EUR"), Decimal("442.26")) == "442,26 EUR"
    assert shown(OrganisationNumberField("number"), "979830580") == "979 830 580"
    assert shown(models.DecimalField(max_digits=6, decimal_places=2), Decimal("80")) == "80,00"
    employees = models.PositiveIntegerField("employees")
    employees.name = "employees"
    assert shown(employees, 1145) == "1 145"


def test_years_are_not_grouped_and_dates_follow_the_language():
    year = models.PositiveSmallIntegerField("first year")
    year.name = "first_year"
    assert shown(year, 2016) == "2016"
    day = models.DateField()
    with translation.override("nb"):
        assert shown(day, date(2016, 3, 10)) == "10.03.2016"
    with translation.override("en"):
        assert shown(day, date(2016, 3, 10)) == "10 Mar 2016"


def test_nothing_shows_as_a_dash():
    assert shown(MoneyField("price"), None) == "–"
