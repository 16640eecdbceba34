"""What an edit form shows when somebody else saved first (programmes.conflicts): the
409 page with both versions field by field, used by every staff edit form."""

from collections.abc import Callable
from typing import TypeVar

from django import forms

from core.history import ComparedField, compare_versions
from programmes.conflicts import EditConflict, version_of
from programmes.forms.fields import VersionedModelForm
from programmes.views.common import run_service

CONFLICT_STATUS = 409

T = TypeVar("T")
Compare = Callable[..., list[ComparedField]]


# As the forms show them: “912 345 688”.
def _compared(*, current, submitted: dict) -> list[ComparedField]:
    return compare_versions(current, submitted)


def conflict_context(
    form: forms.Form, conflict: EditConflict, submitted: dict, *, compare: Compare = _compared
) -> dict:
    """Both versions field by field for the page, and the form (still holding what the
    user typed) moved to the version saved now: saving it again, after comparing,
    replaces theirs on purpose. `compare(current=…, submitted=…)` makes the rows (an app
    may show its own kinds of field its own way, as funding does money)."""
    data = form.data.copy()
    data["version"] = version_of(conflict.current)
    form.data = data
    rows = compare(current=conflict.current, submitted=submitted)
    return {"conflict": conflict, "conflict_rows": rows}


def run_edit(form: VersionedModelForm, write: Callable[..., T]) -> tuple[T | None, dict]:
    """`write(opened_at=…, **typed)` when the form is valid, as `run_service` runs a
    service. Returns what it saved (None when anything was refused) and, when somebody
    else saved first, the conflict page's context (else empty)."""
    try:
        saved = run_service(form, lambda data: write(opened_at=form.opened_at, **data))
    except EditConflict as conflict:
        return None, conflict_context(form, conflict, form.typed())
    return saved, {}


def edit_status(conflict: dict) -> int:
    return CONFLICT_STATUS if conflict else 200
