"""{% load money %}: {{ amount|nok }} → “1 500 000 kr”; {{ share|percent }} → “25 %”."""

from django import template

from core.money import format_nok, format_percent

register = template.Library()


@register.filter
def nok(amount):
    return format_nok(amount)


@register.filter
def percent(share):
    return format_percent(share)


@register.filter
def amount(value):
    """“1 500 000”, “6 241,19”: the NOK format without the unit (for euros, say)."""
    return format_nok(value, unit=False)
