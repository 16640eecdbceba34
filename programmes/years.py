"""The years the product accepts: the programme's data starts long after the first, and
no plan reaches the last. Shared by models (key figures) and forms (year choosers)."""

from datetime import datetime

from django.utils import timezone

FIRST_YEAR = 1990
LAST_YEAR = 2100


def year_datetime_bounds(year: int) -> tuple[datetime, datetime]:
    """[1 January of `year`, 1 January of the next year) at midnight in the current time
    zone (Europe/Oslo): the instants of a year as the staff count them."""
    return timezone.make_aware(datetime(year, 1, 1)), timezone.make_aware(datetime(year + 1, 1, 1))
