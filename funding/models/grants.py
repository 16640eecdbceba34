"""Money coming in: grants to a næringshage for one year or several, and their parts per
year."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.constraints import CheckConstraint
from core.dates import in_range_constraint, validate_day_in_range
from core.money import MoneyField, format_nok
from core.text import validate_multiline, validate_single_line
from funding.models.funders import Funder
from funding.models.years import year_field, years_label
from programmes.models import Naeringshage, ScopedQuerySet


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
    first_year = year_field(_("first year"))
    last_year = year_field(_("last year"), help_text=_("The same as the first for one year."))
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

    # The pages a change of it can alter (programmes.page_cache).
    page_topics = ("funding",)

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ["-first_year", "funder__name"]
        constraints = [
            CheckConstraint(
                condition=Q(amount__gt=0),
                name="funding_grant_amount_positive",
                violation_error_message=_("The amount must be more than 0 kr."),
            ),
            CheckConstraint(
                condition=Q(last_year__gte=F("first_year")),
                name="funding_grant_last_year_after_first",
                violation_error_message=_("The last year cannot be before the first year."),
            ),
            CheckConstraint(
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
        return years_label(self.first_year, self.last_year)

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
    year = year_field(_("year"))
    amount = MoneyField(_("amount"))

    history = HistoricalRecords()

    # The pages a change of it can alter (programmes.page_cache).
    page_topics = ("funding",)

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
            CheckConstraint(
                condition=Q(amount__gte=0),
                name="funding_grantallocation_amount_not_negative",
                violation_error_message=_("An allocation cannot be negative."),
            ),
        ]
        indexes = [models.Index(fields=["year", "grant"])]

    def __str__(self) -> str:
        return f"{self.year}: {format_nok(self.amount)}"
