"""Recording a priced service: the central transaction of the product.

The adviser gives company, date, service type, hours and hourly rate (or a fixed
price), the company's own share and the funding line. The server prices the draft and
checks it against every rule (`evaluation`); the writes lock the rows the rules read
and check again inside the lock (`recording`).
"""

from funding.services.priced_services.evaluation import (
    MAX_HOURS_A_DAY,
    ServiceDraft,
    ServiceEvaluation,
    service_evaluate,
)
from funding.services.priced_services.recording import (
    service_record,
    service_update,
    service_void,
)

__all__ = [
    "MAX_HOURS_A_DAY",
    "ServiceDraft",
    "ServiceEvaluation",
    "service_evaluate",
    "service_record",
    "service_update",
    "service_void",
]
