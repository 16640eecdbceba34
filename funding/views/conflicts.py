"""What the grant and service forms show when somebody else saved first."""

from django import forms

from funding import selectors
from funding.services import EditConflict, version_of

CONFLICT_STATUS = 409


def conflict_context(form: forms.Form, conflict: EditConflict, submitted: dict) -> dict:
    """Both versions field by field for the page, and the form (still holding what the
    user typed) moved to the version saved now: saving it again, after comparing,
    replaces theirs on purpose."""
    data = form.data.copy()
    data["version"] = version_of(conflict.current)
    form.data = data
    rows = selectors.versions_compared(current=conflict.current, submitted=submitted)
    return {"conflict": conflict, "conflict_rows": rows}
