"""The annual and half-year report: every section of it, for a year or its half, each
read when it is first asked for."""

from functools import cached_property

from django.db.models import Count
from django.utils import timezone

from funding.models import Measure, Placement
from funding.selectors import FrameUse, frame_use, placement_in_year, targets_in_year
from programmes.models import Naeringshage
from programmes.selectors.growth import (
    CohortGrowth,
    CompanyGrowth,
    cohort_growth,
    target_company_growth,
)
from reports.selectors.annual.activity import (
    EventActivity,
    FundingLine,
    MunicipalityActivity,
    MunicipalityGroup,
    ServiceTypeActivity,
    events_per_municipality,
    funding_lines,
    municipality_groups,
    service_types,
)
from reports.selectors.annual.companies import (
    CompanyFigures,
    ProgrammeCompany,
    company_figures,
    programme_companies,
)
from reports.selectors.annual.grants import GrantUse, grants_used
from reports.selectors.annual.targets import TargetResult, target_results
from reports.selectors.period import Totals, money_sum, period_bounds, service_amounts, services_in


class AnnualReport:
    """The report of `year`, or of its half (1: January–June, 2: July–December).

    Services, companies and events count in the period; the Siva frame, its placement
    and the grants' parts are the year's, with the frame and grants used as drawn in the
    period. Municipalities carry the numbering and county valid in `year`.

    Each section is one grouped query (plus, where rows name municipalities, one for the
    numbering valid in the year), run when the section is first read: a page that shows
    some of the sections (the dashboard) runs only theirs, and no page's query count
    grows with the number of services.
    """

    def __init__(self, *, naeringshage: Naeringshage, year: int, half: int | None = None):
        self.naeringshage = naeringshage
        self.year = year
        self.half = half
        self.start, self.end = period_bounds(year, half)
        self.services = services_in(naeringshage, self.start, self.end)

    def _period(self) -> dict:
        return {
            "naeringshage": self.naeringshage,
            "year": self.year,
            "start": self.start,
            "end": self.end,
        }

    @cached_property
    def totals(self) -> Totals:
        return Totals(
            **self.services.aggregate(
                services=Count("pk"), companies=Count("company", distinct=True), **service_amounts()
            )
        )

    @cached_property
    def municipality_groups(self) -> list[MunicipalityGroup]:
        return municipality_groups(**self._period())

    @property
    def municipalities(self) -> list[MunicipalityActivity]:
        return [row for group in self.municipality_groups for row in group.rows]

    @cached_property
    def service_types(self) -> list[ServiceTypeActivity]:
        return service_types(self.services)

    @cached_property
    def funding_lines(self) -> list[FundingLine]:
        return funding_lines(self.services)

    @cached_property
    def frame(self) -> FrameUse:
        """The year's frame; in a half-year, used and left as drawn in the half."""
        frame = frame_use(naeringshage=self.naeringshage, year=self.year)
        if self.half is None or frame.grant is None:
            return frame
        used = self.services.filter(grant=frame.grant).aggregate(used=money_sum("subsidy"))["used"]
        return FrameUse(
            self.year, frame.grant, frame.granted, used, frame.granted - used, used / frame.granted
        )

    @cached_property
    def placement(self) -> Placement | None:
        return placement_in_year(naeringshage=self.naeringshage, year=self.year)

    @cached_property
    def grants(self) -> list[GrantUse]:
        return grants_used(**self._period())

    @cached_property
    def companies(self) -> CompanyFigures:
        return company_figures(
            **self._period(), services=self.services, helped=self.totals.companies
        )

    @cached_property
    def programme_companies(self) -> list[ProgrammeCompany]:
        return programme_companies(**self._period())

    @cached_property
    def growth(self) -> list[CompanyGrowth]:
        """The target companies' growth since their baseline, to the latest year up to
        the report's with figures."""
        return target_company_growth(**self._period())

    @cached_property
    def growth_cohorts(self) -> list[CohortGrowth]:
        return cohort_growth(self.growth)

    @cached_property
    def events(self) -> list[EventActivity]:
        return events_per_municipality(**self._period())

    @property
    def event_totals(self) -> tuple[int, int]:
        return (
            sum(row.events for row in self.events),
            sum(row.participants for row in self.events),
        )

    @cached_property
    def year_to_date(self) -> "AnnualReport":
        """The report from 1 January to the period's end: what a target is measured on."""
        if self.half == 2:
            return AnnualReport(naeringshage=self.naeringshage, year=self.year)
        return self

    def measure(self, measure: str) -> int:
        """A target's measure (funding.models.Measure) from 1 January to the period's
        end (target companies in the programme: at the period's end)."""
        so_far = self.year_to_date
        figures = {
            Measure.COMPANIES_HELPED: lambda: so_far.totals.companies,
            Measure.NEW_TARGET_COMPANIES: lambda: so_far.companies.new_target_companies,
            Measure.ACTIVE_TARGET_COMPANIES: lambda: self.companies.active_target_companies,
            Measure.SERVICES: lambda: so_far.totals.services,
            Measure.EVENTS: lambda: so_far.event_totals[0],
            Measure.PARTICIPANTS: lambda: so_far.event_totals[1],
        }
        return figures[Measure(measure)]()

    @cached_property
    def targets(self) -> list[TargetResult]:
        """The year's targets against their measures; only the figures some target
        needs are read."""
        return target_results(
            targets_in_year(naeringshage=self.naeringshage, year=self.year),
            self.measure,
            year=self.year,
            end=self.end,
            today=timezone.localdate(),
        )


def annual_report(
    *, naeringshage: Naeringshage, year: int, half: int | None = None
) -> AnnualReport:
    """The report of `year`, or of its half; its sections are read as they are asked for."""
    return AnnualReport(naeringshage=naeringshage, year=year, half=half)
