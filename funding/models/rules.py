"""The dated rules a subsidy must keep, edited in the admin (DOMAIN.md §4).

- OwnShareRule: the company's minimum own share on a kind of grant (25 % on Siva's
  frame), in force for a period.
- OwnShareException: a period in which a lower minimum may be used for a stated reason
  (COVID-19, 2020-03 → 2021-12: up to 100 % subsidy).
- StateAidRule: the cap on one company's aid in a rolling window (GBER art. 28:
  EUR 200 000 over 3 years).
- AidRegisterThreshold: from what amount an aid award must be reported to the
  state-aid register (Registeret for offentlig støtte: EUR 100 000 from 2023-12-11).
- EurRate: NOK per EUR from a date, to convert a subsidy into euros on the day it is
  granted.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.constraints import CheckConstraint
from core.money import MoneyField, ShareField, format_amount
from core.text import validate_multiline, validate_single_line
from funding.models.grants import Grant
from municipalities.validity import Validity, ValidityQuerySet

SHARE_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]


def _share_field(verbose_name, help_text, form_help_text=None) -> ShareField:
    """Stored 0..1, typed and shown as per cent (“25 %”)."""
    return ShareField(
        verbose_name,
        max_digits=5,
        decimal_places=4,
        validators=SHARE_VALIDATORS,
        help_text=help_text,
        form_help_text=form_help_text,
    )


def _refuse_overlap(row: Validity, rows, message) -> None:
    """Refuse `row` when one of `rows` is in force on a day of its period; `message`
    names that one as %(other)s."""
    if not row.dates_are_valid():
        return
    other = row.others_overlapping(rows).first()
    if other:
        raise ValidationError(
            {
                "valid_from": ValidationError(
                    message, params={"other": other, "period": other.period}, code="overlap"
                )
            }
        )


class _NoOverlapPerGrantKind(Validity):
    """Rows for one kind of grant may not be in force on the same day."""

    grant_kind = models.CharField(_("kind of grant"), max_length=30, choices=Grant.Kind.choices)

    objects = ValidityQuerySet.as_manager()

    class Meta(Validity.Meta):
        abstract = True

    def clean(self):
        super().clean()
        if self.grant_kind:
            _refuse_overlap(
                self,
                type(self).objects.filter(grant_kind=self.grant_kind),
                _("The period overlaps %(other)s (%(period)s) for the same kind of grant."),
            )


class OwnShareRule(_NoOverlapPerGrantKind):
    minimum_share = _share_field(
        _("minimum own share"),
        _("As a fraction of the price: 0.25 is 25 %."),
        _("Per cent of the price, such as “25”."),
    )
    source = models.CharField(
        _("source"), max_length=300, blank=True, validators=[validate_single_line]
    )

    history = HistoricalRecords()

    class Meta(_NoOverlapPerGrantKind.Meta):
        verbose_name = _("own-share rule")
        verbose_name_plural = _("own-share rules")
        ordering = ["grant_kind", "-valid_from"]
        constraints = [
            *Validity.Meta.constraints,
            CheckConstraint(
                condition=Q(minimum_share__gte=0) & Q(minimum_share__lte=1),
                name="funding_ownsharerule_share_between_0_and_1",
                violation_error_message=_("The share must be between 0 and 1."),
            ),
        ]

    def __str__(self) -> str:
        return _("%(share)s own share on %(kind)s") % {
            "share": f"{self.minimum_share * 100:.0f} %",
            "kind": self.get_grant_kind_display(),
        }


class OwnShareException(_NoOverlapPerGrantKind):
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("Such as “COVID-19”."),
        validators=[validate_single_line],
    )
    minimum_share = _share_field(
        _("minimum own share in the period"),
        _("0 allows a subsidy of the whole price."),
        _("Per cent of the price; 0 allows a subsidy of the whole price."),
    )
    description = models.TextField(_("description"), blank=True, validators=[validate_multiline])

    history = HistoricalRecords()

    class Meta(_NoOverlapPerGrantKind.Meta):
        verbose_name = _("own-share exception period")
        verbose_name_plural = _("own-share exception periods")
        ordering = ["grant_kind", "-valid_from"]
        constraints = [
            *Validity.Meta.constraints,
            CheckConstraint(
                condition=Q(minimum_share__gte=0) & Q(minimum_share__lte=1),
                name="funding_ownshareexception_share_between_0_and_1",
                violation_error_message=_("The share must be between 0 and 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.period})"


class StateAidRule(Validity):
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("Such as “GBER art. 28”."),
        validators=[validate_single_line],
    )
    cap_eur = MoneyField(
        _("cap in EUR"), currency="EUR", help_text=_("The most aid one company may receive.")
    )
    window_years = models.PositiveSmallIntegerField(
        _("window in years"),
        validators=[MinValueValidator(1)],
        help_text=_("Aid in this many years up to a service's date counts towards the cap."),
    )

    objects = ValidityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(Validity.Meta):
        verbose_name = _("state-aid rule")
        verbose_name_plural = _("state-aid rules")
        ordering = ["-valid_from"]
        constraints = [
            *Validity.Meta.constraints,
            CheckConstraint(
                condition=Q(cap_eur__gt=0),
                name="funding_stateaidrule_cap_positive",
                violation_error_message=_("The cap must be more than 0."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.period})"

    def window_start(self, day: date) -> date:
        """The window is the `window_years` years up to `day`: aid dated after the day
        returned (and on or before `day`) counts."""
        try:
            return day.replace(year=day.year - self.window_years)
        except ValueError:  # 29 February
            return day.replace(year=day.year - self.window_years, day=28)

    def clean(self):
        super().clean()
        _refuse_overlap(
            self, StateAidRule.objects.all(), _("The period overlaps the state-aid rule %(other)s.")
        )


class AidRegisterThreshold(Validity):
    """An aid award of at least `threshold_eur` granted in the period is reported to the
    state-aid register (Registeret for offentlig støtte)."""

    threshold_eur = MoneyField(
        _("threshold in EUR"),
        currency="EUR",
        help_text=_("An award of at least this much is reported to the register."),
    )

    objects = ValidityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(Validity.Meta):
        verbose_name = _("state-aid register threshold")
        verbose_name_plural = _("state-aid register thresholds")
        ordering = ["-valid_from"]
        constraints = [
            *Validity.Meta.constraints,
            CheckConstraint(
                condition=Q(threshold_eur__gt=0),
                name="funding_aidregisterthreshold_positive",
                violation_error_message=_("The threshold must be more than 0."),
            ),
        ]

    def __str__(self) -> str:
        return f"{format_amount(self.threshold_eur, 'EUR')} ({self.period})"

    def clean(self):
        super().clean()
        _refuse_overlap(
            self,
            AidRegisterThreshold.objects.all(),
            _("The period overlaps the threshold %(other)s."),
        )


class EurRateQuerySet(models.QuerySet):
    def on(self, day: date) -> "EurRate | None":
        """The rate in force on `day`: the latest from that day or before."""
        return self.filter(valid_from__lte=day).order_by("-valid_from").first()


class EurRate(models.Model):
    valid_from = models.DateField(_("valid from"), unique=True)
    nok_per_eur = models.DecimalField(
        _("NOK per EUR"),
        max_digits=10,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0.0001"))],
    )
    source = models.CharField(
        _("source"), max_length=300, blank=True, validators=[validate_single_line]
    )

    objects = EurRateQuerySet.as_manager()

    class Meta:
        verbose_name = _("EUR rate")
        verbose_name_plural = _("EUR rates")
        ordering = ["-valid_from"]
        constraints = [
            CheckConstraint(
                condition=Q(nok_per_eur__gt=0),
                name="funding_eurrate_positive",
                violation_error_message=_("The rate must be more than 0."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.valid_from:%Y-%m-%d}: {self.nok_per_eur} NOK/EUR"
