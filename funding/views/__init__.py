"""Funding pages, split by subject: grants and placements (`grants`), priced services
(`services`), the year's targets (`targets`), the
state-aid register's list (`state_aid`)."""

from funding.views.grants import (
    grant_create,
    grant_edit,
    grant_history,
    overview,
    placement_create,
    placement_edit,
    placement_history,
)
from funding.views.services import (
    service_create,
    service_detail,
    service_edit,
    service_export,
    service_history,
    service_list,
    service_void,
)
from funding.views.state_aid import state_aid_register
from funding.views.targets import targets_edit

__all__ = [
    "grant_create",
    "grant_edit",
    "grant_history",
    "overview",
    "placement_create",
    "placement_edit",
    "placement_history",
    "service_create",
    "service_detail",
    "service_edit",
    "service_export",
    "service_history",
    "service_list",
    "service_void",
    "state_aid_register",
    "targets_edit",
]
