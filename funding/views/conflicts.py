"""What the grant, placement and service forms show when somebody else saved first:
the programme's conflict page (programmes.views.conflicts), with money and grants
shown as funding shows them."""

from django import forms

from funding import selectors
from funding.services import EditConflict
from programmes.views.conflicts import CONFLICT_STATUS
from programmes.views.conflicts import conflict_context as _conflict_context

__all__ = ["CONFLICT_STATUS", "conflict_context"]


def conflict_context(form: forms.Form, conflict: EditConflict, submitted: dict) -> dict:
    return _conflict_context(form, conflict, submitted, compare=selectors.versions_compared)
