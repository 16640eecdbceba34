"""The report's targets: each target the næringshage has for the year against what it
reached from 1 January to the period's end, and whether it is on course (the share of
the target reached against the share of the year gone)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from funding.models import Target

# A target's state at the period's end (or today, while the period runs).
REACHED = "reached"
ON_COURSE = "on_course"
BEHIND = "behind"
NOT_REACHED = "not_reached"  # the year is over

_SHARE = Decimal("0.0001")


@dataclass(frozen=True)
class TargetResult:
    name: str
    target: int
    actual: int
    reached: Decimal | None  # actual / target; None for a target of 0
    year_gone: Decimal  # the share of the year gone by the period's end or today
    status: str


def share(part: int, whole: int) -> Decimal:
    return (Decimal(part) / Decimal(whole)).quantize(_SHARE, rounding=ROUND_HALF_UP)


def year_gone(year: int, end: date, today: date) -> Decimal:
    """The share of `year`'s days gone by `end` or by `today`, whichever is earlier."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    until = min(end, today)
    if until < first:
        return Decimal("0")
    return share((until - first).days + 1, (last - first).days + 1)


def status_of(target: int, actual: int, reached: Decimal | None, gone: Decimal) -> str:
    if actual >= target:
        return REACHED
    if gone >= 1:
        return NOT_REACHED
    return ON_COURSE if reached is not None and reached >= gone else BEHIND


def target_results(
    targets: list[Target],
    measure: Callable[[str], int],
    *,
    year: int,
    end: date,
    today: date,
) -> list[TargetResult]:
    """Each target against its measure's figure (`measure` computes it)."""
    gone = year_gone(year, end, today)
    results = []
    for target in targets:
        actual = measure(target.kind.measure)
        reached = share(actual, target.value) if target.value else None
        results.append(
            TargetResult(
                name=target.kind.name,
                target=target.value,
                actual=actual,
                reached=reached,
                year_gone=gone,
                status=status_of(target.value, actual, reached, gone),
            )
        )
    return results
