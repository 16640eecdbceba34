"""Periods of days: from a first day to a last day, both included; an empty last day
means "until further notice". One rule for whether two periods overlap, in Python and
as a query, and one way to write a period."""

from datetime import date

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext


def year_bounds(year: int) -> tuple[date, date]:
    """The first and last day of a year."""
    return date(year, 1, 1), date(year, 12, 31)


def periods_overlap(
    start: date, end: date | None, other_start: date, other_end: date | None
) -> bool:
    """Whether the two periods share at least one day."""
    return (other_end is None or start <= other_end) and (end is None or other_start <= end)


def overlapping_q(
    start: date,
    end: date | None,
    *,
    start_field: str = "valid_from",
    end_field: str = "valid_to",
) -> Q:
    """Rows whose period (`start_field` to `end_field`, empty: open-ended) shares at least
    one day with `start` to `end` (None: open-ended)."""
    condition = Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": start})
    if end is not None:
        condition &= Q(**{f"{start_field}__lte": end})
    return condition


def format_period(start: date, end: date | None) -> str:
    """“01.01.2014–31.12.2019” (with an en dash), or “fra 01.01.2020” when open-ended."""
    first = date_format(start, "SHORT_DATE_FORMAT")
    if end is None:
        return gettext("from %(start)s") % {"start": first}
    return f"{first}\u2013{date_format(end, 'SHORT_DATE_FORMAT')}"
