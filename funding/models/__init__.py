"""Funding data, split by subject: grants and Siva's tier models (`grants`), the dated
rules a subsidy must keep (`rules`), and the priced services that draw on grants
(`services`)."""

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
]
