"""The programme, the næringshager that run it, their regions and their staff.

Several næringshager can share one installation. Everything a næringshage owns has a
`naeringshage` foreign key and a `ScopedQuerySet`; views and selectors reach it only
through `programmes.scoping` (see there).
"""

from typing import Self, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.constraints import CheckConstraint
from core.text import validate_multiline, validate_single_line
from municipalities.models import Municipality
from municipalities.validity import Validity, ValidityQuerySet
from programmes.organisation_numbers import OrganisationNumberField, format_organisation_number

_M = TypeVar("_M", bound=models.Model)


class ScopedQuerySet(models.QuerySet[_M]):
    """A QuerySet of rows that belong to one næringshage."""

    naeringshage_lookup = "naeringshage"

    def for_naeringshage(self, naeringshage: "Naeringshage") -> Self:
        return self.filter(**{self.naeringshage_lookup: naeringshage})


class Organisation(models.Model):
    """An organisation the product refers to, such as Siva (the programme's operator)."""

    slug = models.SlugField(
        _("key"),
        unique=True,
        help_text=_("A fixed identifier used by the reference data files, such as “siva”."),
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("The registered name, such as “Siva SF”."),
        validators=[validate_single_line],
    )
    organisation_number = OrganisationNumberField(
        _("organisation number"),
        blank=True,
        help_text=_("Nine digits from the Brønnøysund Register Centre. May be left empty."),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def organisation_number_display(self) -> str:
        return format_organisation_number(self.organisation_number)


class Programme(models.Model):
    slug = models.SlugField(
        _("key"),
        unique=True,
        help_text=_(
            "A fixed identifier used by the reference data files, such as “naeringshageprogrammet”."
        ),
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("Such as “Næringshageprogrammet”."),
        validators=[validate_single_line],
    )
    operator = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="operated_programmes",
        verbose_name=_("operator"),
        help_text=_("The organisation that runs the programme nationally (Siva)."),
    )
    owners = models.TextField(
        _("owners"),
        blank=True,
        help_text=_("Who owns and commissions the programme, and since when."),
        validators=[validate_multiline],
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProgrammePeriod(Validity):
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="periods",
        verbose_name=_("programme"),
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"),
        null=True,
        blank=True,
        help_text=_(
            "The year growth is measured from for every target company enrolled before "
            "it (avtalestart reset for everyone); empty: each enrolment's start year."
        ),
    )

    objects = ValidityQuerySet.as_manager()

    class Meta(Validity.Meta):
        verbose_name = _("programme period")
        verbose_name_plural = _("programme periods")
        ordering = ["programme", "valid_from"]
        constraints = [
            *Validity.Meta.constraints,
            models.UniqueConstraint(
                fields=["programme", "valid_from"],
                name="programmes_programmeperiod_unique_start",
                violation_error_message=_("This programme already has a period from this day."),
            ),
        ]
        # On PostgreSQL an exclusion constraint also forbids overlapping periods.

    def __str__(self) -> str:
        return self.period

    def clean(self):
        super().clean()
        if not self.dates_are_valid() or self.programme_id is None:
            return
        other = self.others_overlapping(
            ProgrammePeriod.objects.filter(programme_id=self.programme_id)
        ).first()
        if other:
            raise ValidationError(
                {
                    "valid_from": ValidationError(
                        _("The period overlaps the programme's period %(period)s."),
                        code="overlap",
                        params={"period": other.period},
                    )
                }
            )


# Written only by programmes.page_cache, never by a save of a loaded næringshage.
PAGE_CACHE_FIELDS = frozenset({"data_version", "page_versions"})


