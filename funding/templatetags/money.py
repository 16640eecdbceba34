"""{% load money %}: the product's figures from core.money. {{ amount|nok }} → “1 500 000
kr”; {{ share|percent }} → “25 %”; {{ hours|hours }} → “80,00”; {{ count|count }} →
“1 145”; {{ euros|eur }} → “442,26 EUR”."""

from django import template

from core.money import format_amount, format_count, format_hours, format_nok, format_percent

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


@register.filter
def hours(value):
    """Hours always with two decimals: “80,00”."""
    return format_hours(value)


@register.filter
def count(value):
    """A whole number with its thousands grouped: “1 145”."""
    return format_count(value)


@register.filter
def eur(value):
    """An amount in euros, labelled as such: “442,26 EUR”."""
    return format_amount(value, "EUR")
