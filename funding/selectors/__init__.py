"""Reads of funding data: the frame and its use, grants of a year, the placement."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext

from core.history import (
    ComparedField,
    HistoryEntry,
    HistorySource,
    compare_versions,
    history_entries,
)
from core.money import ZERO
from funding.models import (
    Grant,
    GrantAllocation,
    Placement,
    PlacementScore,
    PricedService,
    StateAidRule,
    Target,
    TargetKind,
)
from municipalities.models import MunicipalityNumbering
from programmes.models import Company, Naeringshage, ScopedQuerySet

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from funding.models.services import PricedServiceQuerySet

    class FrameUsed(TypedDict):
        """What `frames_with_use` annotates each frame with."""

        used: Decimal

    FrameWithUse = WithAnnotations[Grant, FrameUsed]

MONEY: "DecimalField[Decimal, Decimal]" = DecimalField(max_digits=14, decimal_places=2)


def subsidy_drawn_expression(year: int | None = None):
    """The subsidy drawn on a grant (in `year`, if given) by the services that count,
    as an expression on Grant rows: frame use stays one query whatever the services."""
    services = PricedService.objects.counted().filter(grant=OuterRef("pk"))
    if year is not None:
        services = services.filter(date__year=year)
    total = services.order_by().values("grant").annotate(total=Sum("subsidy")).values("total")
    return Coalesce(Subquery(total, output_field=MONEY), Value(ZERO, output_field=MONEY))


@dataclass(frozen=True)
class Drawn:
    """What the services that count have drawn on a grant in one year."""

    subsidy: Decimal
    services: int


def drawn_by_year(*, grant: Grant) -> dict[int, Drawn]:
    """The subsidy drawn on `grant` and the number of services drawing it, per year of
    the services' dates (one query; the same services as `subsidy_drawn_expression`)."""
    rows = (
        PricedService.objects.counted()
        .filter(grant=grant)
        .annotate(year=ExtractYear("date"))
        .order_by()
        .values("year")
        .annotate(total=Coalesce(Sum("subsidy"), ZERO), count=Count("pk"))
    )
    return {row["year"]: Drawn(row["total"], row["count"]) for row in rows}


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


