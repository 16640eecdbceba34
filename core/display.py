"""A stored value as every page writes it: the history, the edit-conflict comparison
and the admin's lists show a field's value through `field_text`, so that a figure never
looks one way on one page and another way on the next."""

from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.money import format_count, format_decimal

EMPTY = "–"


def field_text(model_field: models.Field, value) -> str:
    """`value` of `model_field` (not a relation, not a choice) as text: a field that
    knows its format says it (money in its currency, an organisation number in groups);
    dates as the language writes them; numbers with their thousands grouped, except
    years."""
    if value is None or value == "":
        return EMPTY
    if hasattr(model_field, "display_value"):
        return model_field.display_value(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return format_decimal(value, getattr(model_field, "decimal_places", None) or 0)
    if isinstance(value, int) and "year" not in model_field.name:
        return format_count(value)
    return str(value)
