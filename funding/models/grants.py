"""Money coming in: funders, Siva's tier models and placements, grants and their years.

Amounts are data. A placement says which level of which tier model Siva put a
næringshage on in a year; the level carries the yearly frame amount that model gives.
Nothing here derives an amount from a level's number (DOMAIN.md §3).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import FIRST_YEAR, LAST_YEAR, in_range_constraint, validate_day_in_range
from core.money import MoneyField, format_nok
from core.text import validate_multiline, validate_single_line
from municipalities.models import County, Municipality
from programmes.models import Naeringshage, ScopedQuerySet
from programmes.organisation_numbers import OrganisationNumberField, format_organisation_number

YEAR_MIN = FIRST_YEAR
YEAR_MAX = LAST_YEAR


def _year_field(verbose_name, **kwargs) -> models.PositiveSmallIntegerField:
    validators = [MinValueValidator(YEAR_MIN), MaxValueValidator(YEAR_MAX)]
    return models.PositiveSmallIntegerField(verbose_name, validators=validators, **kwargs)


def _years_label(first: int | None, last: int | None) -> str:
    if first is None and last is None:
        return ""
    if first == last:
        return str(first)
    return f"{first or ''}–{last or ''}"


def _in_years_q(year: int, first: str = "first_year", last: str = "last_year") -> Q:
    return (Q(**{f"{first}__isnull": True}) | Q(**{f"{first}__lte": year})) & (
        Q(**{f"{last}__isnull": True}) | Q(**{f"{last}__gte": year})
    )


# --- Funders ---------------------------------------------------------------------------


class FunderQuerySet(models.QuerySet):
    def existing_in(self, year: int):
        return self.filter(_in_years_q(year))


class Funder(models.Model):
    """Who grants money: Siva, a county council, a municipality or another body."""

    class Kind(models.TextChoices):
        SIVA = "siva", _("Siva")
        COUNTY_COUNCIL = "county_council", _("County council")
        MUNICIPALITY = "municipality", _("Municipality")
        OTHER = "other", _("Other")

    slug = models.SlugField(
        _("key"),
        unique=True,
        help_text=_("A fixed identifier used by the reference data files, such as “siva”."),
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    organisation_number = OrganisationNumberField(
        _("organisation number"), blank=True, help_text=_("Where known.")
    )
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funders",
        verbose_name=_("county"),
        help_text=_("For a county council: the county it governs."),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funders",
        verbose_name=_("municipality"),
        help_text=_("For a municipality as funder."),
    )
    first_year = _year_field(
        _("first year"),
        null=True,
        blank=True,
        help_text=_("The first year it existed as a funder. Empty: always."),
    )
    last_year = _year_field(
        _("last year"),
        null=True,
        blank=True,
        help_text=_("The last year it existed (a county council that was merged). Empty: still."),
    )

    objects = FunderQuerySet.as_manager()

    class Meta:
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_year__isnull=True)
                | Q(last_year__isnull=True)
                | Q(last_year__gte=F("first_year")),
                name="funding_funder_last_year_after_first",
                violation_error_message=_("The last year cannot be before the first year."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="county_council") | Q(county__isnull=False),
                name="funding_funder_county_council_has_county",
                violation_error_message=_("A county council must name its county."),
            ),
        ]

    def __str__(self) -> str:
        if self.first_year and self.last_year:
            return f"{self.name} ({self.first_year}–{self.last_year})"
        if self.last_year:
            return _("%(name)s (until %(year)s)") % {"name": self.name, "year": self.last_year}
        if self.first_year:
            return _("%(name)s (from %(year)s)") % {"name": self.name, "year": self.first_year}
        return self.name

    @property
    def organisation_number_display(self) -> str:
        return format_organisation_number(self.organisation_number)

    def exists_in(self, year: int) -> bool:
        return (self.first_year is None or self.first_year <= year) and (
            self.last_year is None or year <= self.last_year
        )

    def clean(self):
        super().clean()
        if self.first_year and self.last_year and self.last_year < self.first_year:
            raise ValidationError(
                {"last_year": _("The last year cannot be before the first year.")}
            )
        if self.kind == self.Kind.COUNTY_COUNCIL and self.county_id is None:
            raise ValidationError({"county": _("A county council must name its county.")})


# --- Siva's tier models ----------------------------------------------------------------


class TierModelQuerySet(models.QuerySet):
    def valid_in(self, year: int):
        return self.filter(_in_years_q(year))


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
    first_year = _year_field(_("first year"))
    last_year = _year_field(
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
            models.CheckConstraint(
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
        return _years_label(self.first_year, self.last_year)

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
            models.CheckConstraint(
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


# --- Placements ------------------------------------------------------------------------


class Placement(models.Model):
    """Siva's decision: which level a næringshage is on in a year, and why."""

    naeringshage = models.ForeignKey(
        Naeringshage,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("næringshage"),
    )
    year = _year_field(_("year"))
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


