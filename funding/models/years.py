"""The years a funding row is valid in: the year field, its label and its filter."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from core.dates import FIRST_YEAR, LAST_YEAR

YEAR_MIN = FIRST_YEAR
YEAR_MAX = LAST_YEAR


def year_field(verbose_name, **kwargs) -> models.PositiveSmallIntegerField:
    validators = [MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)]
    return models.PositiveSmallIntegerField(verbose_name, validators=validators, **kwargs)


def years_label(first: int | None, last: int | None) -> str:
    if first is None and last is None:
        return ""
    if first == last:
        return str(first)
    return f"{first or ''}–{last or ''}"


def in_years_q(year: int, first: str = "first_year", last: str = "last_year") -> Q:
    return (Q(**{f"{first}__isnull": True}) | Q(**{f"{first}__lte": year})) & (
        Q(**{f"{last}__isnull": True}) | Q(**{f"{last}__gte": year})
    )
