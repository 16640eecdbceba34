"""Reads of companies and their enrolments. Each takes the næringshage from
`programmes.scoping` and returns rows of that næringshage only."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

from core.charts import SeriesChart, series_chart
from core.history import HistoryEntry, HistorySource, history_entries
from core.periods import format_period
from municipalities.models import Municipality
from programmes.models import (
    AnnualAccounts,
    Company,
    ContactPerson,
    Enrolment,
    EnrolmentQuerySet,
    Event,
    KeyFigures,
    Naeringshage,
    Participant,
    RegionMembership,
)
from programmes.selectors.growth import (
    VALUE_FIGURES,
    CompanyGrowth,
    company_growth,
    value_creation,
)
from programmes.selectors.search import company_search

# Municipality names come from their dated numbering; this prefetch makes `str()` of
# every municipality on a page cost three queries in all, not three per row.
MUNICIPALITY_LABELS = "municipality__numberings__county__numberings"


def companies_of(*, naeringshage: Naeringshage) -> QuerySet[Company]:
    """Every company of the næringshage, by name."""
    return Company.objects.for_naeringshage(naeringshage).order_by("name", "pk")


def companies_flagged_by_registry(*, naeringshage: Naeringshage) -> QuerySet[Company]:
    """The næringshage's companies that Enhetsregisteret last said are bankrupt, being
    wound up or dissolved, deleted, or not there: those the staff must hear of, the
    latest checked first."""
    return (
        Company.objects.for_naeringshage(naeringshage)
        .filter(registry_status__in=Company.REGISTRY_WARNINGS)
        .order_by("-registry_checked_at", "name")
    )


def company_choices(*, naeringshage: Naeringshage) -> QuerySet[Company]:
    """The companies a form may offer (a participant's company, a service's company)."""
    return companies_of(naeringshage=naeringshage).only("pk", "name", "organisation_number")


def _kind_label() -> Case:
    # Built when the query is, in the language of the request that asks.
    return Case(
        *(
            When(latest_enrolment_kind=kind, then=Value(str(label)))
            for kind, label in Enrolment.Kind.choices
        ),
        default=Value(""),
    )


def company_list(
    *,
    naeringshage: Naeringshage,
    search: str = "",
    municipality: Municipality | None = None,
    kind: str = "",
    year: int | None = None,
) -> QuerySet[Company]:
    """Companies matching the filters, by name, each with its latest enrolment.

    `search` matches the name, tolerant of one typo, or the start of the organisation
    number (typed with or without spaces): `programmes.selectors.search`.
    `kind` and `year` keep companies with an enrolment of that kind,
    running in that year (both: the same enrolment). Each row carries
    `latest_enrolment_kind`, `latest_enrolment_kind_label`, `latest_enrolment_start`
    and `latest_enrolment_end`. The page costs the same number of queries whatever the
    number of rows.
    """
    companies = company_search(naeringshage=naeringshage, text=search)
    if municipality is not None:
        companies = companies.filter(municipality=municipality)
    if kind or year:
        enrolments = Enrolment.objects.filter(company=OuterRef("pk"))
        if kind:
            enrolments = enrolments.of_kind(kind)
        if year:
            enrolments = enrolments.active_in_year(year)
        companies = companies.filter(Exists(enrolments))
    latest = Enrolment.objects.filter(company=OuterRef("pk")).order_by("-start_date")
    return (
        companies.annotate(
            latest_enrolment_kind=Subquery(latest.values("kind")[:1]),
            latest_enrolment_start=Subquery(latest.values("start_date")[:1]),
            latest_enrolment_end=Subquery(latest.values("end_date")[:1]),
        )
        .annotate(latest_enrolment_kind_label=_kind_label())
        .select_related("municipality")
        .prefetch_related(MUNICIPALITY_LABELS)
        .order_by("name", "pk")
    )


def municipality_choices(*, naeringshage: Naeringshage) -> list[Municipality]:
    """Municipalities worth filtering by: the region's (at any time) and those where
    the næringshage's companies are, by name."""
    # Two semi-joins, not a join with DISTINCT over every company row.
    in_region = RegionMembership.objects.for_naeringshage(naeringshage).values("municipality")
    with_companies = Company.objects.for_naeringshage(naeringshage).values("municipality")
    municipalities = Municipality.objects.filter(
        Q(pk__in=in_region) | Q(pk__in=with_companies)
    ).with_history()
    return sorted(municipalities, key=str)


