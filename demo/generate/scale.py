"""How much is generated, over which years, and how it is spread: the scales, and the
weights that make næringshager and years differ in size."""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

# Generated næringshager have keys starting with this; nothing else does.
SLUG_PREFIX = "gen-"
PROGRAMME = "naeringshageprogrammet"
FIRST_YEAR = 2016
LAST_YEAR = 2025
OSLO = ZoneInfo("Europe/Oslo")


class GenerationError(Exception):
    """The data set cannot be generated here; the message says why."""


@dataclass(frozen=True)
class Scale:
    naeringshager: int
    companies: int
    services: int
    events_per_year: int  # for a næringshage of average size


SCALES = {
    "demo": Scale(naeringshager=2, companies=80, services=2_000, events_per_year=3),
    "region": Scale(naeringshager=5, companies=2_500, services=100_000, events_per_year=10),
    "national": Scale(naeringshager=40, companies=20_000, services=1_000_000, events_per_year=12),
}


def size_weights(count: int) -> list[float]:
    """Næringshager differ in size: the first is about three times the median."""
    raw = [1 / (index + 1) ** 0.5 for index in range(count)]
    total = sum(raw)
    return [weight / total for weight in raw]


def year_weights() -> dict[int, float]:
    """Activity grows by about a third over the decade."""
    raw = {year: 0.85 + 0.04 * (year - FIRST_YEAR) for year in range(FIRST_YEAR, LAST_YEAR + 1)}
    total = sum(raw.values())
    return {year: weight / total for year, weight in raw.items()}


def apportion(total: int, weights: list[float]) -> list[int]:
    """`total` split by `weights` into whole numbers that add up exactly."""
    counts = [int(total * weight) for weight in weights]
    for index in range(total - sum(counts)):
        counts[index % len(counts)] += 1
    return counts
