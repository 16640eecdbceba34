"""Closing a year: once the næringshage has accounted for a year, the manager closes it.

A closing stores the figures of the year's report (and of its two halves) as they were
at that moment: the snapshot every later export of the year is made from. While a
closing stands, services and grants dated in the year cannot be changed. Reopening
keeps the closing row, with who reopened it, when and why; closing again adds a new
row, so the history of a year is its rows in order.
"""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.constraints import CheckConstraint
from core.text import validate_multiline
from programmes.models import Naeringshage, ScopedQuerySet


class YearClosingQuerySet(ScopedQuerySet):
    def standing(self):
        """The closings not reopened: their years are closed."""
        return self.filter(reopened_at__isnull=True)


class YearClosing(models.Model):
    naeringshage = models.ForeignKey(
        Naeringshage,
        on_delete=models.PROTECT,
        related_name="year_closings",
        verbose_name=_("næringshage"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    closed_at = models.DateTimeField(_("closed at"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("closed by"),
    )
    snapshot = models.JSONField(
        _("snapshot"),
        encoder=DjangoJSONEncoder,
        help_text=_("The report's figures at closing, for the year and each half-year."),
    )
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("reopened by"),
    )
    reopen_reason = models.TextField(
        _("reason for reopening"), blank=True, validators=[validate_multiline]
    )

    objects = YearClosingQuerySet.as_manager()

    class Meta:
        verbose_name = _("year closing")
        verbose_name_plural = _("year closings")
        ordering = ["naeringshage", "year", "closed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["naeringshage", "year"],
                condition=Q(reopened_at__isnull=True),
                name="one_standing_closing_per_year",
                violation_error_message=_("The year is already closed."),
            ),
            CheckConstraint(
                condition=(
                    Q(reopened_at__isnull=True, reopened_by__isnull=True, reopen_reason="")
                    | (
                        Q(reopened_at__isnull=False, reopened_by__isnull=False)
                        & ~Q(reopen_reason="")
                    )
                ),
                name="reopening_has_who_when_and_why",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.naeringshage} {self.year}"

    @property
    def is_standing(self) -> bool:
        return self.reopened_at is None