@dataclass(frozen=True)
class AttendedEvent:
    """An event the company's people took part in, and who they were."""

    event: Event
    participants: list[str] = field(default_factory=list)


def _field_label(model, name: str) -> str:
    field = model._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


@dataclass(frozen=True)
class AccountsChoice:
    """A year whose key figures are not what Regnskapsregisteret's accounts say: the
    staff's figures and the register's side by side, for the staff to choose."""

    accounts: AnnualAccounts
    key_figures: KeyFigures | None
    # (the figure's name, as recorded, as the register says), for the figures that differ
    rows: list[tuple[str, object, object]]


@dataclass(frozen=True)
class CompanyDetail:
    """Everything the company page shows about a company, read in a fixed number of
    queries. Funding adds the company's services and state aid beside it."""

    company: Company
    contact_persons: list[ContactPerson]
    enrolments: list[Enrolment]
    key_figures: list[KeyFigures]
    events: list[AttendedEvent]
    today: date
    annual_accounts: list[AnnualAccounts] = field(default_factory=list)  # newest first

    @property
    def latest_accounts(self) -> AnnualAccounts | None:
        return self.annual_accounts[0] if self.annual_accounts else None

    @property
    def accounts_choices(self) -> list[AccountsChoice]:
        """The years (newest first) whose key figures differ from the register's."""
        by_year = {figures.year: figures for figures in self.key_figures}
        choices = []
        for accounts in self.annual_accounts:
            figures = by_year.get(accounts.year)
            differ = accounts.differs_from(figures)
            # Accounts in another currency are kept, but are no key figures in kroner.
            if accounts.recorded_kept or accounts.currency != "NOK" or not differ:
                continue
            register = accounts.figures()
            rows = [
                (str(capfirst(_field_label(KeyFigures, name))),
                 getattr(figures, name) if figures else None, register[name])
                for name in differ
            ]  # fmt: skip
            choices.append(AccountsChoice(accounts, figures, rows))
        return choices

    @property
    def current_enrolment(self) -> Enrolment | None:
        return next((e for e in self.enrolments if e.is_active_on(self.today)), None)

    @property
    def first_enrolment(self) -> Enrolment | None:
        """The earliest enrolment: its avtalestart is Siva's baseline for growth."""
        return self.enrolments[0] if self.enrolments else None

    @cached_property
    def growth(self) -> CompanyGrowth | None:
        """Growth since the baseline of its latest target-company enrolment (one query)."""
        return company_growth(
            company=self.company,
            enrolments=self.enrolments,
            key_figures=self.key_figures,
            today=self.today,
        )

    @cached_property
    def series_chart(self) -> SeriesChart | None:
        """Revenue and value creation per year, for the chart (None without either)."""
        rows: list[tuple[str, tuple[Decimal | None, ...]]] = []
        for figures in self.key_figures:
            values = {name: getattr(figures, name) for name in VALUE_FIGURES}
            rows.append((str(figures.year), (figures.revenue, value_creation(values))))
        if not any(value is not None for _year, values in rows for value in values):
            return None
        return series_chart(rows)


def company_detail(*, naeringshage: Naeringshage, pk: int) -> CompanyDetail:
    """The company `pk` of the næringshage with its contact persons, enrolments (oldest
    first), key figures (by year) and the events its people attended (latest first).
    Http404 when the næringshage has no such company."""
    company = get_object_or_404(
        Company.objects.for_naeringshage(naeringshage)
        .select_related("naeringshage", "municipality")
        .prefetch_related(MUNICIPALITY_LABELS),
        pk=pk,
    )
    attended: dict[int, AttendedEvent] = {}
    participations = (
        Participant.objects.filter(company=company)
        .select_related("event")
        .order_by("-event__starts_at", "event_id", "name")
    )
    for participant in participations:
        row = attended.setdefault(participant.event_id, AttendedEvent(participant.event))
        row.participants.append(participant.name)
    return CompanyDetail(
        company=company,
        contact_persons=list(company.contact_persons.order_by("name", "pk")),
        enrolments=list(company.enrolments.order_by("start_date")),
        key_figures=list(company.key_figures.order_by("year")),
        annual_accounts=list(company.annual_accounts.order_by("-year")),
        events=list(attended.values()),
        today=timezone.localdate(),
    )


