"""Row ids that come from a request: checked before any lookup.

Django looks some posted ids up without checking them first: an autocomplete select
filters by what was posted, a list action by its chosen rows, a multiple select by
`__in`. A value that is not a whole number then raises ValueError, and on SQLite a whole
number past 64 bits raises OverflowError (a 500 either way). `lookup_value_ok` is the one
check; the form field and the admin's guards in `naeringshage.admin_site` use it."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Field


def lookup_value_ok(field: Field, value: object, *, using: str | None = None) -> bool:
    """Whether `value` can be looked up in `field` on the database: the field reads it,
    and a whole number is within the column's range."""
    try:
        python = field.to_python(value)
    except (ValidationError, TypeError, ValueError, OverflowError):
        return False
    if isinstance(python, int) and not isinstance(python, bool):
        ops = connections[using or DEFAULT_DB_ALIAS].ops
        low, high = ops.integer_field_range(field.get_internal_type())
        if (low is not None and python < low) or (high is not None and python > high):
            return False
    return True


class RowsField(forms.ModelMultipleChoiceField):
    """Rows chosen by id; an id that cannot be looked up is refused as a choice that
    does not exist, before Django's own lookup of it."""

    def clean(self, value):
        if isinstance(value, (list, tuple)) and self.queryset is not None:
            meta = self.queryset.model._meta
            field = meta.get_field(self.to_field_name) if self.to_field_name else meta.pk
            for chosen in value:
                if chosen in self.empty_values:
                    continue
                if not lookup_value_ok(field, chosen, using=self.queryset.db):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": chosen},
                    )
        return super().clean(value)
