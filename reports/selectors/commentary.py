"""The manager's commentary on a period's report, as the report pages and files read it
while the year is open (a closed year's comes from its snapshot, reports.snapshots)."""

from django.db.models import Max

from programmes.models import Naeringshage
from reports.models import Commentary


def period_key(half: int | None) -> str:
    """The period's key in a closing's snapshot and in the commentary: "year", "half-1"
    or "half-2"."""
    return "year" if half is None else f"half-{half}"


def commentary_of(*, naeringshage: Naeringshage, year: int, half: int | None) -> dict[str, str]:
    """The period's commentary by section key (one query)."""
    return dict(
        Commentary.objects.for_naeringshage(naeringshage)
        .filter(year=year, period=period_key(half))
        .values_list("section", "text")
    )


def commentary_version(*, naeringshage: Naeringshage, year: int, half: int | None) -> str:
    """What the commentary form carries to say which version it was opened at: the
    latest change, or "" when the period has none."""
    latest = (
        Commentary.objects.for_naeringshage(naeringshage)
        .filter(year=year, period=period_key(half))
        .aggregate(latest=Max("updated_at"))["latest"]
    )
    return latest.isoformat() if latest else ""