# --- Enrolments -----------------------------------------------------------------------


def enrolments_of(*, naeringshage: Naeringshage) -> EnrolmentQuerySet:
    """Every enrolment of the næringshage's companies, with its company and municipality."""
    return (
        Enrolment.objects.for_naeringshage(naeringshage)
        .select_related("company", "company__municipality")
        .order_by("start_date", "company__name", "pk")
    )


def enrolments_active_on(*, naeringshage: Naeringshage, day: date) -> QuerySet[Enrolment]:
    """Enrolments running on `day` (one per company at most)."""
    return enrolments_of(naeringshage=naeringshage).active_on(day)


def enrolments_active_in_year(*, naeringshage: Naeringshage, year: int) -> QuerySet[Enrolment]:
    """Enrolments running on at least one day of `year`."""
    return enrolments_of(naeringshage=naeringshage).active_in_year(year)


def new_target_companies_in_year(*, naeringshage: Naeringshage, year: int) -> QuerySet[Enrolment]:
    """Target-company enrolments with avtalestart in `year`: the new målbedrifter Siva
    counts, by avtalestart. `.company` is loaded with each."""
    return (
        enrolments_of(naeringshage=naeringshage)
        .of_kind(Enrolment.Kind.TARGET)
        .started_in_year(year)
    )


def enrolment_counts_in_year(*, naeringshage: Naeringshage, year: int) -> dict[str, dict[str, int]]:
    """Per kind: enrolments running in `year` (`active`) and those starting in it
    (`new`). One query; every kind is present, with zeros where there are none."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    rows = (
        Enrolment.objects.for_naeringshage(naeringshage)
        .active_in_year(year)
        .values("kind")
        .annotate(
            active=Count("pk"),
            new=Count("pk", filter=Q(start_date__gte=start, start_date__lte=end)),
        )
    )
    counts = {kind: {"active": 0, "new": 0} for kind in Enrolment.Kind.values}
    for row in rows:
        counts[row["kind"]] = {"active": row["active"], "new": row["new"]}
    return counts


def enrolment_of(*, naeringshage: Naeringshage, company_pk: int, pk: int) -> Enrolment:
    """One enrolment of one company of the næringshage, or Http404."""
    return get_object_or_404(
        Enrolment.objects.for_naeringshage(naeringshage).select_related("company"),
        company_id=company_pk,
        pk=pk,
    )


def contact_person_of(*, naeringshage: Naeringshage, company_pk: int, pk: int) -> ContactPerson:
    return get_object_or_404(
        ContactPerson.objects.for_naeringshage(naeringshage).select_related("company"),
        company_id=company_pk,
        pk=pk,
    )


def key_figures_of(*, naeringshage: Naeringshage, company_pk: int, pk: int) -> KeyFigures:
    return get_object_or_404(
        KeyFigures.objects.for_naeringshage(naeringshage).select_related("company"),
        company_id=company_pk,
        pk=pk,
    )


def company_of(*, naeringshage: Naeringshage, pk: int) -> Company:
    """One company of the næringshage, or Http404."""
    return get_object_or_404(Company.objects.for_naeringshage(naeringshage), pk=pk)


def company_history(*, company: Company) -> list[HistoryEntry]:
    """Every change of the company and of its enrolments (deleted ones too), newest first."""

    def enrolment(record) -> str:
        return gettext("Enrolment as %(kind)s, %(period)s") % {
            "kind": record.get_kind_display(),
            "period": format_period(record.start_date, record.end_date),
        }

    return history_entries(
        [
            HistorySource(Company.history.filter(id=company.pk)),
            HistorySource(
                Enrolment.history.filter(company_id=company.pk),
                subject=enrolment,
                hidden=("company",),
            ),
        ]
    )
