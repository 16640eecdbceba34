"""Reads for the reports, split by page: `overview` (the dashboard) and `annual` (the
annual and half-year report). Every figure is aggregated in SQL, one grouped query a
section; import them from here: `from reports.selectors import annual_report`."""

from reports.selectors.annual import (
    AnnualReport,
    CompanyFigures,
    EventActivity,
    FundingLine,
    GrantUse,
    ProgrammeCompany,
    ServiceTypeActivity,
    annual_report,
)
from reports.selectors.overview import (
    Dashboard,
    MunicipalityActivity,
    Totals,
    activity_per_municipality,
    dashboard,
    period_bounds,
)

__all__ = [
    "AnnualReport",
    "CompanyFigures",
    "Dashboard",
    "EventActivity",
    "FundingLine",
    "GrantUse",
    "MunicipalityActivity",
    "ProgrammeCompany",
    "ServiceTypeActivity",
    "Totals",
    "activity_per_municipality",
    "annual_report",
    "dashboard",
    "period_bounds",
]
