"""The dates and times a person may type: from 1 January 1990 to 31 December 2100.

The programme's data starts long after 1990 and no plan reaches 2100; a date outside
is a slip of the keyboard (0001-01-01, 9999-12-31). Such a date is worse than wrong:
a time in year 1 in Oslo is a time before Christ in UTC, which PostgreSQL stores and
psycopg2 cannot read back, and a spreadsheet shows a date before 1900 as #VALUE!.

One range for the forms (their validators and the date pickers' min and max), the
model fields (their validators, so `full_clean()` names the field) and the database
(a CHECK constraint on each column, made by `in_range_constraint`). The years people
type (programmes.years) are the years of this range.

Times are bounded as the staff count days, in Oslo: from 1990-01-01 00:00 to before
2101-01-01 00:00 Oslo time. The bounds are fixed instants in UTC, so the constraint is
the same SQL on SQLite and PostgreSQL whatever the settings' time zone.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from core.constraints import CheckConstraint

FIRST_YEAR = 1990
LAST_YEAR = 2100

FIRST_DAY = date(FIRST_YEAR, 1, 1)
LAST_DAY = date(LAST_YEAR, 12, 31)

# The product's time zone, written here rather than read from settings: a constraint in
# the database must not move with a setting.
OSLO = ZoneInfo("Europe/Oslo")
FIRST_MOMENT = datetime(FIRST_YEAR, 1, 1, tzinfo=OSLO).astimezone(UTC)
END_MOMENT = datetime(LAST_YEAR + 1, 1, 1, tzinfo=OSLO).astimezone(UTC)  # not included

# What a date picker offers (<input type="date"> and "datetime-local").
PICKER_DAYS = {"min": FIRST_DAY.isoformat(), "max": LAST_DAY.isoformat()}
PICKER_MOMENTS = {"min": f"{FIRST_DAY.isoformat()}T00:00", "max": f"{LAST_DAY.isoformat()}T23:59"}

RANGE_MESSAGE = _("The date must be between %(first)s and %(last)s.")


def _short(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


# The range's first and last day as the language active when the message is shown writes
# them (01.01.1990), not the one active when the date was checked.
RANGE_PARAMS = {
    "first": lazy(_short, str)(FIRST_DAY),
    "last": lazy(_short, str)(LAST_DAY),
}


def _range_message() -> str:
    return RANGE_MESSAGE % RANGE_PARAMS


# The message with the range filled in, in the language active when it is shown: what
# a constraint says (its message takes no parameters of its own).
range_message = lazy(_range_message, str)()


def _refuse():
    raise ValidationError(RANGE_MESSAGE, code="date_out_of_range", params=RANGE_PARAMS)


def validate_day_in_range(value: date) -> None:
    if isinstance(value, datetime):
        validate_moment_in_range(value)
    elif value is not None and not FIRST_DAY <= value <= LAST_DAY:
        _refuse()


def validate_moment_in_range(value: datetime) -> None:
    # Compared as instants: no conversion of year 1 or 9999 that could overflow. A
    # naive time is read as Oslo time, as the services read it.
    if value is None:
        return
    if value.tzinfo is None:
        value = value.replace(tzinfo=OSLO)
    if not FIRST_MOMENT <= value < END_MOMENT:
        _refuse()


def day_in_range_q(field: str) -> Q:
    return Q(**{f"{field}__gte": FIRST_DAY, f"{field}__lte": LAST_DAY})


def moment_in_range_q(field: str) -> Q:
    return Q(**{f"{field}__gte": FIRST_MOMENT, f"{field}__lt": END_MOMENT})


def in_range_constraint(
    name: str, field: str, *, moments: bool = False, null: bool = False
) -> CheckConstraint:
    """The CHECK constraint that keeps `field` (a date, or with `moments` a time) in the
    range; with `null`, an empty value passes too."""
    condition = moment_in_range_q(field) if moments else day_in_range_q(field)
    if null:
        condition = Q(**{f"{field}__isnull": True}) | condition
    return CheckConstraint(condition=condition, name=name, violation_error_message=range_message)
