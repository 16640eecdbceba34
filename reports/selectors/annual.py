"""The annual and half-year report: what the næringshage accounts for to Siva, the
county councils and the owner municipalities. Each section is one grouped SQL query
(plus, where rows name municipalities, one query for the numbering valid in the year),
so the page costs the same number of queries whatever the number of services."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.money import ZERO
from funding.models import Grant, GrantAllocation, Placement, PricedService
from funding.selectors import FrameUse, frame_use, placement_in_year
from municipalities.selectors import numberings_on
from municipalities.validity import year_reference_date
from programmes.models import Company, Enrolment, KeyFigures, Naeringshage, RegionMembership
from programmes.models.enrolments import overlapping_q as enrolments_overlapping
from programmes.organisation_numbers import format_organisation_number
from programmes.selectors import enrolments_of, events_of
from reports.selectors.overview import (
    MONEY,
    MunicipalityActivity,
    Totals,
    activity_per_municipality,
    money_sum,
    period_bounds,
    services_in,
)

MARKET_PRICE = "market"
OUTSIDE_REGION = "outside"
# Funding lines in the order the report shows them; market price (no grant) last.
FUNDING_LINES = [*Grant.Kind.values, MARKET_PRICE]
REGION_GROUPS = [RegionMembership.Role.MEMBER, RegionMembership.Role.SERVICES_ONLY, OUTSIDE_REGION]


def _amounts() -> dict:
    return {
        "hours": money_sum("hours"),
        "price": money_sum("price"),
        "own_share": money_sum("own_share"),
        "subsidy": money_sum("subsidy"),
    }


@dataclass(frozen=True)
class MunicipalityGroup:
    """The municipalities of one role in the region in the year: programme members,
    services-only municipalities, or outside the region."""

    role: str
    label: str
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
    label: str
    services: int
    hours: Decimal
    price: Decimal
    own_share: Decimal
    subsidy: Decimal


@dataclass(frozen=True)
class GrantUse:
    """A grant's part for the year, and the subsidy drawn on it in the period."""

    funder: str
    kind: str
    kind_label: str
    title: str
    allocated: Decimal
    used: Decimal

    @property
    def left(self) -> Decimal:
        return self.allocated - self.used


@dataclass(frozen=True)
class CompanyFigures:
    helped: int
    new_target_companies: int
    active_target_companies: int  # at the period's last day
    women_yes: int
    women_no: int
    women_unknown: int
    employees: int | None
    employees_known: int
    revenue: Decimal | None
    revenue_known: int

    @property
    def women_share(self) -> Decimal | None:
        """yes / (yes + no); None when no helped company's answer is known."""
        known = self.women_yes + self.women_no
        return Decimal(self.women_yes) / Decimal(known) if known else None


@dataclass(frozen=True)
class ProgrammeCompany:
    organisation_number: str
    name: str
    municipality_number: str | None
    kind: str
    kind_label: str
    start_date: date
    end_date: date | None

    @property
    def organisation_number_display(self) -> str:
        return format_organisation_number(self.organisation_number)


@dataclass(frozen=True)
class EventActivity:
    municipality_id: int
    number: str | None
    label: str
    events: int
    participants: int


@dataclass(frozen=True)
class AnnualReport:
    year: int
    half: int | None
    start: date
    end: date
    totals: Totals
    municipality_groups: list[MunicipalityGroup]
    service_types: list[ServiceTypeActivity]
    funding_lines: list[FundingLine]
    frame: FrameUse
    placement: Placement | None
    grants: list[GrantUse]
    companies: CompanyFigures
    programme_companies: list[ProgrammeCompany]
    events: list[EventActivity]

    @property
    def municipalities(self) -> list[MunicipalityActivity]:
        return [row for group in self.municipality_groups for row in group.rows]

    @property
    def event_totals(self) -> tuple[int, int]:
        return (
            sum(row.events for row in self.events),
            sum(row.participants for row in self.events),
        )


