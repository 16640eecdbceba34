"""{% load report_tables %}: {{ value|cell:column }} shows a report table's value as
its column's kind says (money in NOK, a share in per cent, a date, a choice's label);
{% cell_class value column %} gives its cell's class."""

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html

from core.money import format_count, format_hours, format_nok, format_percent
from programmes.organisation_numbers import format_organisation_number
from reports.tables import CHOICE, DATE, HOURS, INTEGER, MONEY, ORGANISATION_NUMBER, PERCENT

register = template.Library()


@register.filter
def cell(value, column) -> str:
    if value is None or value == "":
        return "–"
    if column.kind == MONEY:
        return format_nok(value)
    if column.kind == HOURS:
        return format_hours(value)
    if column.kind == PERCENT:
        return format_percent(value)
    if column.kind == INTEGER:
        return format_count(value)
    if column.kind == DATE:
        return date_format(value, "SHORT_DATE_FORMAT")
    if column.kind == ORGANISATION_NUMBER:
        return format_organisation_number(value)
    if column.kind == CHOICE:
        return column.display_choice(value)
    return str(value)


@register.simple_tag
def cell_class(value, column) -> str:
    """The class attribute of a cell: numbers right-aligned, a negative amount marked."""
    if not column.numeric:
        return ""
    if value is not None and value < 0:
        return format_html(' class="{}"', "numeric figure--negative")
    return format_html(' class="{}"', "numeric")
