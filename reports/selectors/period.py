"""What every section of a report shares: the period's bounds, the services that count
in it, and the sums of their amounts."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, Sum, Value
from django.db.models.functions import Coalesce

from core.money import ZERO
from funding.models import PricedService
from programmes.models import Naeringshage

MONEY: "DecimalField[Decimal, Decimal]" = DecimalField(max_digits=14, decimal_places=2)
HALVES = {1: ((1, 1), (6, 30)), 2: ((7, 1), (12, 31))}


def period_bounds(year: int, half: int | None = None) -> tuple[date, date]:
    """First and last day of the year or of its half (1: January–June, 2: July–December)."""
    if half is None:
        return date(year, 1, 1), date(year, 12, 31)
    (first_month, first_day), (last_month, last_day) = HALVES[half]
    return date(year, first_month, first_day), date(year, last_month, last_day)


def money_sum(field_name: str):
    return Coalesce(Sum(field_name), Value(ZERO, output_field=MONEY))


def service_amounts() -> dict:
    return {
        "hours": money_sum("hours"),
        "price": money_sum("price"),
        "own_share": money_sum("own_share"),
        "subsidy": money_sum("subsidy"),
    }


@dataclass(frozen=True)
class Totals:
    services: int
    companies: int
    hours: Decimal
    price: Decimal
    own_share: Decimal
    subsidy: Decimal


def services_in(naeringshage: Naeringshage, start: date, end: date):
    return (
        PricedService.objects.for_naeringshage(naeringshage)
        .counted()
        .filter(date__gte=start, date__lte=end)
        .order_by()
    )
