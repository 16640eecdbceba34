"""Writing a priced service: recording, changing and voiding it.

`service_record` and `service_update` lock the grant row (and the company row, for the
state aid) with SELECT … FOR UPDATE before reading the sums, so that two recordings
at once cannot both take the last part of a frame. Before them they lock the
næringshage's row, as closing a year does: no service of a closed year is written.
"""

import uuid
from dataclasses import replace
from datetime import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from funding.models import Grant, PricedService
from funding.services.closing import ensure_open, lock_naeringshage
from funding.services.conflicts import ensure_unchanged
from funding.services.priced_services.evaluation import (
    ServiceDraft,
    ServiceEvaluation,
    service_evaluate,
)
from programmes.models import Company


def _lock(draft: ServiceDraft, *also: Grant | None) -> ServiceDraft:
    """Lock the grant rows (in id order, against deadlocks), then the company row, and
    return the draft with the locked rows. The caller has locked the næringshage's row
    first, as every write of money does."""
    grants = {grant.pk: grant for grant in (draft.grant, *also) if grant is not None}
    locked = {
        grant.pk: grant
        for grant in Grant.objects.select_for_update().filter(pk__in=grants).order_by("pk")
    }
    company = Company.objects.select_for_update().get(pk=draft.company.pk)
    grant = locked.get(draft.grant.pk) if draft.grant is not None else None
    return replace(draft, grant=grant, company=company)


def _apply(service: PricedService, draft: ServiceDraft, evaluation: ServiceEvaluation) -> None:
    service.naeringshage = draft.naeringshage
    service.company = draft.company
    service.adviser = draft.adviser
    service.service_type = draft.service_type
    service.date = draft.date
    service.description = draft.description
    service.hours = draft.hours
    service.hourly_rate = draft.hourly_rate if draft.fixed_price is None else None
    service.fixed_price = draft.fixed_price
    service.grant = draft.grant
    service.price = evaluation.price
    service.own_share = evaluation.own_share
    service.subsidy = evaluation.subsidy
    service.own_share_exception = evaluation.exception
    service.exception_reason = draft.exception_reason.strip() if evaluation.exception else ""
    service.nok_per_eur = evaluation.nok_per_eur
    service.subsidy_eur = evaluation.subsidy_eur


def service_record(
    *,
    draft: ServiceDraft,
    recorded_by: User,
    submission_id: uuid.UUID | None = None,
) -> PricedService:
    """Record a priced service, or refuse it with every reason at once.

    `submission_id` identifies the form: posting the same form twice (a double click)
    returns the service the first post recorded.
    """
    if submission_id is not None:
        existing = PricedService.objects.filter(
            submission_id=submission_id, naeringshage=draft.naeringshage
        ).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            lock_naeringshage(draft.naeringshage)
            locked = _lock(draft)
            ensure_open(draft.naeringshage, [draft.date.year], field="date")
            evaluation = service_evaluate(locked)
            evaluation.raise_if_refused()
            service = PricedService(created_by=recorded_by, submission_id=submission_id)
            # The history's author, also outside a request (simple_history reads this attribute).
            service._history_user = recorded_by  # type: ignore[attr-defined]
            _apply(service, locked, evaluation)
            service.full_clean(exclude=["submission_id"])
            service.save()
            return service
    except IntegrityError:
        if submission_id is not None:
            existing = PricedService.objects.filter(submission_id=submission_id).first()
            if existing is not None:
                return existing
        raise


def service_update(
    *, service: PricedService, draft: ServiceDraft, opened_at: datetime | None = None
) -> PricedService:
    """Change a service; every rule is checked again as if it were new.

    `opened_at` is the version (`updated_at`) the form was opened at: when somebody has
    saved the service since, EditConflict is raised and nothing is written."""
    if service.is_voided:
        raise ValidationError(_("A voided service cannot be changed."))
    with transaction.atomic():
        lock_naeringshage(service.naeringshage)  # first, as every write of money does
        current = PricedService.objects.select_for_update().get(pk=service.pk)
        ensure_unchanged(current, opened_at)
        if current.is_voided:
            raise ValidationError(_("A voided service cannot be changed."))
        locked = _lock(draft, current.grant)
        ensure_open(draft.naeringshage, [current.date.year], field=None)
        ensure_open(draft.naeringshage, [draft.date.year], field="date")
        evaluation = service_evaluate(locked, exclude_pk=service.pk)
        evaluation.raise_if_refused()
        _apply(service, locked, evaluation)
        service.full_clean(exclude=["submission_id"])
        service.save()
    return service


def service_void(*, service: PricedService, reason: str, voided_by: User) -> PricedService:
    """Void a service: it stays for the record and counts nowhere."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the service is voided.")})
    with transaction.atomic():
        lock_naeringshage(service.naeringshage)
        current = PricedService.objects.select_for_update().get(pk=service.pk)
        if current.is_voided:
            raise ValidationError(_("The service is already voided."))
        ensure_open(current.naeringshage, [current.date.year], field=None)
        current._history_user = voided_by  # the history's author, also outside a request
        current.voided_at = timezone.now()
        current.voided_by = voided_by
        current.void_reason = reason
        current.save(update_fields=["voided_at", "voided_by", "void_reason", "updated_at"])
    return current
