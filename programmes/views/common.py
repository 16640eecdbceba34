"""What the programme's views share: running one service and reading the posted form.
The access check is `programmes.scoping.naeringshage_allowed`."""

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from core.forms import add_errors
from programmes.conflicts import EditConflict

T = TypeVar("T")


def run_service(form: forms.Form, write: Callable[[dict], T]) -> T | None:
    """`write(cleaned_data)` when the form is valid; what the service refuses goes on the
    form's fields. None when anything was refused (nothing is saved then). An
    EditConflict is raised on: its page shows more than the form (programmes.views.conflicts)."""
    if not form.is_valid():
        return None
    try:
        return write(form.cleaned_data)
    except EditConflict:
        raise
    except ValidationError as error:
        add_errors(form, error)
        return None


def posted(request: HttpRequest) -> dict | None:
    """The form data of a POST, or None for a GET (an unbound form)."""
    return request.POST if request.method == "POST" else None
