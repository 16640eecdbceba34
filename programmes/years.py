"""The years the product accepts: the years of the range of dates people may type
(core.dates). Shared by models (key figures) and forms (year choosers)."""

from datetime import datetime

from django.utils import timezone

from core.dates import FIRST_YEAR, LAST_YEAR

__all__ = ["FIRST_YEAR", "LAST_YEAR", "year_datetime_bounds"]


def year_datetime_bounds(year: int) -> tuple[datetime, datetime]:
    """[1 January of `year`, 1 January of the next year) at midnight in the current time
    zone (Europe/Oslo): the instants of a year as the staff count them."""
    return timezone.make_aware(datetime(year, 1, 1)), timezone.make_aware(datetime(year + 1, 1, 1))
