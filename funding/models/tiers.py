"""Siva's tier models: their years, their levels with the yearly frame amount each gives,
and the criteria Siva scores.

Amounts are data: nothing here derives an amount from a level's number (DOMAIN.md §3).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.constraints import CheckConstraint
from core.money import MoneyField, format_nok
from core.text import validate_multiline, validate_single_line
from funding.models.years import in_years_q, year_field, years_label


class TierModelQuerySet(models.QuerySet):
    def valid_in(self, year: int):
        return self.filter(in_years_q(year))


class TierModel(models.Model):
    """One of Siva's financing models: its years, levels and criteria."""

    slug = models.SlugField(
        _("key"),
        unique=True,
        help_text=_("A fixed identifier used by the reference data files, such as “siva-2016”."),
    )
    name = models.CharField(
        _("name"), max_length=200, unique=True, validators=[validate_single_line]
    )
    first_year = year_field(_("first year"))
    last_year = year_field(
        _("last year"), null=True, blank=True, help_text=_("Empty: until further notice.")
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Source and what the model rewards."),
        validators=[validate_multiline],
    )

    objects = TierModelQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tier model")
        verbose_name_plural = _("tier models")
        ordering = ["-first_year"]
        constraints = [
            CheckConstraint(
                condition=Q(last_year__isnull=True) | Q(last_year__gte=F("first_year")),
                name="funding_tiermodel_last_year_after_first",
                violation_error_message=_("The last year cannot be before the first year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.years})"

    @property
    def years(self) -> str:
        if self.last_year is None:
            return _("from %(year)s") % {"year": self.first_year}
        return years_label(self.first_year, self.last_year)

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    def clean(self):
        super().clean()
        if self.first_year is None:
            return
        if self.last_year is not None and self.last_year < self.first_year:
            raise ValidationError(
                {"last_year": _("The last year cannot be before the first year.")}
            )
        others = TierModel.objects.exclude(pk=self.pk).filter(
            Q(last_year__isnull=True) | Q(last_year__gte=self.first_year)
        )
        if self.last_year is not None:
            others = others.filter(first_year__lte=self.last_year)
        other = others.first()
        if other:
            raise ValidationError(
                {
                    "first_year": ValidationError(
                        _("The years overlap the tier model %(other)s: one model per year."),
                        params={"other": other},
                        code="overlap",
                    )
                }
            )


class TierLevel(models.Model):
    tier_model = models.ForeignKey(
        TierModel, on_delete=models.CASCADE, related_name="levels", verbose_name=_("tier model")
    )
    label = models.CharField(
        _("label"),
        max_length=50,
        help_text=_("Such as “Nivå 1”."),
        validators=[validate_single_line],
    )
    rank = models.PositiveSmallIntegerField(
        _("rank"), help_text=_("1 is the top level; higher numbers are lower levels.")
    )
    yearly_amount = MoneyField(
        _("yearly frame"), help_text=_("Siva's frame per year for a næringshage on this level.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tier level")
        verbose_name_plural = _("tier levels")
        ordering = ["tier_model", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["tier_model", "rank"],
                name="funding_tierlevel_unique_rank",
                violation_error_message=_("The model already has a level with this rank."),
            ),
            models.UniqueConstraint(
                fields=["tier_model", "label"],
                name="funding_tierlevel_unique_label",
                violation_error_message=_("The model already has a level with this label."),
            ),
            CheckConstraint(
                condition=Q(yearly_amount__gt=0),
                name="funding_tierlevel_amount_positive",
                violation_error_message=_("The yearly frame must be more than 0 kr."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} – {format_nok(self.yearly_amount)}"


class TierCriterion(models.Model):
    tier_model = models.ForeignKey(
        TierModel, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("tier model")
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    description = models.TextField(_("description"), blank=True, validators=[validate_multiline])
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["tier_model", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tier_model", "name"],
                name="funding_tiercriterion_unique_name",
                violation_error_message=_("The model already has a criterion with this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name
