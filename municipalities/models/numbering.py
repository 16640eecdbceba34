"""The numbers' formats, and what a numbering shows: a municipality's label and the
numbering in force."""

from datetime import date

from django.core.validators import RegexValidator
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

COUNTY_NUMBER_PATTERN = r"^[0-9]{2}\Z"
MUNICIPALITY_NUMBER_PATTERN = r"^[0-9]{4}\Z"

validate_county_number = RegexValidator(
    COUNTY_NUMBER_PATTERN,
    _("The county number must be exactly two digits, such as “04” or “34”."),
    code="county_number_format",
)
validate_municipality_number = RegexValidator(
    MUNICIPALITY_NUMBER_PATTERN,
    _(
        "The municipality number must be exactly four digits, with a leading zero where "
        "there is one, such as “0437” or “5025”."
    ),
    code="municipality_number_format",
)


def municipality_label(name: str, county_name: str | None, name_is_shared: bool) -> str:
    """A municipality's name as shown to people: “Os (Innlandet)” where the name is shared."""
    if name_is_shared and county_name:
        return f"{name} ({county_name})"
    return name


def short_date(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def latest_in_force(numberings: list, today: date):
    """The numbering in force today or, for what no longer exists, the last one."""
    started = [numbering for numbering in numberings if numbering.valid_from <= today]
    candidates = started or numberings
    return max(candidates, key=lambda numbering: numbering.valid_from, default=None)
