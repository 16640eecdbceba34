"""Siva's placements: which level of which tier model a næringshage is on in a year, and
the score it got on each criterion."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import in_range_constraint, validate_day_in_range
from core.text import validate_multiline, validate_single_line
from funding.models.tiers import TierCriterion, TierLevel
from funding.models.years import year_field
from programmes.models import Naeringshage, ScopedQuerySet


class Placement(models.Model):
    """Siva's decision: which level a næringshage is on in a year, and why."""

    naeringshage = models.ForeignKey(
        Naeringshage,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("næringshage"),
    )
    year = year_field(_("year"))
    level = models.ForeignKey(
        TierLevel, on_delete=models.PROTECT, related_name="placements", verbose_name=_("level")
    )
    decision_date = models.DateField(
        _("decision date"),
        null=True,
        blank=True,
        help_text=_("Empty where not known."),
        validators=[validate_day_in_range],
    )
    letter_reference = models.CharField(
        _("Siva's letter"),
        max_length=200,
        blank=True,
        help_text=_("The reference or date of Siva's letter announcing the placement."),
        validators=[validate_single_line],
    )
    rationale = models.TextField(_("rationale"), blank=True, validators=[validate_multiline])
    # Every save moves it: the edit form's version (see programmes.conflicts).
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    # The pages a change of it can alter (programmes.page_cache).
    page_topics = ("funding",)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["naeringshage", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["naeringshage", "year"],
                name="funding_placement_one_per_year",
                violation_error_message=_("The næringshage already has a placement for this year."),
            ),
            in_range_constraint(
                "funding_placement_decision_date_in_range", "decision_date", null=True
            ),
        ]

    def __str__(self) -> str:
        return f"{self.naeringshage} {self.year}: {self.level.label}"

    @property
    def implied_amount(self) -> Decimal:
        return self.level.yearly_amount

    def clean(self):
        super().clean()
        if self.year and self.level_id:
            model = self.level.tier_model
            if not model.covers(self.year):
                raise ValidationError(
                    {
                        "level": ValidationError(
                            _(
                                "%(level)s belongs to the tier model %(model)s, which does not "
                                "apply to %(year)s."
                            ),
                            params={"level": self.level.label, "model": model, "year": self.year},
                            code="level_of_other_model",
                        )
                    }
                )


class PlacementScore(models.Model):
    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="scores", verbose_name=_("placement")
    )
    criterion = models.ForeignKey(
        TierCriterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("criterion")
    )
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, help_text=_("Siva's score, where given.")
    )
    comment = models.TextField(_("comment"), blank=True, validators=[validate_multiline])

    # The pages a change of it can alter (programmes.page_cache).
    page_topics = ("funding",)

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        ordering = ["placement", "criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "criterion"],
                name="funding_placementscore_one_per_criterion",
                violation_error_message=_("The placement already has a score for this criterion."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score if self.score is not None else '–'}"