def frames_with_use() -> "ScopedQuerySet[FrameWithUse]":
    """Siva frames annotated with `used` (subsidy drawn) and `left`."""
    return (
        Grant.objects.filter(kind=Grant.Kind.SIVA_FRAME)
        .annotate(used=subsidy_drawn_expression())
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


def targets_in_year(*, naeringshage: Naeringshage, year: int) -> list[Target]:
    """The year's targets with their kinds, in the kinds' order."""
    return list(
        Target.objects.for_naeringshage(naeringshage)
        .filter(year=year)
        .select_related("kind")
        .order_by("kind__position", "kind__name")
    )


def target_kinds_in_year(year: int) -> list[TargetKind]:
    """The kinds of target the programme period of `year` names."""
    return list(TargetKind.objects.valid_in(year).order_by("position", "name"))


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


# --- Priced services ---------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceTotals:
    count: int
    hours: Decimal
    price: Decimal
    own_share: Decimal
    subsidy: Decimal


def advisers_with_services(*, naeringshage: Naeringshage) -> QuerySet:
    """The users who have recorded services in the næringshage (EXISTS on the (adviser,
    næringshage) index, not DISTINCT over every service)."""
    has_services = PricedService.objects.filter(naeringshage=naeringshage, adviser=OuterRef("pk"))
    return get_user_model().objects.filter(Exists(has_services))


def _in_half(services: "PricedServiceQuerySet", half: int) -> "PricedServiceQuerySet":
    """January–June (1) or July–December (2), of whichever year is filtered."""
    return services.filter(date__month__lte=6) if half == 1 else services.filter(date__month__gte=7)


def services_filtered(*, naeringshage: Naeringshage, filters: dict) -> QuerySet[PricedService]:
    """The næringshage's services narrowed by the list's filters (see ServiceFilterForm).

    Without a `voided` filter only the services that count are included.
    """
    services = PricedService.objects.for_naeringshage(naeringshage)
    voided = filters.get("voided", "")
    if voided == "only":
        services = services.filter(voided_at__isnull=False)
    elif voided != "all":
        services = services.counted()
    if "year" in filters:
        services = services.in_year(filters["year"])
    if "half" in filters:
        services = _in_half(services, filters["half"])
    if "month" in filters:
        services = services.filter(date__month=filters["month"])
    if "adviser" in filters:
        services = services.filter(adviser=filters["adviser"])
    if "service_type" in filters:
        services = services.filter(service_type=filters["service_type"])
    if "municipality" in filters:
        services = services.filter(company__municipality=filters["municipality"])
    line = filters.get("funding_line")
    if line == "market":
        services = services.filter(grant__isnull=True)
    elif line:
        services = services.filter(grant_id=int(line))
    return services


def services_for_list(services: QuerySet[PricedService]) -> QuerySet[PricedService]:
    """What a row of the list shows, in a fixed number of queries."""
    return services.select_related(
        "company", "service_type", "adviser", "grant__funder"
    ).prefetch_related(
        Prefetch(
            "company__municipality__numberings",
            queryset=MunicipalityNumbering.objects.select_related("county").prefetch_related(
                "county__numberings"
            ),
        )
    )


def services_totals(services: QuerySet[PricedService]) -> ServiceTotals:
    """Count, hours, price, own share and subsidy of `services`, in one SQL query."""
    totals = services.aggregate(
        count=Count("pk"),
        hours=Coalesce(Sum("hours"), Value(ZERO, output_field=MONEY)),
        price=Coalesce(Sum("price"), Value(ZERO, output_field=MONEY)),
        own_share=Coalesce(Sum("own_share"), Value(ZERO, output_field=MONEY)),
        subsidy=Coalesce(Sum("subsidy"), Value(ZERO, output_field=MONEY)),
    )
    return ServiceTotals(**totals)


def latest_services_of(
    *,
    naeringshage: Naeringshage,
    adviser,
    year: int | None = None,
    half: int | None = None,
    limit: int = 10,
):
    """The adviser's latest services, newest first (for the dashboard), in `year` (and its
    half, 1 or 2) when given."""
    services = PricedService.objects.for_naeringshage(naeringshage).filter(adviser=adviser)
    if year is not None:
        services = services.in_year(year)
        if half is not None:
            services = _in_half(services, half)
    return services_for_list(services.order_by("-date", "-pk"))[:limit]


def services_for_page(*, naeringshage: Naeringshage) -> QuerySet[PricedService]:
    """The næringshage's services with everything a service's own page shows."""
    return PricedService.objects.for_naeringshage(naeringshage).select_related(
        "company__municipality",
        "service_type",
        "adviser",
        "grant__funder",
        "own_share_exception",
        "created_by",
        "voided_by",
    )


@dataclass(frozen=True)
class StateAidStanding:
    """A company's state aid in the rule's window up to `day`, in EUR."""

    day: date
    rule_name: str | None
    window_years: int | None
    cap_eur: Decimal | None
    used_eur: Decimal

    @property
    def left_eur(self) -> Decimal | None:
        return None if self.cap_eur is None else max(self.cap_eur - self.used_eur, ZERO)

    @property
    def share_used(self) -> Decimal | None:
        return None if not self.cap_eur else self.used_eur / self.cap_eur


def state_aid_of(*, company: Company, day: date) -> StateAidStanding:
    """The company's subsidies under the state-aid rule in force on `day` (two queries)."""
    rule = StateAidRule.objects.valid_on(day).first()
    services = PricedService.objects.counted().filter(company=company, date__lte=day)
    if rule is not None:
        services = services.filter(date__gt=rule.window_start(day))
    used = services.aggregate(total=Coalesce(Sum("subsidy_eur"), Value(ZERO, output_field=MONEY)))
    return StateAidStanding(
        day=day,
        rule_name=rule.name if rule else None,
        window_years=rule.window_years if rule else None,
        cap_eur=rule.cap_eur if rule else None,
        used_eur=used["total"],
    )


def services_of_company(*, company: Company) -> QuerySet[PricedService]:
    """The company's services, newest first, with what a row shows."""
    return (
        PricedService.objects.filter(company=company)
        .select_related("service_type", "adviser", "grant")
        .order_by("-date", "-pk")
    )


# --- History -------------------------------------------------------------------------------

# Amounts show as everywhere else (their field formats them); a grant by its kind,
# years and funder.


def _grant_labels(ids) -> dict[int, str]:
    """As the service form names them: “Siva-ramme 2016 – Siva”."""
    grants = Grant.objects.filter(pk__in=set(ids)).select_related("funder")
    return {
        grant.pk: f"{grant.get_kind_display()} {grant.years} – {grant.title or grant.funder.name}"
        for grant in grants
    }


def _history(sources: list[HistorySource]) -> list[HistoryEntry]:
    return history_entries(sources, labels={Grant: _grant_labels})


def grant_history(*, grant: Grant) -> list[HistoryEntry]:
    """Every change of the grant and of its allocations per year, newest first."""

    def allocation(record) -> str:
        return gettext("Allocation %(year)s") % {"year": record.year}

    return _history(
        [
            HistorySource(Grant.history.filter(id=grant.pk)),
            HistorySource(
                GrantAllocation.history.filter(grant_id=grant.pk),
                subject=allocation,
                hidden=("grant", "year"),
            ),
        ]
    )


def service_history(*, service: PricedService) -> list[HistoryEntry]:
    return _history([HistorySource(PricedService.history.filter(id=service.pk))])


def placement_history(*, placement: Placement) -> list[HistoryEntry]:
    return _history([HistorySource(Placement.history.filter(id=placement.pk))])


def versions_compared(*, current, submitted: dict) -> list[ComparedField]:
    """A grant or service as saved now beside what the form submitted, field by field."""
    return compare_versions(current, submitted, labels={Grant: _grant_labels})
