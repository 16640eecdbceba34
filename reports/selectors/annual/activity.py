"""The annual report's activity: services per municipality (grouped by the role in the
region), per service type and per funding line, and events per municipality. One grouped
query a section, plus one for the numbering valid in the year where rows name
municipalities."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count
from django.utils import timezone

from core.money import ZERO
from funding.models import Grant
from municipalities.models import municipality_label
from municipalities.selectors import numberings_on
from municipalities.validity import year_reference_date
from programmes.models import Naeringshage, RegionMembership
from programmes.selectors import events_of
from reports.selectors.period import service_amounts, services_in

if TYPE_CHECKING:
    pass

MARKET_PRICE = "market"
OUTSIDE_REGION = "outside"
# Funding lines in the order the report shows them; market price (no grant) last.
FUNDING_LINES = [*Grant.Kind.values, MARKET_PRICE]
REGION_GROUPS = [RegionMembership.Role.MEMBER, RegionMembership.Role.SERVICES_ONLY, OUTSIDE_REGION]


@dataclass(frozen=True)
class MunicipalityActivity:
    """The services to companies of one municipality in the period, with the municipality
    numbered as in the report's year (None where the reference data has a gap)."""

    municipality_id: int
    number: str | None
    name: str | None
    county_number: str | None
    county_name: str | None
    label: str
    services: int
    companies: int
    hours: Decimal
    price: Decimal
    own_share: Decimal
    subsidy: Decimal


def activity_per_municipality(
    *, naeringshage: Naeringshage, year: int, start: date, end: date
) -> list[MunicipalityActivity]:
    """Hours, price, own share and subsidy per company municipality (one grouped query),
    labelled with the numbering and county valid in `year` (one more query); ordered by
    county and number."""
    rows = list(
        services_in(naeringshage, start, end)
        .values("company__municipality")
        .annotate(
            services=Count("pk"),
            companies=Count("company", distinct=True),
            **service_amounts(),
        )
    )
    numberings = {
        numbering.municipality_id: numbering
        for numbering in numberings_on(
            year_reference_date(year),
            municipality_ids={row["company__municipality"] for row in rows},
        )
    }
    activity = []
    for row in rows:
        numbering = numberings.get(row["company__municipality"])
        activity.append(
            MunicipalityActivity(
                municipality_id=row["company__municipality"],
                number=numbering.number if numbering else None,
                name=numbering.name if numbering else None,
                county_number=numbering.county_number if numbering else None,
                county_name=numbering.county_name if numbering else None,
                label=(
                    municipality_label(
                        numbering.name, numbering.county_name, numbering.name_is_shared
                    )
                    if numbering
                    else str(row["company__municipality"])
                ),
                services=row["services"],
                companies=row["companies"],
                hours=row["hours"],
                price=row["price"],
                own_share=row["own_share"],
                subsidy=row["subsidy"],
            )
        )
    activity.sort(
        key=lambda item: (item.county_number or "99", item.number or "9999", item.municipality_id)
    )
    return activity


@dataclass(frozen=True)
class MunicipalityGroup:
    """The municipalities of one role in the region in the year: programme members,
    services-only municipalities, or outside the region."""

    role: str
    rows: list[MunicipalityActivity]


@dataclass(frozen=True)
class ServiceTypeActivity:
    name: str
    services: int
    hours: Decimal
    price: Decimal
    own_share: Decimal
    subsidy: Decimal


@dataclass(frozen=True)
class FundingLine:
    key: str  # a Grant.Kind value, or "market" for market price (no grant)
    services: int
    hours: Decimal
    price: Decimal
    own_share: Decimal
    subsidy: Decimal


@dataclass(frozen=True)
class EventActivity:
    municipality_id: int
    number: str | None
    label: str
    events: int
    participants: int


def municipality_groups(
    *, naeringshage: Naeringshage, year: int, start: date, end: date
) -> list[MunicipalityGroup]:
    """The activity per municipality (numbered and in the county of `year`), programme
    members first, then services-only municipalities, then any outside the region; by
    county and number inside each."""
    activity = activity_per_municipality(naeringshage=naeringshage, year=year, start=start, end=end)
    roles = dict(
        RegionMembership.objects.for_naeringshage(naeringshage)
        .overlapping(start, end)
        .order_by("valid_from")
        .values_list("municipality_id", "role")
    )
    groups = []
    for role in REGION_GROUPS:
        rows = [row for row in activity if roles.get(row.municipality_id, OUTSIDE_REGION) == role]
        if rows:
            groups.append(MunicipalityGroup(role=role, rows=rows))
    return groups


def service_types(services) -> list[ServiceTypeActivity]:
    rows = (
        services.values("service_type__name", "service_type__position")
        .annotate(services=Count("pk"), **service_amounts())
        .order_by("service_type__position", "service_type__name")
    )
    return [
        ServiceTypeActivity(
            name=row["service_type__name"],
            services=row["services"],
            hours=row["hours"],
            price=row["price"],
            own_share=row["own_share"],
            subsidy=row["subsidy"],
        )
        for row in rows
    ]


def funding_lines(services) -> list[FundingLine]:
    """Every funding line, with zeros where nothing was drawn on it."""
    rows = {
        row["grant__kind"] or MARKET_PRICE: row
        for row in services.values("grant__kind").annotate(
            services=Count("pk"), **service_amounts()
        )
    }
    lines = []
    for key in FUNDING_LINES:
        row = rows.get(key, {})
        lines.append(
            FundingLine(
                key=key,
                services=row.get("services", 0),
                hours=row.get("hours", ZERO),
                price=row.get("price", ZERO),
                own_share=row.get("own_share", ZERO),
                subsidy=row.get("subsidy", ZERO),
            )
        )
    return lines


def events_per_municipality(
    *, naeringshage: Naeringshage, year: int, start: date, end: date
) -> list[EventActivity]:
    """Events starting in the period (Oslo time) and their participants per municipality,
    numbered as in `year`, by number."""
    first_instant = timezone.make_aware(datetime(start.year, start.month, start.day))
    after = date.fromordinal(end.toordinal() + 1)
    last_instant = timezone.make_aware(datetime(after.year, after.month, after.day))
    rows = list(
        events_of(naeringshage=naeringshage)
        .filter(starts_at__gte=first_instant, starts_at__lt=last_instant)
        .values("municipality")
        .annotate(events=Count("pk", distinct=True), participant_count=Count("participants"))
        .order_by()
    )
    numberings = {
        numbering.municipality_id: numbering
        for numbering in numberings_on(
            year_reference_date(year), municipality_ids={row["municipality"] for row in rows}
        )
    }
    activity = []
    for row in rows:
        numbering = numberings.get(row["municipality"])
        activity.append(
            EventActivity(
                municipality_id=row["municipality"],
                number=numbering.number if numbering else None,
                label=numbering.label if numbering else str(row["municipality"]),
                events=row["events"],
                participants=row["participant_count"],
            )
        )
    activity.sort(key=lambda item: (item.number or "9999", item.municipality_id))
    return activity