class Naeringshage(models.Model):
    """A business garden: the company that runs the programme in its region."""

    slug = models.SlugField(
        _("key"),
        unique=True,
        help_text=_(
            "A fixed identifier used by the reference data files, such as “rorosregionen”."
        ),
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("The registered name, such as “Rørosregionen Næringshage AS”."),
        validators=[validate_single_line],
    )
    organisation_number = OrganisationNumberField(
        _("organisation number"),
        blank=True,
        help_text=_(
            "Nine digits from the Brønnøysund Register Centre, such as “912 345 688”. "
            "May be left empty until it is known."
        ),
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="naeringshager",
        verbose_name=_("programme"),
        help_text=_("The programme the næringshage runs in its region."),
    )
    # Counts the committed changes to the næringshage's data (programmes.page_cache): it
    # is part of the key of every cached page, so a change makes them all be made again.
    # Only an UPDATE … SET data_version = data_version + 1 ever writes it (see save()).
    data_version = models.BigIntegerField(_("data version"), default=0, editable=False)
    # The data_version of each topic's latest change ({"services": 41, "services:2024":
    # 41, "events": 38, "all": 12}): a page that shows only some topics is made again
    # only when one of them changes. Written, like data_version, only by page_cache.
    page_versions = models.JSONField(_("page versions"), default=dict, editable=False)

    class Meta:
        verbose_name = _("næringshage")
        verbose_name_plural = _("næringshager")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation_number"],
                condition=~Q(organisation_number=""),
                name="programmes_naeringshage_unique_organisation_number",
                violation_error_message=_(
                    "Another næringshage already has this organisation number."
                ),
            ),
            CheckConstraint(
                condition=Q(organisation_number="") | Q(organisation_number__regex=r"^[0-9]{9}\Z"),
                name="programmes_naeringshage_organisation_number_nine_digits",
                violation_error_message=_(
                    "The organisation number must be nine digits, such as “912 345 688”."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        """Saving a loaded næringshage writes every field but `data_version` and
        `page_versions`, so that an admin edit never sets a counter back to the value
        it read."""
        if not self._state.adding and not args and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in PAGE_CACHE_FIELDS
            ]
        super().save(*args, **kwargs)

    @property
    def organisation_number_display(self) -> str:
        return format_organisation_number(self.organisation_number)


class Office(models.Model):
    naeringshage = models.ForeignKey(
        Naeringshage,
        on_delete=models.CASCADE,
        related_name="offices",
        verbose_name=_("næringshage"),
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("Such as “Røros”."),
        validators=[validate_single_line],
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="offices",
        verbose_name=_("municipality"),
        help_text=_("The municipality the office is in."),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["naeringshage", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["naeringshage", "name"],
                name="programmes_office_unique_name",
                violation_error_message=_("This næringshage already has an office by this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RegionMembershipQuerySet(ScopedQuerySet, ValidityQuerySet):
    pass


class RegionMembership(Validity):
    """A municipality in a næringshage's region for a period, in one of two roles."""

    class Role(models.TextChoices):
        MEMBER = "member", _("programme member")
        SERVICES_ONLY = "services_only", _("services only")

    naeringshage = models.ForeignKey(
        Naeringshage,
        on_delete=models.CASCADE,
        related_name="region_memberships",
        verbose_name=_("næringshage"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="region_memberships",
        verbose_name=_("municipality"),
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=Role,
        help_text=_(
            "Programme member: part of the næringshage's programme region. Services only: "
            "the næringshage also delivers services there."
        ),
    )

    objects = RegionMembershipQuerySet.as_manager()

    class Meta(Validity.Meta):
        verbose_name = _("region membership")
        verbose_name_plural = _("region memberships")
        ordering = ["naeringshage", "role", "valid_from"]
        constraints = [
            *Validity.Meta.constraints,
            CheckConstraint(
                condition=Q(role__in=["member", "services_only"]),
                name="programmes_regionmembership_role_known",
                violation_error_message=_("Choose a role: programme member or services only."),
            ),
            models.UniqueConstraint(
                fields=["naeringshage", "municipality", "valid_from"],
                name="programmes_regionmembership_unique_start",
                violation_error_message=_(
                    "This municipality is already in the region from this day."
                ),
            ),
        ]
        # On PostgreSQL an exclusion constraint also forbids overlapping periods of one
        # municipality in one næringshage's region.

    def __str__(self) -> str:
        return f"{self.municipality} – {self.get_role_display()} ({self.period})"

    def clean(self):
        super().clean()
        if not self.dates_are_valid() or self.naeringshage_id is None:
            return
        if self.municipality_id is None:
            return
        other = self.others_overlapping(
            RegionMembership.objects.filter(
                naeringshage_id=self.naeringshage_id, municipality_id=self.municipality_id
            )
        ).first()
        if other:
            raise ValidationError(
                {
                    "valid_from": ValidationError(
                        _(
                            "The period overlaps this municipality's membership in the region "
                            "as %(role)s (%(period)s). A municipality has one role at a time: "
                            "end the earlier one first."
                        ),
                        code="overlap",
                        params={"role": other.get_role_display(), "period": other.period},
                    )
                }
            )


class StaffMembership(models.Model):
    """Which næringshage a staff user works for: the user sees only its data."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_membership",
        verbose_name=_("user"),
        help_text=_("A user works for one næringshage at a time."),
    )
    naeringshage = models.ForeignKey(
        Naeringshage,
        on_delete=models.PROTECT,
        related_name="staff_memberships",
        verbose_name=_("næringshage"),
        help_text=_("The user sees and records only this næringshage's data."),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        ordering = ["naeringshage", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} – {self.naeringshage}"
