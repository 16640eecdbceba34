"""Writes of funding data, split by subject: grants and placements (`grants`), and the
priced services that draw on them (`priced_services`). Each function is keyword-only,
validates first and writes in one transaction."""

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

__all__ = [
    "ServiceDraft",
    "ServiceEvaluation",
    "grant_allocations_reset",
    "grant_create",
    "grant_update",
    "placement_save",
    "service_evaluate",
    "service_record",
    "service_update",
    "service_void",
]
