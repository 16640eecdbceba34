"""The companies a næringshage helps, their contact persons and yearly key figures, and
the kinds of service the næringshage delivers them."""

from typing import TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.constraints import CheckConstraint
from core.dates import in_range_constraint, validate_day_in_range
from core.money import MoneyField
from core.text import validate_multiline, validate_single_line
from municipalities.models import Municipality
from programmes.models.organisation import Naeringshage, ScopedQuerySet
from programmes.organisation_numbers import (
    OrganisationNumberField,
    compact_organisation_number,
    format_organisation_number,
)
from programmes.years import FIRST_YEAR, LAST_YEAR

_M = TypeVar("_M", bound=models.Model)


def nace_code_from_input(text: str) -> str:
    """The NACE code as people type it: “5510”, “55 10” and “55,10” read as “55.10”.
    Anything else is returned as typed, for the field's validator to judge."""
    text = text.strip()
    compact = text.replace(" ", "").replace(",", ".")
    if compact.isdigit() and 3 <= len(compact) <= 5:
        return f"{compact[:2]}.{compact[2:]}"
    if compact.replace(".", "", 1).isdigit():
        return compact
    return text


class CompanyQuerySet(ScopedQuerySet["Company"]):
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

    class RegistryStatus(models.TextChoices):
        """What Enhetsregisteret says of the unit (programmes.registry)."""

        ACTIVE = "active", _("registered")
        BANKRUPT = "bankrupt", _("bankrupt")  # konkurs
        DISSOLVING = "dissolving", _("being wound up")  # under avvikling
        # under tvangsavvikling eller tvangsoppløsning
        FORCED_DISSOLUTION = "forced", _("being compulsorily dissolved")
        DELETED = "deleted", _("deleted")
        NOT_FOUND = "not-found", _("not in the register")

    # The register's states that staff must hear of (page, dashboard).
    REGISTRY_WARNINGS = frozenset(
        {
            RegistryStatus.BANKRUPT,
            RegistryStatus.DISSOLVING,
            RegistryStatus.FORCED_DISSOLUTION,
            RegistryStatus.DELETED,
            RegistryStatus.NOT_FOUND,
        }
    )

    naeringshage = models.ForeignKey(
        Naeringshage,
        on_delete=models.PROTECT,
        related_name="companies",
        verbose_name=_("næringshage"),
    )
    organisation_number = OrganisationNumberField(
        _("organisation number"),
        help_text=_("Nine digits from the Brønnøysund Register Centre, such as “912 345 688”."),
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="companies",
        verbose_name=_("municipality"),
        help_text=_("Where the company is registered."),
    )
    address = models.CharField(
        _("address"), max_length=300, blank=True, validators=[validate_single_line]
    )
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
    organisation_form = models.CharField(
        _("organisation form"),
        max_length=10,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-ZÆØÅ]{2,10}\Z",
                _("The organisation form is the register's code in capitals, such as “AS”."),
            )
        ],
        help_text=_("The register's code, such as “AS” or “ENK”."),
    )
    registered_on = models.DateField(
        _("registered"),
        null=True,
        blank=True,
        validators=[validate_day_in_range],
        help_text=_("When Enhetsregisteret registered it."),
    )
    founded_on = models.DateField(
        _("founded"),
        null=True,
        blank=True,
        validators=[validate_day_in_range],
        help_text=_("The date of its foundation (stiftelsesdato)."),
    )
    women_in_leadership = models.CharField(
        _("women in leading positions"),
        max_length=10,
        choices=WomenInLeadership,
        default=WomenInLeadership.UNKNOWN,
        help_text=_("Whether a woman is general manager or chairs the board (Siva's indicator)."),
    )
    # What Enhetsregisteret said when last asked (programmes.registry): its status, when,
    # and the rest of its answer as it gave it (registry.Unit.as_data()).
    registry_status = models.CharField(
        _("status in Enhetsregisteret"),
        max_length=10,
        choices=RegistryStatus,
        blank=True,
        help_text=_("Empty until the register has been asked."),
    )
    registry_checked_at = models.DateTimeField(
        _("checked in Enhetsregisteret"), null=True, blank=True
    )
    registry_data = models.JSONField(_("the register's answer"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CompanyQuerySet.as_manager()
    # A check of the register is no change of the company's own: only a new status is
    # kept in the history.
    history = HistoricalRecords(excluded_fields=["registry_checked_at", "registry_data"])

    # The pages a change of it can alter (programmes.page_cache).
    page_topics = ("companies",)

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
            in_range_constraint(
                "programmes_company_registered_on_in_range", "registered_on", null=True
            ),
            in_range_constraint("programmes_company_founded_on_in_range", "founded_on", null=True),
            CheckConstraint(
                condition=Q(organisation_number__regex=r"^[0-9]{9}\Z"),
                name="programmes_company_organisation_number_nine_digits",
                violation_error_message=_(
                    "The organisation number must be nine digits, such as “912 345 688”."
                ),
            ),
        ]
        indexes = [models.Index(fields=["naeringshage", "name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def registry_unit(self):
        """The register's last answer (a programmes.registry.Unit), or None."""
        if not self.registry_data:
            return None
        from programmes.registry import Unit

        return Unit.from_data(self.registry_data)

    @property
    def registry_warning(self) -> bool:
        return self.registry_status in self.REGISTRY_WARNINGS

    @property
    def organisation_number_display(self) -> str:
        return format_organisation_number(self.organisation_number)

    def clean(self):
        super().clean()
        # The unique constraint says the same, but above the form; here the message sits
        # on the field and names the company already registered.
        if self.naeringshage_id is None or not self.organisation_number:
            return
        other = (
            Company.objects.filter(
                naeringshage_id=self.naeringshage_id, organisation_number=self.organisation_number
            )
            .exclude(pk=self.pk)
            .first()
        )
        if other:
            raise ValidationError(
                {
                    "organisation_number": ValidationError(
                        _(
                            "The organisation number %(number)s is already registered, for "
                            "%(name)s. Edit that company instead."
                        ),
                        code="duplicate_company",
                        # The pk lets the form link to the company already registered.
                        params={
                            "number": other.organisation_number_display,
                            "name": other.name,
                            "pk": other.pk,
                        },
                    )
                }
            )


class CompanyScopedQuerySet(ScopedQuerySet[_M]):
    """Rows that belong to a company, and through it to its næringshage."""

    naeringshage_lookup = "company__naeringshage"


class ContactPerson(models.Model):
    """A person at a company the staff talk to. Personal data: kept apart from the
    company, so that it can be shown, corrected and deleted on its own."""

    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        related_name="contact_persons",
        verbose_name=_("company"),
    )
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    role = models.CharField(
        _("role"),
        max_length=100,
        blank=True,
        help_text=_("Such as “general manager” or “chair of the board”."),
        validators=[validate_single_line],
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(
        _("phone"),
        max_length=30,
        blank=True,
        validators=[
            RegexValidator(
                r"^\+?[0-9 ()-]{5,}\Z",
                _("Write the phone number with digits, such as “+47 62 48 00 00”."),
            )
        ],
    )

    # Every save moves it: the edit form's version (see programmes.conflicts).
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CompanyScopedQuerySet.as_manager()

    # The pages a change of it can alter (programmes.page_cache).
    page_topics = ("companies",)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["company", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


def kroner_field(label, **kwargs) -> models.DecimalField:
    """An amount in kroner a company's figures may leave empty."""
    return models.DecimalField(
        label, max_digits=14, decimal_places=2, null=True, blank=True, **kwargs
    )


class KeyFigures(models.Model):
    """A company's employees, revenue and value creation in a year: what Siva's growth
    indicators are computed from. A figure not (yet) known stays empty."""

    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        related_name="key_figures",
        verbose_name=_("company"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[
            MinValueValidator(FIRST_YEAR, _("The year must be %(limit_value)s or later.")),
            MaxValueValidator(LAST_YEAR, _("The year must be %(limit_value)s or earlier.")),
        ],
    )
    employees = models.PositiveIntegerField(
        _("employees"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0, _("The number of employees cannot be negative."))],
        help_text=_("People employed in the company in the year."),
    )
    revenue = kroner_field(
        _("revenue"),
        validators=[MinValueValidator(0, _("The revenue cannot be negative."))],
        help_text=_("Operating revenue (driftsinntekter) in kroner."),
    )
    value_creation = kroner_field(
        _("value creation"),
        help_text=_("Operating result plus wage costs (verdiskaping) in kroner; may be negative."),
    )
    operating_result = kroner_field(
        _("operating result"), help_text=_("Driftsresultat in kroner; may be negative.")
    )
    wage_costs = kroner_field(
        _("wage costs"),
        validators=[MinValueValidator(0, _("The wage costs cannot be negative."))],
        help_text=_("Lønnskostnader in kroner."),
    )
    annual_result = kroner_field(
        _("annual result"), help_text=_("Årsresultat in kroner; may be negative.")
    )

    class Source(models.TextChoices):
        TYPED = "typed", _("typed")
        IMPORTED = "imported", _("imported")
        REGISTER = "register", _("Regnskapsregisteret")

    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.TYPED
    )

    # The figures Regnskapsregisteret's accounts give (programmes.models.AnnualAccounts).
    ACCOUNTS_FIGURES = ("revenue", "operating_result", "wage_costs", "annual_result")

    objects = CompanyScopedQuerySet.as_manager()

    # The pages a change of it can alter (programmes.page_cache).
    page_topics = ("companies",)

    class Meta:
        verbose_name = _("key figures")
        verbose_name_plural = _("key figures")
        ordering = ["company", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "year"],
                name="programmes_keyfigures_unique_year",
                violation_error_message=_("This company already has key figures for this year."),
            ),
            CheckConstraint(
                condition=Q(employees__isnull=True) | Q(employees__gte=0),
                name="programmes_keyfigures_employees_not_negative",
                violation_error_message=_("The number of employees cannot be negative."),
            ),
            CheckConstraint(
                condition=Q(revenue__isnull=True) | Q(revenue__gte=0),
                name="programmes_keyfigures_revenue_not_negative",
                violation_error_message=_("The revenue cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} {self.year}"

    def clean(self):
        super().clean()
        errors = {}
        if (
            self.value_creation is None
            and self.operating_result is not None
            and self.wage_costs is not None
        ):
            # Verdiskaping, by its definition.
            self.value_creation = self.operating_result + self.wage_costs
        figures = ("employees", "value_creation", *self.ACCOUNTS_FIGURES)
        if all(getattr(self, name) is None for name in figures):
            errors[NON_FIELD_ERRORS] = ValidationError(
                _("Fill in at least one figure: employees, revenue or value creation."),
                code="no_figures",
            )
        if (
            self.company_id is not None
            and self.year is not None
            and KeyFigures.objects.filter(company_id=self.company_id, year=self.year)
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["year"] = ValidationError(
                _("The company already has key figures for %(year)s. Edit those instead."),
                code="duplicate_year",
                params={"year": self.year},
            )
        if errors:
            raise ValidationError(errors)


class ServiceType(models.Model):
    """A kind of service: advice, a course, networking, KompetanseForum… (reference data)."""

    slug = models.SlugField(
        _("key"),
        unique=True,
        help_text=_("A fixed identifier used by the reference data files, such as “radgivning”."),
    )
    name = models.CharField(
        _("name"), max_length=100, unique=True, validators=[validate_single_line]
    )
    description = models.TextField(_("description"), blank=True, validators=[validate_multiline])
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(
        _("in use"), default=True, help_text=_("Types no longer in use are kept for old rows.")
    )
    default_hourly_rate = MoneyField(
        _("default hourly rate"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_(
            "Fills in the hourly rate when an adviser chooses this type for a service. "
            "Empty: the adviser types the rate."
        ),
    )

    class Meta:
        verbose_name = _("service type")
        verbose_name_plural = _("service types")
        ordering = ["position", "name"]
        constraints = [
            CheckConstraint(
                condition=Q(default_hourly_rate__gte=0) | Q(default_hourly_rate__isnull=True),
                name="programmes_servicetype_default_hourly_rate_not_negative",
                violation_error_message=_("The default hourly rate cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.name
