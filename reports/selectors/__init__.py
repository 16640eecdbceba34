"""Reads for the reports: the annual and half-year report (`annual`), whose sections
the dashboard shows some of, and what every section shares (`period`). Every figure is
aggregated in SQL, one grouped query a section; import them from here:
`from reports.selectors import annual_report`."""

from reports.selectors.annual import (
    AnnualReport,
    CompanyFigures,
    EventActivity,
    FundingLine,
    GrantUse,
    MunicipalityActivity,
    ProgrammeCompany,
    ServiceTypeActivity,
    annual_report,
)
from reports.selectors.period import Totals, period_bounds

__all__ = [
    "AnnualReport",
    "CompanyFigures",
    "EventActivity",
    "FundingLine",
    "GrantUse",
    "MunicipalityActivity",
    "ProgrammeCompany",
    "ServiceTypeActivity",
    "Totals",
    "annual_report",
    "period_bounds",
]