# --- Grants ----------------------------------------------------------------------------


class Grant(models.Model):
    """Money granted to a næringshage for one year or a period of several years."""

    class Kind(models.TextChoices):
        SIVA_FRAME = "siva_frame", _("Siva frame")
        REGIONAL_DEVELOPMENT = "regional_development", _("Regional development funds")
        PROJECT = "project", _("Project grant")
        OTHER = "other", _("Other")

    naeringshage = models.ForeignKey(
        Naeringshage, on_delete=models.PROTECT, related_name="grants", verbose_name=_("næringshage")
    )
    funder = models.ForeignKey(
        Funder, on_delete=models.PROTECT, related_name="grants", verbose_name=_("funder")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("For a project grant: the project's name."),
        validators=[validate_single_line],
    )
    first_year = _year_field(_("first year"))
    last_year = _year_field(_("last year"), help_text=_("The same as the first for one year."))
    amount = MoneyField(_("amount"), help_text=_("The whole grant, in kroner."))
    granted_on = models.DateField(
        _("date granted"),
        null=True,
        blank=True,
        help_text=_("Empty where not known."),
        validators=[validate_day_in_range],
    )
    received_on = models.DateField(
        _("date received"), null=True, blank=True, validators=[validate_day_in_range]
    )
    conditions = models.TextField(_("conditions"), blank=True, validators=[validate_multiline])
    reporting_deadline = models.DateField(
        _("reporting deadline"), null=True, blank=True, validators=[validate_day_in_range]
    )
    note = models.TextField(_("note"), blank=True, validators=[validate_multiline])
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ["-first_year", "funder__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="funding_grant_amount_positive",
                violation_error_message=_("The amount must be more than 0 kr."),
            ),
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")),
                name="funding_grant_last_year_after_first",
                violation_error_message=_("The last year cannot be before the first year."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="siva_frame") | Q(last_year=F("first_year")),
                name="funding_grant_siva_frame_single_year",
                violation_error_message=_("A Siva frame is granted for one year at a time."),
            ),
            models.UniqueConstraint(
                fields=["naeringshage", "first_year"],
                condition=Q(kind="siva_frame"),
                name="funding_grant_one_siva_frame_per_year",
                violation_error_message=_(
                    "The næringshage already has a Siva frame for this year."
                ),
            ),
            in_range_constraint("funding_grant_granted_on_in_range", "granted_on", null=True),
            in_range_constraint("funding_grant_received_on_in_range", "received_on", null=True),
            in_range_constraint(
                "funding_grant_reporting_deadline_in_range", "reporting_deadline", null=True
            ),
        ]
        indexes = [models.Index(fields=["naeringshage", "kind", "first_year"])]

    def __str__(self) -> str:
        label = self.title or self.get_kind_display()
        return f"{label}, {self.funder.name} {self.years}"

    @property
    def years(self) -> str:
        return _years_label(self.first_year, self.last_year)

    @property
    def year_list(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    def clean(self):
        super().clean()
        errors = {}
        if self.first_year and self.last_year and self.last_year < self.first_year:
            errors["last_year"] = _("The last year cannot be before the first year.")
        if (
            self.kind == self.Kind.SIVA_FRAME
            and self.first_year
            and self.last_year
            and self.last_year != self.first_year
        ):
            errors["last_year"] = _("A Siva frame is granted for one year at a time.")
        if self.funder_id and self.first_year and self.last_year and "last_year" not in errors:
            missing = [y for y in self.year_list if not self.funder.exists_in(y)]
            if missing:
                errors["funder"] = ValidationError(
                    _("%(funder)s did not exist as a funder in %(year)s."),
                    params={"funder": self.funder.name, "year": missing[0]},
                    code="funder_not_existing",
                )
            elif self.kind == self.Kind.SIVA_FRAME and self.funder.kind != Funder.Kind.SIVA:
                errors["funder"] = _("A Siva frame is granted by Siva.")
        if errors:
            raise ValidationError(errors)


class GrantAllocation(models.Model):
    """The part of a grant that belongs to one year (a 3-year project: three rows)."""

    grant = models.ForeignKey(
        Grant, on_delete=models.CASCADE, related_name="allocations", verbose_name=_("grant")
    )
    year = _year_field(_("year"))
    amount = MoneyField(_("amount"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("allocation per year")
        verbose_name_plural = _("allocations per year")
        ordering = ["grant", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["grant", "year"],
                name="funding_grantallocation_one_per_year",
                violation_error_message=_("The grant already has an allocation for this year."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="funding_grantallocation_amount_not_negative",
                violation_error_message=_("An allocation cannot be negative."),
            ),
        ]
        indexes = [models.Index(fields=["year", "grant"])]

    def __str__(self) -> str:
        return f"{self.year}: {format_nok(self.amount)}"
