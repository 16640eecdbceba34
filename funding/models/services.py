"""A priced service: what the næringshage sold a company, and how it was paid.

The price splits into the company's own share and the subsidy drawn on a grant (or,
at market price, no subsidy). The split is computed by `funding.services.pricing`
and kept consistent by constraints. A service is never deleted from the staff pages:
it is voided with a reason and then counts nowhere.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Round
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.constraints import CheckConstraint
from core.dates import in_range_constraint, validate_day_in_range
from core.money import MoneyField
from core.text import validate_multiline
from funding.models.grants import Grant
from funding.models.rules import OwnShareException
from programmes.models import Company, Naeringshage, ScopedQuerySet, ServiceType


class PricedServiceQuerySet(ScopedQuerySet):
    def counted(self):
        """The services that count: every one not voided."""
        return self.filter(voided_at__isnull=True)

    def in_year(self, year: int):
        return self.filter(date__year=year)

    def subsidised(self):
        return self.filter(subsidy__gt=0)


class PricedService(models.Model):
    naeringshage = models.ForeignKey(
        Naeringshage,
        on_delete=models.PROTECT,
        related_name="priced_services",
        verbose_name=_("næringshage"),
    )
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="priced_services", verbose_name=_("company")
    )
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="priced_services",
        verbose_name=_("adviser"),
    )
    service_type = models.ForeignKey(
        ServiceType,
        on_delete=models.PROTECT,
        related_name="priced_services",
        verbose_name=_("service type"),
    )
    date = models.DateField(_("date"), validators=[validate_day_in_range])
    description = models.TextField(_("description"), blank=True, validators=[validate_multiline])
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2, null=True, blank=True)
    hourly_rate = MoneyField(_("hourly rate"), null=True, blank=True)
    fixed_price = MoneyField(_("fixed price"), null=True, blank=True)
    price = MoneyField(_("price"))
    own_share = MoneyField(_("own share"))
    subsidy = MoneyField(_("subsidy"))
    grant = models.ForeignKey(
        Grant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="priced_services",
        verbose_name=_("funding line"),
        help_text=_("The grant the subsidy is drawn on. Empty: market price, no subsidy."),
    )
    own_share_exception = models.ForeignKey(
        OwnShareException,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="priced_services",
        verbose_name=_("own-share exception"),
    )
    exception_reason = models.TextField(
        _("reason for the exception"), blank=True, validators=[validate_multiline]
    )
    nok_per_eur = models.DecimalField(
        _("NOK per EUR"),
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("The rate on the service's date, which fixes the aid's value in euros."),
    )
    subsidy_eur = MoneyField(_("subsidy in EUR"), currency="EUR", default=0)
    submission_id = models.UUIDField(
        _("submission"),
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("Identifies the form that recorded it, so a double click records one."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("voided by"),
    )
    void_reason = models.TextField(
        _("reason for voiding"), blank=True, validators=[validate_multiline]
    )

    objects = PricedServiceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("priced service")
        verbose_name_plural = _("priced services")
        ordering = ["-date", "-pk"]
        constraints = [
            CheckConstraint(
                condition=Q(price__gte=0) & Q(own_share__gte=0) & Q(subsidy__gte=0),
                name="funding_pricedservice_amounts_not_negative",
                violation_error_message=_("Price, own share and subsidy cannot be negative."),
            ),
            CheckConstraint(
                # Rounded to øre: SQLite computes with binary floats, in which
                # 16 533,33 − 4 133,33 is not 12 400,00 (PostgreSQL's numeric is exact).
                condition=Q(subsidy=Round(F("price") - F("own_share"), 2)),
                name="funding_pricedservice_split_adds_up",
                violation_error_message=_("The subsidy must be the price less the own share."),
            ),
            CheckConstraint(
                condition=Q(grant__isnull=False) | Q(subsidy=0),
                name="funding_pricedservice_market_price_has_no_subsidy",
                violation_error_message=_("A service at market price has no subsidy."),
            ),
            CheckConstraint(
                condition=Q(hours__isnull=True) | (Q(hours__gt=0) & Q(hours__lte=24)),
                name="funding_pricedservice_hours_in_a_day",
                violation_error_message=_("Hours must be more than 0 and at most 24."),
            ),
            CheckConstraint(
                condition=(
                    Q(fixed_price__isnull=True)
                    & Q(hours__isnull=False)
                    & Q(hourly_rate__isnull=False)
                )
                | (Q(fixed_price__isnull=False) & Q(hourly_rate__isnull=True)),
                name="funding_pricedservice_hourly_or_fixed",
                violation_error_message=_("Give hours and an hourly rate, or a fixed price."),
            ),
            CheckConstraint(
                condition=Q(voided_at__isnull=True) | ~Q(void_reason=""),
                name="funding_pricedservice_void_has_reason",
                violation_error_message=_("A voided service needs a reason."),
            ),
            in_range_constraint("funding_pricedservice_date_in_range", "date"),
        ]
        indexes = [
            models.Index(fields=["naeringshage", "date"]),
            models.Index(fields=["grant", "date"]),
            models.Index(fields=["company", "date"]),
            # The services list's adviser choices: who has services in the næringshage.
            models.Index(fields=["adviser", "naeringshage"]),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.service_type} – {self.company}"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # The date it was read with: an edit that moves it to another year changes the
        # pages of both years.
        instance._loaded_date = instance.__dict__.get("date")
        return instance

    @property
    def page_topics(self) -> tuple[str, ...]:
        """The pages a change of it can alter (programmes.page_cache): the services
        pages, and those of its year (and of the year it was read with)."""
        days = (self.date, getattr(self, "_loaded_date", None))
        years = {day.year for day in days if isinstance(day, datetime.date)}
        return ("services", *(f"services:{year}" for year in sorted(years)))

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None

    @property
    def own_share_fraction(self):
        return self.own_share / self.price if self.price else None