def _municipality_groups(
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
    labels = {
        RegionMembership.Role.MEMBER: _("Programme members"),
        RegionMembership.Role.SERVICES_ONLY: _("Services only"),
        OUTSIDE_REGION: _("Outside the region"),
    }
    groups = []
    for role in REGION_GROUPS:
        rows = [row for row in activity if roles.get(row.municipality_id, OUTSIDE_REGION) == role]
        if rows:
            groups.append(MunicipalityGroup(role=role, label=labels[role], rows=rows))
    return groups


def _service_types(services) -> list[ServiceTypeActivity]:
    rows = (
        services.values("service_type__name", "service_type__position")
        .annotate(services=Count("pk"), **_amounts())
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


def _funding_lines(services) -> list[FundingLine]:
    """Every funding line, with zeros where nothing was drawn on it."""
    rows = {
        row["grant__kind"] or MARKET_PRICE: row
        for row in services.values("grant__kind").annotate(services=Count("pk"), **_amounts())
    }
    labels = {**dict(Grant.Kind.choices), MARKET_PRICE: _("Market price (no subsidy)")}
    lines = []
    for key in FUNDING_LINES:
        row = rows.get(key, {})
        lines.append(
            FundingLine(
                key=key,
                label=labels[key],
                services=row.get("services", 0),
                hours=row.get("hours", ZERO),
                price=row.get("price", ZERO),
                own_share=row.get("own_share", ZERO),
                subsidy=row.get("subsidy", ZERO),
            )
        )
    return lines


def _grants(*, naeringshage: Naeringshage, year: int, start: date, end: date) -> list[GrantUse]:
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
    labels = dict(Grant.Kind.choices)
    return [
        GrantUse(
            funder=row["grant__funder__name"],
            kind=row["grant__kind"],
            kind_label=labels[row["grant__kind"]],
            title=row["grant__title"],
            allocated=row["amount"],
            used=row["used"] or ZERO,
        )
        for row in rows
    ]


def _company_figures(
    *, naeringshage: Naeringshage, year: int, start: date, end: date, services, helped: int
) -> CompanyFigures:
    helped_ids = services.values("company")
    targets = (
        Enrolment.objects.for_naeringshage(naeringshage)
        .of_kind(Enrolment.Kind.TARGET)
        .order_by()
        .aggregate(
            new=Count(
                "company", distinct=True, filter=Q(start_date__gte=start, start_date__lte=end)
            ),
            active=Count("company", distinct=True, filter=enrolments_overlapping(end, end)),
        )
    )
    women = Company.objects.filter(pk__in=helped_ids).aggregate(
        yes=Count("pk", filter=Q(women_in_leadership=Company.WomenInLeadership.YES)),
        no=Count("pk", filter=Q(women_in_leadership=Company.WomenInLeadership.NO)),
        unknown=Count("pk", filter=Q(women_in_leadership=Company.WomenInLeadership.UNKNOWN)),
    )
    figures = KeyFigures.objects.filter(company__in=helped_ids, year=year).aggregate(
        employees_sum=Sum("employees"),
        employees_known=Count("employees"),
        revenue_sum=Sum("revenue"),
        revenue_known=Count("revenue"),
    )
    return CompanyFigures(
        helped=helped,
        new_target_companies=targets["new"],
        active_target_companies=targets["active"],
        women_yes=women["yes"],
        women_no=women["no"],
        women_unknown=women["unknown"],
        employees=figures["employees_sum"],
        employees_known=figures["employees_known"],
        revenue=figures["revenue_sum"],
        revenue_known=figures["revenue_known"],
    )


def _programme_companies(
    *, naeringshage: Naeringshage, year: int, start: date, end: date
) -> list[ProgrammeCompany]:
    """The enrolments running at some time in the period, by company name: the list Siva
    computes growth from (orgnr, name, municipality number of `year`, kind, avtalestart)."""
    rows = list(
        enrolments_of(naeringshage=naeringshage)
        .overlapping(start, end)
        .order_by("company__name", "company__pk", "start_date")
        .values(
            "company__organisation_number",
            "company__name",
            "company__municipality",
            "kind",
            "start_date",
            "end_date",
        )
    )
    numbers = dict(
        numberings_on(
            year_reference_date(year),
            municipality_ids={row["company__municipality"] for row in rows},
        ).values_list("municipality_id", "number")
    )
    labels = dict(Enrolment.Kind.choices)
    return [
        ProgrammeCompany(
            organisation_number=row["company__organisation_number"],
            name=row["company__name"],
            municipality_number=numbers.get(row["company__municipality"]),
            kind=row["kind"],
            kind_label=labels[row["kind"]],
            start_date=row["start_date"],
            end_date=row["end_date"],
        )
        for row in rows
    ]


def _events(
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
        .annotate(events=Count("pk", distinct=True), participants=Count("participants"))
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
                participants=row["participants"],
            )
        )
    activity.sort(key=lambda item: (item.number or "9999", item.municipality_id))
    return activity


def annual_report(
    *, naeringshage: Naeringshage, year: int, half: int | None = None
) -> AnnualReport:
    """The report of `year`, or of its half (1: January–June, 2: July–December).

    Services, companies and events count in the period; the Siva frame, its placement
    and the grants' parts are the year's, with the frame and grants used as drawn in the
    period. Municipalities carry the numbering and county valid in `year`. A fixed
    number of queries, whatever the number of services.
    """
    start, end = period_bounds(year, half)
    services = services_in(naeringshage, start, end)
    totals = Totals(
        **services.aggregate(
            services=Count("pk"), companies=Count("company", distinct=True), **_amounts()
        )
    )
    frame = frame_use(naeringshage=naeringshage, year=year)
    if half is not None and frame.grant is not None:
        used = services.filter(grant=frame.grant).aggregate(used=money_sum("subsidy"))["used"]
        frame = FrameUse(
            year,
            frame.grant,
            frame.granted,
            used,
            frame.granted - used,
            used / frame.granted,
        )
    return AnnualReport(
        year=year,
        half=half,
        start=start,
        end=end,
        totals=totals,
        municipality_groups=_municipality_groups(
            naeringshage=naeringshage, year=year, start=start, end=end
        ),
        service_types=_service_types(services),
        funding_lines=_funding_lines(services),
        frame=frame,
        placement=placement_in_year(naeringshage=naeringshage, year=year),
        grants=_grants(naeringshage=naeringshage, year=year, start=start, end=end),
        companies=_company_figures(
            naeringshage=naeringshage,
            year=year,
            start=start,
            end=end,
            services=services,
            helped=totals.companies,
        ),
        programme_companies=_programme_companies(
            naeringshage=naeringshage, year=year, start=start, end=end
        ),
        events=_events(naeringshage=naeringshage, year=year, start=start, end=end),
    )
