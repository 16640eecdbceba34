"""Closing and reopening a year, and the check every write of money makes against it.

Closing and the writes of services and grants all lock the næringshage's row first
(SELECT … FOR UPDATE), so a service being recorded while the manager closes its year
is either in the snapshot or refused: never recorded after the snapshot was taken.
"""

from collections.abc import Callable, Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from funding.models import YearClosing
from programmes.models import Naeringshage
from programmes.years import FIRST_YEAR, LAST_YEAR


def lock_naeringshage(naeringshage: Naeringshage) -> Naeringshage:
    """Lock the næringshage's row until the transaction ends (a no-op on SQLite, whose
    writes are serialised anyway)."""
    return Naeringshage.objects.select_for_update().get(pk=naeringshage.pk)


def closed_years(naeringshage: Naeringshage, years: Iterable[int]) -> list[int]:
    """The given years that are closed, in order."""
    # A year outside the range is never closed, and may not even fit the column: the
    # admin asks again, with the year the refused form was given, to show it again.
    years = {year for year in years if FIRST_YEAR <= year <= LAST_YEAR}
    if not years:
        return []
    return sorted(
        YearClosing.objects.for_naeringshage(naeringshage)
        .standing()
        .filter(year__in=years)
        .values_list("year", flat=True)
    )


def closed_message(year: int) -> str:
    return _(
        "%(year)s is closed: services and grants dated in it can no longer be changed. "
        "The manager can reopen the year, giving a reason."
    ) % {"year": year}


def ensure_open(naeringshage: Naeringshage, years: Iterable[int], *, field: str | None) -> None:
    """Refuse, keyed by `field` (None: the whole form), when one of `years` is closed."""
    closed = closed_years(naeringshage, years)
    if closed:
        message = closed_message(closed[0])
        raise ValidationError({field: message} if field else message)


def year_close(
    *,
    naeringshage: Naeringshage,
    year: int,
    closed_by: User,
    snapshot: Callable[[], dict],
) -> YearClosing:
    """Close `year`: store `snapshot()`, computed under the lock, as its figures."""
    if year >= timezone.localdate().year:
        raise ValidationError(
            _("%(year)s has not ended yet: a year can be closed from 1 January after it.")
            % {"year": year}
        )
    with transaction.atomic():
        lock_naeringshage(naeringshage)
        if closed_years(naeringshage, [year]):
            raise ValidationError(_("%(year)s is already closed.") % {"year": year})
        return YearClosing.objects.create(
            naeringshage=naeringshage,
            year=year,
            closed_at=timezone.now(),
            closed_by=closed_by,
            snapshot=snapshot(),
        )


def year_reopen(
    *, naeringshage: Naeringshage, year: int, reopened_by: User, reason: str
) -> YearClosing:
    """Reopen a closed year; the closing row keeps who reopened it, when and why."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the year is reopened.")})
    with transaction.atomic():
        lock_naeringshage(naeringshage)
        closing = (
            YearClosing.objects.for_naeringshage(naeringshage).standing().filter(year=year).first()
        )
        if closing is None:
            raise ValidationError(_("%(year)s is not closed.") % {"year": year})
        closing.reopened_at = timezone.now()
        closing.reopened_by = reopened_by
        closing.reopen_reason = reason
        closing.save(update_fields=["reopened_at", "reopened_by", "reopen_reason"])
        return closing
