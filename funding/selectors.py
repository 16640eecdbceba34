"""Reads of funding data: the frame and its use, grants of a year, the placement."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, Prefetch, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from funding.models import Grant, GrantAllocation, Placement, PlacementScore
from funding.money import ZERO
from programmes.models import Naeringshage

MONEY = DecimalField(max_digits=14, decimal_places=2)


def subsidy_drawn_expression():
    """The subsidy drawn on a grant, as an expression on Grant rows.

    Priced services are recorded against a grant; until they exist nothing is drawn.
    Kept as one expression so that frame use stays one aggregate query per page.
    """
    return Value(ZERO, output_field=MONEY)


@dataclass(frozen=True)
class FrameUse:
    year: int
    grant: Grant | None
    granted: Decimal
    used: Decimal
    left: Decimal
    share_used: Decimal | None  # 0..1, None without a frame

    @property
    def overdrawn(self) -> bool:
        return self.left < 0


def frames_with_use() -> QuerySet[Grant]:
    """Siva frames annotated with `used` (subsidy drawn) and `left`."""
    return (
        Grant.objects.filter(kind=Grant.Kind.SIVA_FRAME)
        .annotate(used=Coalesce(subsidy_drawn_expression(), Value(ZERO, output_field=MONEY)))
        .select_related("funder")
    )


def frame_use(*, naeringshage: Naeringshage, year: int) -> FrameUse:
    """The year's Siva frame: granted, used, left and the share used (one query)."""
    grant = frames_with_use().for_naeringshage(naeringshage).filter(first_year=year).first()
    if grant is None:
        return FrameUse(year, None, ZERO, ZERO, ZERO, None)
    left = grant.amount - grant.used
    return FrameUse(year, grant, grant.amount, grant.used, left, grant.used / grant.amount)


def allocations_in_year(*, naeringshage: Naeringshage, year: int) -> QuerySet[GrantAllocation]:
    """Every grant's part for `year`, with grant and funder, ordered by funder and kind."""
    return (
        GrantAllocation.objects.filter(grant__naeringshage=naeringshage, year=year)
        .select_related("grant__funder")
        .order_by("grant__funder__name", "grant__kind", "grant__title", "grant__pk")
    )


def totals_by_funder_and_kind(*, naeringshage: Naeringshage, year: int) -> list[dict]:
    """Sum of the year's allocations per funder and kind, computed in SQL."""
    rows = (
        GrantAllocation.objects.filter(grant__naeringshage=naeringshage, year=year)
        .values("grant__funder__name", "grant__kind")
        .annotate(total=Sum("amount"))
        .order_by("grant__funder__name", "grant__kind")
    )
    labels = dict(Grant.Kind.choices)
    return [{**row, "kind_label": labels[row["grant__kind"]]} for row in rows]


def placement_in_year(*, naeringshage: Naeringshage, year: int) -> Placement | None:
    """The year's placement with its level, tier model and criterion scores."""
    return (
        Placement.objects.for_naeringshage(naeringshage)
        .filter(year=year)
        .select_related("level__tier_model")
        .prefetch_related(
            Prefetch("scores", queryset=PlacementScore.objects.select_related("criterion"))
        )
        .first()
    )


def grants_of(*, naeringshage: Naeringshage) -> QuerySet[Grant]:
    return Grant.objects.for_naeringshage(naeringshage).select_related("funder")


def placements_of(*, naeringshage: Naeringshage) -> QuerySet[Placement]:
    return Placement.objects.for_naeringshage(naeringshage).select_related("level__tier_model")
