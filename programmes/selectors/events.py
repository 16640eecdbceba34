"""Reads of events and their participants, with the counts the pages and reports show:
per event, per company and per municipality, all computed in SQL."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.roles import ADVISER, MANAGER
from municipalities.models import Municipality
from programmes.models import Event, EventQuerySet, Naeringshage, Participant

MUNICIPALITY_LABELS = "municipality__numberings__county__numberings"


def events_of(*, naeringshage: Naeringshage) -> EventQuerySet:
    return Event.objects.for_naeringshage(naeringshage)


def _with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    return events.annotate(
        participant_count=Count("participants"),
        company_count=Count("participants__company", distinct=True),
    )


def events_in_year(*, naeringshage: Naeringshage, year: int) -> QuerySet[Event]:
    """The events starting in `year` (Oslo time), first first, each with
    `participant_count` and `company_count` (distinct companies represented)."""
    return (
        _with_counts(events_of(naeringshage=naeringshage).in_year(year))
        .select_related("municipality", "responsible")
        .prefetch_related(MUNICIPALITY_LABELS)
        .order_by("starts_at", "pk")
    )


def event_detail(*, naeringshage: Naeringshage, pk: int) -> Event:
    """One event of the næringshage with its counts and participants (by name, each
    with its company), or Http404."""
    participants = Participant.objects.select_related("company").order_by("name", "pk")
    return get_object_or_404(
        _with_counts(events_of(naeringshage=naeringshage))
        .select_related("municipality", "responsible")
        .prefetch_related(MUNICIPALITY_LABELS, Prefetch("participants", queryset=participants)),
        pk=pk,
    )


def event_of(*, naeringshage: Naeringshage, pk: int) -> Event:
    """One event of the næringshage, for writing, or Http404."""
    return get_object_or_404(events_of(naeringshage=naeringshage), pk=pk)


def participant_of(*, naeringshage: Naeringshage, event_pk: int, pk: int) -> Participant:
    return get_object_or_404(
        Participant.objects.for_naeringshage(naeringshage).select_related("event", "company"),
        event_id=event_pk,
        pk=pk,
    )


@dataclass(frozen=True)
class CompanyCount:
    company_id: int
    company_name: str
    events: int
    participants: int


def participant_counts_per_company(*, naeringshage: Naeringshage, year: int) -> list[CompanyCount]:
    """Per company: how many of the year's events its people attended and how many
    participations that made; most participations first. Participants without a
    company are not counted here."""
    rows = (
        Participant.objects.for_naeringshage(naeringshage)
        .filter(event__in=Event.objects.in_year(year), company__isnull=False)
        .values("company_id", "company__name")
        .annotate(events=Count("event", distinct=True), participants=Count("pk"))
        .order_by("-participants", "company__name")
    )
    return [
        CompanyCount(
            company_id=row["company_id"],
            company_name=row["company__name"],
            events=row["events"],
            participants=row["participants"],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class MunicipalityCount:
    municipality: Municipality
    events: int
    participants: int

    @property
    def label(self) -> str:
        return str(self.municipality)


def event_counts_per_municipality(
    *, naeringshage: Naeringshage, year: int
) -> list[MunicipalityCount]:
    """Per municipality where events were held in `year`: the events and their
    participants, by municipality name. Four queries, whatever the number of rows."""
    rows = list(
        events_of(naeringshage=naeringshage)
        .in_year(year)
        .values("municipality_id")
        .annotate(events=Count("pk", distinct=True), participant_count=Count("participants"))
        .order_by()
    )
    municipalities = Municipality.objects.with_history().in_bulk(
        [row["municipality_id"] for row in rows]
    )
    counts = [
        MunicipalityCount(
            municipality=municipalities[row["municipality_id"]],
            events=row["events"],
            participants=row["participant_count"],
        )
        for row in rows
    ]
    return sorted(counts, key=lambda count: count.label)


def responsible_choices(*, naeringshage: Naeringshage) -> QuerySet[User]:
    """The staff who may be responsible for an event: advisers and managers working
    for the næringshage, by name."""
    return (
        get_user_model()
        .objects.filter(staff_membership__naeringshage=naeringshage, is_active=True)
        .filter(Q(groups__name__in=[ADVISER, MANAGER]))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
