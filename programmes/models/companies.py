"""The companies a næringshage helps, and the kinds of service it delivers them."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality
from programmes.models.organisation import Naeringshage, ScopedQuerySet
from programmes.organisation_numbers import (
    OrganisationNumberField,
    compact_organisation_number,
    format_organisation_number,
)


class CompanyQuerySet(ScopedQuerySet):
    def search(self, text: str):
        """By name (any part) or organisation number (its start, spaces or not)."""
        text = text.strip()
        if not text:
            return self
        digits = compact_organisation_number(text)
        condition = Q(name__icontains=text)
        if digits.isdigit():
            condition |= Q(organisation_number__startswith=digits)
        return self.filter(condition)


class Company(models.Model):
    """A company the næringshage helps, identified by its organisation number."""

    class WomenInLeadership(models.TextChoices):
        YES = "yes", _("yes")
        NO = "no", _("no")
        UNKNOWN = "unknown", _("unknown")

    naeringshage = models.ForeignKey(
        Naeringshage,
        on_delete=models.PROTECT,
        related_name="companies",
        verbose_name=_("næringshage"),
    )
    organisation_number = OrganisationNumberField(
        _("organisation number"),
        help_text=_("Nine digits from the Brønnøysund Register Centre, such as “123 456 785”."),
    )
    name = models.CharField(_("name"), max_length=200)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="companies",
        verbose_name=_("municipality"),
        help_text=_("Where the company is registered."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    nace_code = models.CharField(
        _("NACE code"),
        max_length=6,
        blank=True,
        validators=[
            RegexValidator(
                r"^[0-9]{2}(\.[0-9]{1,3})?\Z",
                _("The NACE code is two digits, a point and up to three more, such as “55.101”."),
            )
        ],
        help_text=_("The industry code (næringskode), such as “55.101”."),
    )
    women_in_leadership = models.CharField(
        _("women in leading positions"),
        max_length=10,
        choices=WomenInLeadership,
        default=WomenInLeadership.UNKNOWN,
        help_text=_("Whether a woman is general manager or chairs the board (Siva's indicator)."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["naeringshage", "organisation_number"],
                name="programmes_company_unique_organisation_number",
                violation_error_message=_(
                    "A company with this organisation number is already registered."
                ),
            ),
            models.CheckConstraint(
                condition=Q(organisation_number__regex=r"^[0-9]{9}\Z"),
                name="programmes_company_organisation_number_nine_digits",
                violation_error_message=_(
                    "The organisation number must be nine digits, such as “123 456 785”."
                ),
            ),
        ]
        indexes = [models.Index(fields=["naeringshage", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def organisation_number_display(self) -> str:
        return format_organisation_number(self.organisation_number)


class ServiceType(models.Model):
    """A kind of service: advice, a course, networking, KompetanseForum… (reference data)."""

    slug = models.SlugField(
        _("key"),
        unique=True,
        help_text=_("A fixed identifier used by the reference data files, such as “radgivning”."),
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(
        _("in use"), default=True, help_text=_("Types no longer in use are kept for old rows.")
    )

    class Meta:
        verbose_name = _("service type")
        verbose_name_plural = _("service types")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name
