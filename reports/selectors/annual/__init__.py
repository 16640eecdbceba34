"""The annual and half-year report: what the næringshage accounts for to Siva, the
county councils and the owner municipalities, split by section: the activity per
municipality, service type, funding line and event (`activity`), the grants used
(`grants`), the companies (`companies`), and the report that holds them all (`report`).
Each section is one grouped SQL query (plus, where rows name municipalities, one query
for the numbering valid in the year), so the page costs the same number of queries
whatever the number of services."""

from reports.selectors.annual.activity import (
    FUNDING_LINES,
    MARKET_PRICE,
    OUTSIDE_REGION,
    REGION_GROUPS,
    EventActivity,
    FundingLine,
    MunicipalityActivity,
    MunicipalityGroup,
    ServiceTypeActivity,
)
from reports.selectors.annual.companies import CompanyFigures, ProgrammeCompany
from reports.selectors.annual.grants import GrantUse
from reports.selectors.annual.report import AnnualReport, annual_report

__all__ = [
    "FUNDING_LINES",
    "MARKET_PRICE",
    "OUTSIDE_REGION",
    "REGION_GROUPS",
    "AnnualReport",
    "CompanyFigures",
    "EventActivity",
    "FundingLine",
    "GrantUse",
    "MunicipalityActivity",
    "MunicipalityGroup",
    "ProgrammeCompany",
    "ServiceTypeActivity",
    "annual_report",
]
