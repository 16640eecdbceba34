"""Reads for the dashboard: every figure is aggregated in SQL, one grouped query a section."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, DecimalField, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.money import ZERO
from funding.models import PricedService
from funding.selectors import FrameUse, frame_use, totals_by_funder_and_kind
from municipalities.models import municipality_label
from municipalities.selectors import numberings_on
from municipalities.validity import year_reference_date
from programmes.models import Naeringshage
from programmes.selectors.companies import new_target_companies_in_year
from programmes.selectors.events import events_of

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


@dataclass(frozen=True)
class Totals:
    services: int
    companies: int
    hours: Decimal
    price: Decimal
    own_share: Decimal
    subsidy: Decimal


@dataclass(frozen=True)
class Dashboard:
    year: int
    half: int | None
    start: date
    end: date
    frame: FrameUse
    municipalities: list[MunicipalityActivity]
    totals: Totals
    new_target_companies: int
    events: int
    participants: int
    grants: list[dict] = field(default_factory=list)

    @property
    def companies_helped(self) -> int:
        return self.totals.companies


def services_in(naeringshage: Naeringshage, start: date, end: date):
    return (
        PricedService.objects.for_naeringshage(naeringshage)
        .counted()
        .filter(date__gte=start, date__lte=end)
        .order_by()
    )


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
            hours=money_sum("hours"),
            price=money_sum("price"),
            own_share=money_sum("own_share"),
            subsidy=money_sum("subsidy"),
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


def dashboard(*, naeringshage: Naeringshage, year: int, half: int | None = None) -> Dashboard:
    """The dashboard of a year or half-year. Services, companies helped, new målbedrifter
    and events count in the period; the Siva frame and the grants are the whole year's.
    Eight queries, whatever the number of services."""
    start, end = period_bounds(year, half)
    totals = services_in(naeringshage, start, end).aggregate(
        services=Count("pk"),
        companies=Count("company", distinct=True),
        hours=money_sum("hours"),
        price=money_sum("price"),
        own_share=money_sum("own_share"),
        subsidy=money_sum("subsidy"),
    )
    new_targets = (
        new_target_companies_in_year(naeringshage=naeringshage, year=year)
        .filter(start_date__gte=start, start_date__lte=end)
        .order_by()
        .values("company")
        .distinct()
        .count()
    )
    first_instant = timezone.make_aware(datetime(start.year, start.month, start.day))
    after = date.fromordinal(end.toordinal() + 1)
    last_instant = timezone.make_aware(datetime(after.year, after.month, after.day))
    events = (
        events_of(naeringshage=naeringshage)
        .filter(starts_at__gte=first_instant, starts_at__lt=last_instant)
        .order_by()
        .aggregate(events=Count("pk", distinct=True), participants=Count("participants"))
    )
    return Dashboard(
        year=year,
        half=half,
        start=start,
        end=end,
        frame=frame_use(naeringshage=naeringshage, year=year),
        municipalities=activity_per_municipality(
            naeringshage=naeringshage, year=year, start=start, end=end
        ),
        totals=Totals(**totals),
        new_target_companies=new_targets,
        events=events["events"],
        participants=events["participants"],
        grants=totals_by_funder_and_kind(naeringshage=naeringshage, year=year),
    )
