"""The annual report's companies: the figures of the companies helped in the period, and
the programme list Siva computes growth from."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Q, Sum

from municipalities.selectors import numberings_on
from municipalities.validity import year_reference_date
from programmes.models import Company, Enrolment, KeyFigures, Naeringshage
from programmes.models.enrolments import overlapping_q as enrolments_overlapping
from programmes.organisation_numbers import format_organisation_number
from programmes.selectors import enrolments_of

if TYPE_CHECKING:
    pass


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
    start_date: date
    end_date: date | None

    @property
    def organisation_number_display(self) -> str:
        return format_organisation_number(self.organisation_number)


def company_figures(
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


def programme_companies(
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
    return [
        ProgrammeCompany(
            organisation_number=row["company__organisation_number"],
            name=row["company__name"],
            municipality_number=numbers.get(row["company__municipality"]),
            kind=row["kind"],
            start_date=row["start_date"],
            end_date=row["end_date"],
        )
        for row in rows
    ]
