"""Forms shared by the admin of dated rows."""

from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from municipalities.validity import first_overlap


class NoOverlapInlineFormSet(BaseInlineFormSet):
    """Refuses two rows of one inline that are in force on a common day.

    Each row's model validation compares it with the rows already in the database,
    which do not hold the other changes made in the same form (nor any row of a parent
    being added); this compares the submitted rows with each other. `overlap_key` names
    the field that rows must share to conflict (None: all rows of the parent).
    """

    overlap_key: str | None = None

    def clean(self):
        super().clean()
        groups: dict[object, list] = {}
        for form in self.forms:
            if not form.has_changed() and form.instance.pk is None:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            if form.errors or not form.instance.dates_are_valid():
                continue
            key = getattr(form.instance, self.overlap_key) if self.overlap_key else None
            groups.setdefault(key, []).append(form.instance)
        for rows in groups.values():
            pair = first_overlap(rows)
            if pair:
                earlier, later = pair
                raise ValidationError(
                    _(
                        "Two rows are in force on the same day: %(first)s and %(second)s. "
                        "Change “valid from” or “valid to” so that the periods do not "
                        "overlap."
                    ),
                    code="overlap",
                    params={"first": earlier.period, "second": later.period},
                )
