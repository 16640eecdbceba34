"""Funding data, split by subject: grants and Siva's tier models (`grants`), the dated
rules a subsidy must keep (`rules`), the priced services that draw on grants
(`services`), and the closing of a year (`closing`)."""

from funding.models.closing import YearClosing, YearClosingQuerySet
from funding.models.grants import (
    Funder,
    FunderQuerySet,
    Grant,
    GrantAllocation,
    Placement,
    PlacementScore,
    TierCriterion,
    TierLevel,
    TierModel,
    TierModelQuerySet,
)
from funding.models.rules import EurRate, OwnShareException, OwnShareRule, StateAidRule
from funding.models.services import PricedService, PricedServiceQuerySet

__all__ = [
    "EurRate",
    "Funder",
    "FunderQuerySet",
    "Grant",
    "GrantAllocation",
    "OwnShareException",
    "OwnShareRule",
    "Placement",
    "PlacementScore",
    "PricedService",
    "PricedServiceQuerySet",
    "StateAidRule",
    "TierCriterion",
    "TierLevel",
    "TierModel",
    "TierModelQuerySet",
    "YearClosing",
    "YearClosingQuerySet",
]
