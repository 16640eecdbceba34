"""Funding data, split by subject: funders (`funders`), Siva's tier models with their
levels and criteria (`tiers`), Siva's placements and their scores (`placements`), grants
and their parts per year (`grants`), the dated rules a subsidy must keep (`rules`), the
priced services that draw on grants (`services`), the yearly targets (`targets`), and
the closing of a year (`closing`).
The years a row is valid in are written one way (`years`)."""

from funding.models.closing import YearClosing, YearClosingQuerySet
from funding.models.funders import Funder, FunderQuerySet
from funding.models.grants import Grant, GrantAllocation
from funding.models.placements import Placement, PlacementScore
from funding.models.rules import (
    AidRegisterThreshold,
    EurRate,
    OwnShareException,
    OwnShareRule,
    StateAidRule,
)
from funding.models.services import PricedService, PricedServiceQuerySet
from funding.models.targets import Measure, Target, TargetKind, TargetKindQuerySet
from funding.models.tiers import TierCriterion, TierLevel, TierModel, TierModelQuerySet

__all__ = [
    "AidRegisterThreshold",
    "EurRate",
    "Funder",
    "FunderQuerySet",
    "Grant",
    "GrantAllocation",
    "Measure",
    "OwnShareException",
    "OwnShareRule",
    "Placement",
    "PlacementScore",
    "PricedService",
    "PricedServiceQuerySet",
    "StateAidRule",
    "Target",
    "TargetKind",
    "TargetKindQuerySet",
    "TierCriterion",
    "TierLevel",
    "TierModel",
    "TierModelQuerySet",
    "YearClosing",
    "YearClosingQuerySet",
]
