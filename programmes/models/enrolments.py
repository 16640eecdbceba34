"""A company's enrolment in the programme: as target company (målbedrift, with a
contract), as member company (medlemsbedrift), or as another company helped.

Siva counts new target companies by their *avtalestart* (`start_date`) and computes the
growth of programme companies from it: one company has one enrolment at a time. The
rule is checked in `clean()` on every database and, on PostgreSQL, by an exclusion
constraint (migration 0006).
"""

from datetime import date
from typing import Self

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import periods
from core.constraints import CheckConstraint
from core.dates import in_range_constraint, validate_day_in_range
from core.periods import format_period, year_bounds
from core.text import validate_multiline, validate_single_line
from programmes.models.companies import Company, CompanyScopedQuerySet


def _short(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def overlapping_q(start: date, end: date | None) -> Q:
    """Enrolments running on at least one day from `start` to `end` (None: open-ended)."""
    return periods.overlapping_q(start, end, start_field="start_date", end_field="end_date")


class EnrolmentQuerySet(CompanyScopedQuerySet["Enrolment"]):
    def overlapping(self, start: date, end: date | None) -> Self:
        return self.filter(overlapping_q(start, end))

    def active_on(self, day: date) -> Self:
        """Enrolments running on `day`."""
        return self.overlapping(day, day)

    def active_in_year(self, year: int) -> Self:
        """Enrolments running on at least one day of `year`."""
        return self.overlapping(*year_bounds(year))

    def started_in_year(self, year: int) -> Self:
        """Enrolments whose avtalestart is in `year`: the companies taken in that year."""
        start, end = year_bounds(year)
        return self.filter(start_date__gte=start, start_date__lte=end)

    def of_kind(self, kind: str) -> Self:
        return self.filter(kind=kind)


class Enrolment(models.Model):
    class Kind(models.TextChoices):
        TARGET = "target", _("target company")
        MEMBER = "member", _("member company")
        OTHER = "other", _("other company helped")

    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("company"),
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=Kind,
        help_text=_(
            "Target company: a fixed contract with the næringshage (Siva counts these). "
            "Member company: a member without such a contract. Other: a company helped "
            "without either."
        ),
    )
    start_date = models.DateField(
        _("contract start"),
        help_text=_("The day the company was taken into the programme (avtalestart)."),
        validators=[validate_day_in_range],
    )
    end_date = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_("The last day of the enrolment. Empty while it lasts."),
        validators=[validate_day_in_range],
    )
    goals = models.TextField(
        _("goals"),
        blank=True,
        help_text=_("What the company and the næringshage aim for."),
        validators=[validate_multiline],
    )
    contract_reference = models.CharField(
        _("contract reference"),
        max_length=100,
        blank=True,
        help_text=_("The contract's number or where it is filed."),
        validators=[validate_single_line],
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EnrolmentQuerySet.as_manager()
    history = HistoricalRecords()

    # The pages a change of it can alter (programmes.page_cache).
    page_topics = ("companies",)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["company", "start_date"]
        constraints = [
            CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="programmes_enrolment_ends_after_start",
                violation_error_message=_("The end date cannot be before the contract start."),
            ),
            CheckConstraint(
                condition=Q(kind__in=["target", "member", "other"]),
                name="programmes_enrolment_kind_known",
                violation_error_message=_(
                    "Choose a kind: target company, member company or other company helped."
                ),
            ),
            in_range_constraint("programmes_enrolment_start_date_in_range", "start_date"),
            in_range_constraint("programmes_enrolment_end_date_in_range", "end_date", null=True),
        ]
        indexes = [models.Index(fields=["start_date"])]

    def __str__(self) -> str:
        return f"{self.company} – {self.get_kind_display()} ({self.period})"

    @property
    def period(self) -> str:
        return format_period(self.start_date, self.end_date)

    def is_active_on(self, day: date) -> bool:
        return periods.periods_overlap(self.start_date, self.end_date, day, day)

    def clean(self):
        super().clean()
        if self.start_date is None:
            return
        if self.end_date is not None and self.end_date < self.start_date:
            raise ValidationError(
                {
                    "end_date": ValidationError(
                        _(
                            "The end date (%(end)s) cannot be before the contract start "
                            "(%(start)s)."
                        ),
                        code="ends_before_start",
                        params={"end": _short(self.end_date), "start": _short(self.start_date)},
                    )
                }
            )
        if self.company_id is None:
            return
        other = (
            Enrolment.objects.filter(company_id=self.company_id)
            .overlapping(self.start_date, self.end_date)
            .exclude(pk=self.pk)
            .order_by("start_date")
            .first()
        )
        if other:
            raise ValidationError(
                {
                    "start_date": ValidationError(
                        _(
                            "The enrolment overlaps the company's enrolment as %(kind)s "
                            "(%(period)s). A company has one enrolment at a time: give the "
                            "earlier one an end date first."
                        ),
                        code="overlap",
                        params={"kind": other.get_kind_display(), "period": other.period},
                    )
                }
            )
