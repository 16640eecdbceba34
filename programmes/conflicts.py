"""Edit conflicts: two people open the same row (a company, an enrolment, a grant, a
service …); the second to save is told who changed it and when, and nothing of theirs
is overwritten.

A form carries the version of the row it was opened at (the row's `updated_at`, which
every save moves). The write compares it with the row's version after locking the row
(SELECT … FOR UPDATE), inside its transaction, so no save can slip in between the check
and the write. Who changed it and when come from the row's history; a model without
history (a contact person: personal data, kept nowhere else) names "someone" and the
row's own `updated_at`.

A form without a version (a page opened before the forms carried one) compares
nothing and saves as before.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.history import latest_change, user_name


def version_of(row: models.Model) -> str:
    """What an edit form carries to say which version of the row it was opened at."""
    return row.updated_at.isoformat()


def parse_version(text: str) -> datetime | None:
    """The version a form carries, or None when it carries none (then nothing is
    compared). ValueError when it is not a version at all."""
    if not text:
        return None
    version = datetime.fromisoformat(text)
    if timezone.is_naive(version):
        raise ValueError("a version has a time zone")
    return version


class EditConflict(ValidationError):
    """The row was saved by someone else after the form was opened; nothing was written.

    `current` is the row as stored now; `changed_by` and `changed_at` say who saved it
    last and when."""

    def __init__(self, *, current: models.Model, changed_by: str, changed_at: datetime):
        self.current = current
        self.changed_by = changed_by
        self.changed_at = changed_at
        local = timezone.localtime(changed_at)
        numbers = {"name": changed_by, "time": local.strftime("%H:%M")}
        if local.date() == timezone.localdate():
            message = _("Changed by %(name)s at %(time)s after you opened the form.") % numbers
        else:
            numbers["date"] = date_format(local, "SHORT_DATE_FORMAT")
            message = (
                _("Changed by %(name)s on %(date)s at %(time)s after you opened the form.")
                % numbers
            )
        super().__init__(message, code="edit_conflict")


def _latest_change(current: models.Model):
    """The row's newest historical row, or None (no history kept, or none written)."""
    history = getattr(type(current), "history", None)
    if history is None:
        return None
    return latest_change(history.filter(**{current._meta.pk.attname: current.pk}))


def ensure_unchanged(current: models.Model, opened_at: datetime | None) -> None:
    """Refuse with EditConflict when `current` (locked, as stored now) is not the version
    the form was opened at. Call it inside the write's transaction, after the lock."""
    if opened_at is None or current.updated_at == opened_at:
        return
    latest = _latest_change(current)
    raise EditConflict(
        current=current,
        changed_by=user_name(latest.history_user) if latest else _("someone"),
        changed_at=latest.history_date if latest else current.updated_at,
    )


def lock_unchanged(row: models.Model, opened_at: datetime | None) -> models.Model:
    """The stored version of `row`, locked (SELECT … FOR UPDATE) until the transaction
    ends, after `ensure_unchanged`. Refused when somebody deleted it meanwhile."""
    try:
        current = type(row)._default_manager.select_for_update().get(pk=row.pk)
    except type(row).DoesNotExist:
        raise ValidationError(
            _("Somebody deleted it after you opened the form; nothing was saved."),
            code="deleted",
        ) from None
    ensure_unchanged(current, opened_at)
    return current
