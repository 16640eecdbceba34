"""The programme's data, split by subject: the organisation and its region
(`organisation`), the companies it helps (`companies`), their enrolment in the
programme (`enrolments`), and the events it holds (`events`)."""

from programmes.models.companies import (
    Company,
    CompanyQuerySet,
    CompanyScopedQuerySet,
    ContactPerson,
    KeyFigures,
    ServiceType,
)
from programmes.models.enrolments import Enrolment, EnrolmentQuerySet
from programmes.models.events import Event, EventQuerySet, Participant, ParticipantQuerySet
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
from programmes.models.registry import AnnualAccounts, RegistryFeed

__all__ = [
    "AnnualAccounts",
    "Company",
    "CompanyQuerySet",
    "CompanyScopedQuerySet",
    "ContactPerson",
    "Enrolment",
    "EnrolmentQuerySet",
    "Event",
    "EventQuerySet",
    "KeyFigures",
    "Naeringshage",
    "Office",
    "Organisation",
    "Participant",
    "ParticipantQuerySet",
    "Programme",
    "ProgrammePeriod",
    "RegionMembership",
    "RegionMembershipQuerySet",
    "RegistryFeed",
    "ScopedQuerySet",
    "ServiceType",
    "StaffMembership",
]
