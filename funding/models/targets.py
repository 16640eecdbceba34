"""The yearly targets Siva judges a næringshage by: the kinds of target a programme
period names (reference data, each naming a measure the report can count), and each
næringshage's target of a kind for a year, set by its manager."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.constraints import CheckConstraint
from core.text import validate_multiline, validate_single_line
from funding.models.years import in_years_q, year_field, years_label
from programmes.models import Naeringshage, ScopedQuerySet

# A target above this is a typing error (a million companies helped in a year).
TARGET_MAX = 99_999


class Measure(models.TextChoices):
    """What the report counts for a kind of target, from 1 January to the period's end."""

    COMPANIES_HELPED = "companies_helped", _("Companies helped (with at least one service)")
    NEW_TARGET_COMPANIES = "new_target_companies", _("New target companies (enrolments begun)")
    ACTIVE_TARGET_COMPANIES = (
        "active_target_companies",
        _("Target companies in the programme (at the period's end)"),
    )
    SERVICES = "services", _("Services")
    EVENTS = "events", _("Events")
    PARTICIPANTS = "participants", _("Event participants")


class TargetKindQuerySet(models.QuerySet):
    def valid_in(self, year: int):
        return self.filter(in_years_q(year))


class TargetKind(models.Model):
    """A count Siva sets targets for in a programme period, such as “Bedrifter som har
    fått hjelp” from 2023. Which figure of the report is the result is its measure."""

    slug = models.SlugField(
        _("key"),
        unique=True,
        help_text=_("A fixed identifier used by the reference data files."),
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    measure = models.CharField(
        _("measure"),
        max_length=40,
        choices=Measure.choices,
        help_text=_("The report's figure that counts as the result."),
    )
    first_year = year_field(_("first year"))
    last_year = year_field(
        _("last year"), null=True, blank=True, help_text=_("Empty: until further notice.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    description = models.TextField(_("description"), blank=True, validators=[validate_multiline])

    objects = TargetKindQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kind of target")
        verbose_name_plural = _("kinds of target")
        ordering = ["position", "name"]
        constraints = [
            CheckConstraint(
                condition=Q(last_year__isnull=True) | Q(last_year__gte=F("first_year")),
                name="funding_targetkind_last_year_after_first",
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


class Target(models.Model):
    """A næringshage's target of one kind for a year."""

    naeringshage = models.ForeignKey(
        Naeringshage,
        on_delete=models.PROTECT,
        related_name="targets",
        verbose_name=_("næringshage"),
    )
    year = year_field(_("year"))
    kind = models.ForeignKey(
        TargetKind, on_delete=models.PROTECT, related_name="targets", verbose_name=_("kind")
    )
    value = models.PositiveIntegerField(_("target"), validators=[MaxValueValidator(TARGET_MAX)])
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    # The pages a change of it can alter (programmes.page_cache).
    page_topics = ("funding",)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["naeringshage", "-year", "kind__position", "kind__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["naeringshage", "year", "kind"],
                name="funding_target_one_per_kind_and_year",
                violation_error_message=_("The næringshage already has this target for the year."),
            ),
            CheckConstraint(
                condition=Q(value__lte=TARGET_MAX),
                name="funding_target_value_in_range",
                violation_error_message=_("A target can be at most 99 999."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.naeringshage} {self.year}: {self.kind.name} {self.value}"

    def clean(self):
        super().clean()
        if self.year and self.kind_id and not self.kind.covers(self.year):
            raise ValidationError(
                {
                    "kind": ValidationError(
                        _("“%(kind)s” is not a target in %(year)s."),
                        params={"kind": self.kind.name, "year": self.year},
                        code="kind_of_other_years",
                    )
                }
            )
