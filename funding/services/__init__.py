"""Writes of funding data, split by subject: grants and placements (`grants`), the
priced services that draw on them (`priced_services`), and the yearly targets
(`targets`). Each function is keyword-only, validates first and writes in one
transaction."""

from funding.services.conflicts import EditConflict, parse_version, version_of
from funding.services.grants import (
    grant_allocations_reset,
    grant_create,
    grant_update,
    placement_save,
)
from funding.services.priced_services import (
    ServiceDraft,
    ServiceEvaluation,
    service_evaluate,
    service_record,
    service_update,
    service_void,
)
from funding.services.targets import TargetsChanged, targets_save, targets_version

__all__ = [
    "EditConflict",
    "ServiceDraft",
    "ServiceEvaluation",
    "TargetsChanged",
    "grant_allocations_reset",
    "grant_create",
    "grant_update",
    "parse_version",
    "placement_save",
    "service_evaluate",
    "service_record",
    "service_update",
    "service_void",
    "targets_save",
    "targets_version",
    "version_of",
]
