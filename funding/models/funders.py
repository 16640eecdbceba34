"""Who grants money: Siva, county councils, municipalities and other bodies, and the years
each existed as a funder."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.constraints import CheckConstraint
from core.text import validate_single_line
from funding.models.years import in_years_q, year_field
from municipalities.models import County, Municipality
from programmes.organisation_numbers import OrganisationNumberField, format_organisation_number


class FunderQuerySet(models.QuerySet):
    def existing_in(self, year: int):
        return self.filter(in_years_q(year))


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
    first_year = year_field(
        _("first year"),
        null=True,
        blank=True,
        help_text=_("The first year it existed as a funder. Empty: always."),
    )
    last_year = year_field(
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
            CheckConstraint(
                condition=Q(first_year__isnull=True)
                | Q(last_year__isnull=True)
                | Q(last_year__gte=F("first_year")),
                name="funding_funder_last_year_after_first",
                violation_error_message=_("The last year cannot be before the first year."),
            ),
            CheckConstraint(
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
