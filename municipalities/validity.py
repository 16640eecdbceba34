"""Dated rows: what every piece of reference data that changes over time has in common.

A row is in force from `valid_from` to `valid_to`, both days included; an empty
`valid_to` means "until further notice". Two rows of the same thing may not be in force
on the same day. Both rules are checked in `clean()` (every database) and, where the
database can, by constraints: the order of the dates by a CHECK constraint, overlaps by
an exclusion constraint on PostgreSQL (see `no_overlap_on_postgresql`).
"""

from datetime import date
from itertools import pairwise

from django.core.exceptions import ValidationError
from django.db import migrations, models
from django.db.models import F, Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core import periods
from core.constraints import CheckConstraint
from core.periods import format_period, periods_overlap, year_bounds


def year_reference_date(year: int) -> date:
    """The day whose numbering and county a year is reported under.

    Numbers and counties change on 1 January, so any day of a year would do; we take
    its last day, so that a report for 2017 says 1640 and one for 2018 says 5025.
    """
    return date(year, 12, 31)


def overlapping_q(start: date, end: date | None, prefix: str = "") -> Q:
    """Rows in force on at least one day from `start` to `end` (None: open-ended)."""
    return periods.overlapping_q(
        start, end, start_field=f"{prefix}valid_from", end_field=f"{prefix}valid_to"
    )


def covering_q(day: date, prefix: str = "") -> Q:
    """Rows in force on `day`."""
    return overlapping_q(day, day, prefix)


class ValidityQuerySet(models.QuerySet):
    def valid_on(self, day: date):
        return self.filter(covering_q(day))

    def overlapping(self, start: date, end: date | None):
        return self.filter(overlapping_q(start, end))

    def in_year(self, year: int):
        return self.overlapping(*year_bounds(year))


class Validity(models.Model):
    """Abstract base of a dated row. Subclasses name the rows that may not overlap."""

    valid_from = models.DateField(
        _("valid from"), help_text=_("The first day this applies (included).")
    )
    valid_to = models.DateField(
        _("valid to"),
        null=True,
        blank=True,
        help_text=_("The last day this applies (included). Empty: until further notice."),
    )

    objects = ValidityQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message=_("“Valid to” cannot be before “valid from”."),
            ),
        ]

    @property
    def period(self) -> str:
        return format_period(self.valid_from, self.valid_to)

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def overlaps(self, other: "Validity") -> bool:
        return periods_overlap(self.valid_from, self.valid_to, other.valid_from, other.valid_to)

    def others_overlapping(self, queryset: models.QuerySet) -> models.QuerySet:
        """The rows of `queryset`, other than this one, in force on a day this one is."""
        others = queryset.filter(overlapping_q(self.valid_from, self.valid_to))
        if self.pk is not None:
            others = others.exclude(pk=self.pk)
        return others

    def clean(self):
        super().clean()
        if (
            self.valid_from is not None
            and self.valid_to is not None
            and self.valid_to < self.valid_from
        ):
            raise ValidationError(
                {
                    "valid_to": ValidationError(
                        _("“Valid to” (%(end)s) cannot be before “valid from” (%(start)s)."),
                        code="ends_before_start",
                        params={
                            "end": date_format(self.valid_to, "SHORT_DATE_FORMAT"),
                            "start": date_format(self.valid_from, "SHORT_DATE_FORMAT"),
                        },
                    )
                }
            )

    def dates_are_valid(self) -> bool:
        """Whether both dates are present and in order: overlap checks need both."""
        return self.valid_from is not None and (
            self.valid_to is None or self.valid_to >= self.valid_from
        )


def first_overlap(rows: list[Validity]) -> tuple[Validity, Validity] | None:
    """The first pair of rows in force on a common day, for formsets checking siblings."""
    ordered = sorted(rows, key=lambda row: row.valid_from)
    for earlier, later in pairwise(ordered):
        if earlier.overlaps(later):
            return earlier, later
    return None


class RunSQLOnPostgreSQL(migrations.RunSQL):
    """RunSQL that only runs on PostgreSQL and does nothing on other databases.

    For what only PostgreSQL can enforce (exclusion constraints). Other databases rely
    on model validation. Migrations import this class: keep its behaviour stable.
    """

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def btree_gist_on_postgresql() -> RunSQLOnPostgreSQL:
    """The extension that lets an exclusion constraint compare ids with `=`.

    btree_gist is a trusted extension: the database owner may create it. It is not
    dropped on reversal, since other constraints may use it.
    """
    return RunSQLOnPostgreSQL(
        "CREATE EXTENSION IF NOT EXISTS btree_gist", reverse_sql=migrations.RunSQL.noop
    )


def no_overlap_on_postgresql(table: str, name: str, columns: list[str]) -> RunSQLOnPostgreSQL:
    """An exclusion constraint: no two rows with equal `columns` (or, with none, no two
    rows at all) in force on one day."""
    parts = [f'"{column}" WITH =' for column in columns]
    parts.append('daterange("valid_from", "valid_to", \'[]\') WITH &&')
    return RunSQLOnPostgreSQL(
        f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" EXCLUDE USING gist ({", ".join(parts)})',
        reverse_sql=f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"',
    )
