"""Reads of the numbering: which number, name and county a municipality had on a day."""

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, TypedDict

from django.db.models import QuerySet

from municipalities.models import Municipality, MunicipalityNumbering

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class CountyOnDay(TypedDict):
        """What `numberings_on` annotates each numbering with."""

        county_number: str
        county_name: str

    NumberingOnDay = WithAnnotations[MunicipalityNumbering, CountyOnDay]


def numberings_on(
    day: date, *, municipality_ids: Iterable[int] | None = None
) -> "QuerySet[NumberingOnDay]":
    """The numbering in force on `day`, one row per municipality that existed then.

    Each row carries `county_number` and `county_name` as in force on the same day, and
    its `label` (“Os (Innlandet)”) costs no further query. One query.
    """
    numberings = MunicipalityNumbering.objects.valid_on(day).with_county_on(day)
    if municipality_ids is not None:
        numberings = numberings.filter(municipality_id__in=list(municipality_ids))
    return numberings.order_by("number")


def municipalities_valid_on(day: date) -> "QuerySet[NumberingOnDay]":
    """Every municipality that existed on `day`, by number, with its county of that day."""
    return numberings_on(day)


def numbering_of(municipality: Municipality, day: date) -> "NumberingOnDay | None":
    """The number, name and county (`county_number`, `county_name`) of a municipality on
    `day`, or None when it did not exist then."""
    return numberings_on(day, municipality_ids=[municipality.pk]).first()
