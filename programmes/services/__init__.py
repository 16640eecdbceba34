"""Writes of the programme's data: keyword-only functions, one transaction each, split
by subject. Import them from here: `from programmes.services import company_create`."""

from programmes.services.accounts import (
    AccountsFetch,
    Fetched,
    accounts_fetch_due,
    company_accounts_fetch,
    key_figures_choose,
)
from programmes.services.companies import (
    company_create,
    company_update,
    contact_person_create,
    contact_person_delete,
    contact_person_update,
    enrolment_create,
    enrolment_update,
    key_figures_create,
    key_figures_delete,
    key_figures_update,
)
from programmes.services.events import (
    event_create,
    event_update,
    participant_add,
    participant_remove,
)
from programmes.services.leads import LeadsPage, leads_register, leads_search
from programmes.services.organisation import (
    REFERENCE_DATA_DIR,
    reference_data_load,
    reference_data_loaders,
    staff_membership_set,
)
from programmes.services.registry import (
    RegistryAnswer,
    RegistryLookup,
    company_registry_check,
    company_registry_lookup,
    registry_sync,
)

__all__ = [
    "REFERENCE_DATA_DIR",
    "AccountsFetch",
    "Fetched",
    "LeadsPage",
    "RegistryAnswer",
    "RegistryLookup",
    "accounts_fetch_due",
    "company_accounts_fetch",
    "company_create",
    "company_registry_check",
    "company_registry_lookup",
    "company_update",
    "contact_person_create",
    "contact_person_delete",
    "contact_person_update",
    "enrolment_create",
    "enrolment_update",
    "event_create",
    "event_update",
    "key_figures_choose",
    "key_figures_create",
    "key_figures_delete",
    "key_figures_update",
    "leads_register",
    "leads_search",
    "participant_add",
    "participant_remove",
    "reference_data_load",
    "reference_data_loaders",
    "registry_sync",
    "staff_membership_set",
]
