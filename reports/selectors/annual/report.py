"""The annual and half-year report as one shape: every section of it, for a year or
its half."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count

from funding.models import Placement
from funding.selectors import FrameUse, frame_use, placement_in_year
from programmes.models import Naeringshage
from reports.selectors.annual.activity import (
    EventActivity,
    FundingLine,
    MunicipalityGroup,
    ServiceTypeActivity,
    events_per_municipality,
    funding_lines,
    municipality_groups,
    service_amounts,
    service_types,
)
from reports.selectors.annual.companies import (
    CompanyFigures,
    ProgrammeCompany,
    company_figures,
    programme_companies,
)
from reports.selectors.annual.grants import GrantUse, grants_used
from reports.selectors.overview import (
    MunicipalityActivity,
    Totals,
    money_sum,
    period_bounds,
    services_in,
)


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
            services=Count("pk"), companies=Count("company", distinct=True), **service_amounts()
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
        municipality_groups=municipality_groups(
            naeringshage=naeringshage, year=year, start=start, end=end
        ),
        service_types=service_types(services),
        funding_lines=funding_lines(services),
        frame=frame,
        placement=placement_in_year(naeringshage=naeringshage, year=year),
        grants=grants_used(naeringshage=naeringshage, year=year, start=start, end=end),
        companies=company_figures(
            naeringshage=naeringshage,
            year=year,
            start=start,
            end=end,
            services=services,
            helped=totals.companies,
        ),
        programme_companies=programme_companies(
            naeringshage=naeringshage, year=year, start=start, end=end
        ),
        events=events_per_municipality(naeringshage=naeringshage, year=year, start=start, end=end),
    )
