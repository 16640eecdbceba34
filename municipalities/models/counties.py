"""Counties and their dated numbering: a county keeps its identity when its number or
name changes."""

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.constraints import CheckConstraint
from municipalities.fields import DigitsField
from municipalities.models.numbering import (
    COUNTY_NUMBER_PATTERN,
    latest_in_force,
    validate_county_number,
)
from municipalities.validity import Validity, ValidityQuerySet

if TYPE_CHECKING:
    from municipalities.models.municipalities import MunicipalityNumbering


class CountyQuerySet(models.QuerySet):
    def with_history(self):
        """Prefetches the numbering, so that names and numbers cost no further query."""
        return self.prefetch_related("numberings")


class County(models.Model):
    slug = models.SlugField(
        _("key"),
        unique=True,
        help_text=_(
            "A fixed identifier used by the reference data files, such as “innlandet”. "
            "It never changes, even when the county's number or name does."
        ),
    )

    objects = CountyQuerySet.as_manager()

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["slug"]

    def __str__(self) -> str:
        numbering = self.latest_numbering()
        return numbering.name if numbering else self.slug

    def numbering_on(self, day: date) -> "CountyNumbering | None":
        """Uses the prefetched history when there is one (see `with_history`)."""
        return next((n for n in self.numberings.all() if n.covers(day)), None)

    def latest_numbering(self) -> "CountyNumbering | None":
        return latest_in_force(list(self.numberings.all()), timezone.localdate())

    def name_on(self, day: date) -> str:
        numbering = self.numbering_on(day)
        return numbering.name if numbering else str(self)


class CountyNumbering(Validity):
    county = models.ForeignKey(
        County,
        on_delete=models.CASCADE,
        related_name="numberings",
        verbose_name=_("county"),
    )
    number = DigitsField(
        _("county number"),
        digits=2,
        validators=[validate_county_number],
        help_text=_("Two digits, such as “04” (Hedmark) or “34” (Innlandet)."),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("The county's name in this period.")
    )

    objects = ValidityQuerySet.as_manager()

    class Meta(Validity.Meta):
        verbose_name = _("county number")
        verbose_name_plural = _("county numbers")
        ordering = ["county", "valid_from"]
        constraints = [
            *Validity.Meta.constraints,
            CheckConstraint(
                condition=Q(number__regex=COUNTY_NUMBER_PATTERN),
                name="municipalities_countynumbering_number_two_digits",
                violation_error_message=validate_county_number.message,
            ),
            models.UniqueConstraint(
                fields=["county", "valid_from"],
                name="municipalities_countynumbering_unique_start",
                violation_error_message=_("This county already has a number from this day."),
            ),
        ]
        # On PostgreSQL, exclusion constraints also forbid overlapping periods of one
        # county and one number held by two counties at once (migration 0002).

    def __str__(self) -> str:
        return f"{self.number} {self.name} ({self.period})"

    def clean(self):
        super().clean()
        if not self.dates_are_valid():
            return
        errors = {}
        if self.county_id is not None:
            same_county = self.others_overlapping(
                CountyNumbering.objects.filter(county_id=self.county_id)
            ).first()
            if same_county:
                errors["valid_from"] = ValidationError(
                    _(
                        "The period overlaps the county's number %(number)s (%(period)s). "
                        "A county has one number at a time: end the earlier one first."
                    ),
                    code="overlap",
                    params={"number": same_county.number, "period": same_county.period},
                )
        if self.number and validate_county_number.regex.match(self.number):
            same_number = (
                self.others_overlapping(CountyNumbering.objects.filter(number=self.number))
                .exclude(county_id=self.county_id)
                .first()
            )
            if same_number:
                errors["number"] = ValidationError(
                    _("The county number %(number)s is held by %(name)s (%(period)s)."),
                    code="number_taken",
                    params={
                        "number": self.number,
                        "name": same_number.name,
                        "period": same_number.period,
                    },
                )
            elif self.county_id is not None:
                mismatch = self._first_municipality_with_other_prefix()
                if mismatch:
                    errors["number"] = ValidationError(
                        _(
                            "The county number %(number)s does not match the municipality "
                            "number %(municipality_number)s (%(name)s, %(period)s) of this "
                            "county: its first two digits must be the county number."
                        ),
                        code="prefix_mismatch",
                        params={
                            "number": self.number,
                            "municipality_number": mismatch.number,
                            "name": mismatch.name,
                            "period": mismatch.period,
                        },
                    )
        if errors:
            raise ValidationError(errors)

    def _first_municipality_with_other_prefix(self) -> "MunicipalityNumbering | None":
        # Imported here: a municipality's numbering names its county, so that module
        # imports this one.
        from municipalities.models.municipalities import MunicipalityNumbering

        return (
            self.others_overlapping(MunicipalityNumbering.objects.filter(county_id=self.county_id))
            .exclude(number__startswith=self.number)
            .order_by("valid_from", "number")
            .first()
        )
