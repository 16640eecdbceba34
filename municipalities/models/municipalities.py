"""Municipalities and their dated numbering: the number, the name and the county of each
period."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.constraints import CheckConstraint
from municipalities.fields import DigitsField
from municipalities.models.counties import County, CountyNumbering
from municipalities.models.numbering import (
    MUNICIPALITY_NUMBER_PATTERN,
    latest_in_force,
    municipality_label,
    short_date,
    validate_municipality_number,
)
from municipalities.validity import Validity, ValidityQuerySet, covering_q


class MunicipalityQuerySet(models.QuerySet):
    def with_history(self):
        """Prefetches numbering and counties, so that labels cost no further query."""
        return self.prefetch_related(
            Prefetch(
                "numberings",
                queryset=MunicipalityNumbering.objects.select_related("county").prefetch_related(
                    "county__numberings"
                ),
            )
        )

    def valid_on(self, day: date):
        """Municipalities that existed on `day` (that had a numbering in force)."""
        return self.filter(covering_q(day, prefix="numberings__")).distinct()


class Municipality(models.Model):
    slug = models.SlugField(
        _("key"),
        unique=True,
        help_text=_(
            "A fixed identifier used by the reference data files, such as “tynset”. "
            "It never changes, even when the municipality's number or county does."
        ),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["slug"]

    def __str__(self) -> str:
        numbering = self.latest_numbering()
        return numbering.label if numbering else self.slug

    def numbering_on(self, day: date) -> "MunicipalityNumbering | None":
        """Uses the prefetched history when there is one (see `with_history`)."""
        return next((n for n in self.numberings.all() if n.covers(day)), None)

    def latest_numbering(self) -> "MunicipalityNumbering | None":
        return latest_in_force(list(self.numberings.all()), timezone.localdate())


class MunicipalityNumberingQuerySet(ValidityQuerySet):
    def with_county_on(self, day: date):
        """Adds `county_number` and `county_name`: the county's numbering in force on `day`."""
        return self.annotate(
            county_on_day=models.FilteredRelation(
                "county__numberings", condition=covering_q(day, prefix="county__numberings__")
            ),
            county_number=models.F("county_on_day__number"),
            county_name=models.F("county_on_day__name"),
        )


class MunicipalityNumbering(Validity):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="numberings",
        verbose_name=_("municipality"),
    )
    number = DigitsField(
        _("municipality number"),
        digits=4,
        validators=[validate_municipality_number],
        help_text=_(
            "Four digits; the first two are the county number in force at the time, "
            "such as “0437” (Tynset in Hedmark)."
        ),
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("The municipality's name in this period, without its county."),
    )
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        related_name="municipality_numberings",
        verbose_name=_("county"),
        help_text=_("The county the municipality belonged to in this period."),
    )
    name_is_shared = models.BooleanField(
        _("name shared with another municipality"),
        default=False,
        help_text=_(
            "Tick when another Norwegian municipality has or had the same name (such as "
            "Os in Hordaland until 2019). The county is then shown after the name: "
            "“Os (Innlandet)”."
        ),
    )

    objects = MunicipalityNumberingQuerySet.as_manager()

    class Meta(Validity.Meta):
        verbose_name = _("municipality number")
        verbose_name_plural = _("municipality numbers")
        ordering = ["municipality", "valid_from"]
        constraints = [
            *Validity.Meta.constraints,
            CheckConstraint(
                condition=Q(number__regex=MUNICIPALITY_NUMBER_PATTERN),
                name="municipalities_municipalitynumbering_number_four_digits",
                violation_error_message=validate_municipality_number.message,
            ),
            models.UniqueConstraint(
                fields=["municipality", "valid_from"],
                name="municipalities_municipalitynumbering_unique_start",
                violation_error_message=_("This municipality already has a number from this day."),
            ),
        ]
        indexes = [models.Index(fields=["number"], name="municipalities_number_idx")]
        # On PostgreSQL, exclusion constraints also forbid overlapping periods of one
        # municipality and one number held by two municipalities at once (migration 0002).

    def __str__(self) -> str:
        return f"{self.number} {self.name} ({self.period})"

    @property
    def label(self) -> str:
        """“Os (Innlandet)” where the name is shared, else the name.

        The county's name is the one annotated by `with_county_on()` when present, else
        the one in force on the last day of this numbering (today for a numbering still
        in force).
        """
        if not self.name_is_shared:
            return self.name
        county_name = getattr(self, "county_name", None)
        if county_name is None and self.county_id is not None:
            today = timezone.localdate()
            day = max(self.valid_from, min(today, self.valid_to or today))
            county_name = self.county.name_on(day)
        return municipality_label(self.name, county_name, self.name_is_shared)

    def clean(self):
        super().clean()
        if not self.dates_are_valid():
            return
        errors = {}
        # A new municipality (added in the admin with its numbering) has no id yet; the
        # admin's formset compares its rows with each other instead.
        if self.municipality_id is not None:
            same_municipality = self.others_overlapping(
                MunicipalityNumbering.objects.filter(municipality_id=self.municipality_id)
            ).first()
            if same_municipality:
                errors["valid_from"] = ValidationError(
                    _(
                        "The period overlaps the municipality's number %(number)s "
                        "(%(period)s). A municipality has one number at a time: end the "
                        "earlier one first."
                    ),
                    code="overlap",
                    params={
                        "number": same_municipality.number,
                        "period": same_municipality.period,
                    },
                )
        if self.number and validate_municipality_number.regex.match(self.number):
            same_number = self.others_overlapping(
                MunicipalityNumbering.objects.filter(number=self.number)
            )
            if self.municipality_id is not None:
                same_number = same_number.exclude(municipality_id=self.municipality_id)
            holder = same_number.first()
            if holder:
                errors["number"] = ValidationError(
                    _("The municipality number %(number)s is held by %(name)s (%(period)s)."),
                    code="number_taken",
                    params={"number": self.number, "name": holder.name, "period": holder.period},
                )
            elif self.county_id is not None:
                county_error = self._county_error()
                if county_error:
                    errors.setdefault(county_error[0], county_error[1])
        if errors:
            raise ValidationError(errors)

    def _county_error(self) -> tuple[str, ValidationError] | None:
        """The first two digits must be the county's number throughout the period."""
        county_numberings = list(
            CountyNumbering.objects.filter(county_id=self.county_id)
            .overlapping(self.valid_from, self.valid_to)
            .order_by("valid_from")
        )
        if not any(numbering.covers(self.valid_from) for numbering in county_numberings):
            return "county", ValidationError(
                _(
                    "The county %(county)s has no county number on %(day)s. Register the "
                    "county's number for that day first, or choose the county the "
                    "municipality belonged to then."
                ),
                code="county_without_number",
                params={"county": str(self.county), "day": short_date(self.valid_from)},
            )
        for numbering in county_numberings:
            if not self.number.startswith(numbering.number):
                return "number", ValidationError(
                    _(
                        "The municipality number %(number)s does not match its county: the "
                        "first two digits must be %(county_number)s, the number of "
                        "%(county)s (%(period)s)."
                    ),
                    code="prefix_mismatch",
                    params={
                        "number": self.number,
                        "county_number": numbering.number,
                        "county": numbering.name,
                        "period": numbering.period,
                    },
                )
        return None
