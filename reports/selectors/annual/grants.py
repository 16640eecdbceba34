"""The annual report's grants: each grant's part for the year and the subsidy drawn on it
in the period, in one query."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import OuterRef, Subquery, Sum

from core.money import ZERO
from funding.models import GrantAllocation, PricedService
from programmes.models import Naeringshage
from reports.selectors.period import MONEY

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class GrantUse:
    """A grant's part for the year, and the subsidy drawn on it in the period."""

    funder: str
    kind: str
    title: str
    allocated: Decimal
    used: Decimal

    @property
    def left(self) -> Decimal:
        return self.allocated - self.used


def grants_used(*, naeringshage: Naeringshage, year: int, start: date, end: date) -> list[GrantUse]:
    """Each grant's part for `year` with the subsidy drawn on it from `start` to `end`."""
    drawn = (
        PricedService.objects.counted()
        .filter(grant=OuterRef("grant"), date__gte=start, date__lte=end)
        .order_by()
        .values("grant")
        .annotate(total=Sum("subsidy"))
        .values("total")
    )
    rows = (
        GrantAllocation.objects.filter(grant__naeringshage=naeringshage, year=year)
        .annotate(used=Subquery(drawn, output_field=MONEY))
        .values("grant__funder__name", "grant__kind", "grant__title", "amount", "used")
        .order_by("grant__funder__name", "grant__kind", "grant__title", "grant__pk")
    )
    return [
        GrantUse(
            funder=row["grant__funder__name"],
            kind=row["grant__kind"],
            title=row["grant__title"],
            allocated=row["amount"],
            used=row["used"] or ZERO,
        )
        for row in rows
    ]
