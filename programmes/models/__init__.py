"""The programme's data, split by subject: the organisation and its region
(`organisation`), and the companies it helps (`companies`)."""

from programmes.models.companies import Company, CompanyQuerySet, ServiceType
from programmes.models.organisation import (
    Naeringshage,
    Office,
    Organisation,
    Programme,
    ProgrammePeriod,
    RegionMembership,
    RegionMembershipQuerySet,
    ScopedQuerySet,
    StaffMembership,
)

__all__ = [
    "Company",
    "CompanyQuerySet",
    "Naeringshage",
    "Office",
    "Organisation",
    "Programme",
    "ProgrammePeriod",
    "RegionMembership",
    "RegionMembershipQuerySet",
    "ScopedQuerySet",
    "ServiceType",
    "StaffMembership",
]
