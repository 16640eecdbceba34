"""Input for grants, placements and priced services, with Norwegian messages; the
year's targets in `funding.forms.targets`."""

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, KronerField, ServiceModelForm, date_field, year_field
from core.money import amount_text, format_nok, round_nok
from core.users import user_label
from funding.models import Funder, Grant, Placement, PricedService, TierLevel, TierModel
from funding.selectors import advisers_with_services
from funding.services import ServiceDraft, version_of
from funding.services.grants import allocation_field
from municipalities.models import Municipality
from programmes.forms import FIRST_YEAR, LAST_YEAR
from programmes.forms.fields import VersionedForm, VersionField
from programmes.forms.pickers import CompanyChoiceField
from programmes.models import Company, ServiceType
from programmes.selectors import responsible_choices

User = get_user_model()


def grant_label(grant: Grant) -> str:
    """“Siva-ramme 2016 – Siva”, “Prosjekttilskudd 2015–2017 – Kompetanseløft”."""
    return f"{grant.get_kind_display()} {grant.years} – {grant.title or grant.funder.name}"


class GrantForm(VersionedForm, ServiceModelForm):
    version = VersionField()
    amount = KronerField(label=_("amount"), help_text=_("The whole grant, in kroner."))
    first_year = year_field(_("first year"))
    last_year = year_field(_("last year"), help_text=_("The same as the first for one year."))

    class Meta:
        model = Grant
        fields = [
            "funder",
            "kind",
            "title",
            "first_year",
            "last_year",
            "amount",
            "granted_on",
            "received_on",
            "reporting_deadline",
            "conditions",
            "note",
        ]
        widgets = {
            "granted_on": DateInput(),
            "received_on": DateInput(),
            "reporting_deadline": DateInput(),
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = Funder.objects.order_by("name")
        self.allocation_years: list[int] = []
        grant = self.instance
        if grant.pk and not self.is_bound:
            self.initial.setdefault("version", version_of(grant))
        if grant.pk and grant.first_year != grant.last_year:
            existing = dict(grant.allocations.values_list("year", "amount"))
            for year in grant.year_list:
                self.fields[allocation_field(year)] = KronerField(
                    label=_("Allocation %(year)s") % {"year": year},
                    initial=existing.get(year, Decimal("0")),
                    min_value=Decimal("0"),
                )
                self.allocation_years.append(year)

    @property
    def main_fields(self):
        return [self[name] for name in self.Meta.fields]

    @property
    def allocation_fields(self):
        return [self[allocation_field(year)] for year in self.allocation_years]

    def grant_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def allocations(self) -> dict[int, Decimal] | None:
        """The allocations typed in, or None when the manager did not touch them."""
        names = [allocation_field(year) for year in self.allocation_years]
        if not any(name in self.changed_data for name in names):
            return None
        return {year: self.cleaned_data[allocation_field(year)] for year in self.allocation_years}


class PlacementForm(VersionedForm, forms.Form):
    """A placement, with a score and a comment for each criterion of the year's model."""

    version = VersionField()
    year = year_field(_("year"))
    level = forms.ModelChoiceField(
        label=_("level"),
        queryset=TierLevel.objects.none(),
        error_messages={"invalid_choice": _("Choose one of the levels in the list.")},
    )
    decision_date = date_field(_("decision date"))
    letter_reference = forms.CharField(
        label=_("Siva's letter"),
        required=False,
        max_length=200,
        help_text=_("The reference or date of Siva's letter announcing the placement."),
    )
    rationale = forms.CharField(
        label=_("rationale"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, tier_model: TierModel | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = TierLevel.objects.select_related("tier_model").order_by(
            "-tier_model__first_year", "rank"
        )
        self.fields["level"].label_from_instance = lambda level: (
            f"{level.label} – {format_nok(level.yearly_amount)} ({level.tier_model.name})"
        )
        self.criteria = list(tier_model.criteria.all()) if tier_model else []
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("Score: %(criterion)s") % {"criterion": criterion.name},
                required=False,
                min_value=0,
                max_value=100,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment: %(criterion)s") % {"criterion": criterion.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @property
    def main_fields(self):
        return [self[name] for name in ("year", "level", "decision_date", "letter_reference")]

    @property
    def criterion_fields(self):
        return [
            (criterion, self[f"score_{criterion.pk}"], self[f"comment_{criterion.pk}"])
            for criterion in self.criteria
        ]

    def scores(self) -> dict[int, tuple[int | None, str]]:
        return {
            criterion.pk: (
                self.cleaned_data.get(f"score_{criterion.pk}"),
                self.cleaned_data.get(f"comment_{criterion.pk}", ""),
            )
            for criterion in self.criteria
        }

    def submitted(self) -> dict:
        """What the manager typed, by the placement's field names."""
        names = ("year", "level", "decision_date", "letter_reference", "rationale")
        return {name: self.cleaned_data[name] for name in names}

    @classmethod
    def initial_for(cls, placement: Placement) -> dict:
        initial = {
            "version": version_of(placement),
            "year": placement.year,
            "level": placement.level_id,
            "decision_date": placement.decision_date,
            "letter_reference": placement.letter_reference,
            "rationale": placement.rationale,
        }
        for score in placement.scores.all():
            initial[f"score_{score.criterion_id}"] = score.score
            initial[f"comment_{score.criterion_id}"] = score.comment
        return initial


# --- Priced services ---------------------------------------------------------------------


class ServiceTypeSelect(forms.Select):
    """Each type's option carries its default hourly rate: static/js/form-conditions.js
    fills the rate field with it when the type is chosen (`data-fills`)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        rate = getattr(getattr(value, "instance", None), "default_hourly_rate", None)
        if rate is not None:
            option["attrs"]["data-fill-value"] = amount_text(rate, separator=" ", minus="-")
        return option


@dataclass(frozen=True)
class Percent:
    """An own share typed as a percentage of the price (“25 %”), in percent."""

    value: Decimal

    def of(self, price: Decimal) -> Decimal:
        return round_nok(price * self.value / 100)


class OwnShareField(KronerField):
    """Kroner (“2 500”) or a percentage of the price (“25 %”, “25%”): a Percent, which
    the form turns into kroner once it knows the price."""

    default_error_messages = {
        "invalid": _(
            "Write the own share in kroner, such as “2 500”, or as a percentage of the "
            "price, such as “25 %”."
        ),
        "percent_range": _("A percentage of the price is between 0 % and 100 %."),
    }

    def to_python(self, value):
        if isinstance(value, str) and value.strip().endswith("%"):
            number = value.strip().removesuffix("%").strip().replace(",", ".")
            try:
                percent = Decimal(number)
            except ArithmeticError:
                raise ValidationError(self.error_messages["invalid"], code="invalid") from None
            if not percent.is_finite():
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            if not (0 <= percent <= 100):
                raise ValidationError(self.error_messages["percent_range"], code="percent_range")
            return Percent(percent)
        return super().to_python(value)

    def validate(self, value):
        if isinstance(value, Percent):
            return
        super().validate(value)

    def run_validators(self, value):
        if isinstance(value, Percent):
            return
        super().run_validators(value)


class ServiceForm(VersionedForm, forms.Form):
    """A priced service as the adviser types it; the server prices and checks it."""

    submission_id = forms.UUIDField(widget=forms.HiddenInput)
    version = VersionField()
    company = CompanyChoiceField(
        label=_("company"),
        error_messages={"invalid_choice": _("Choose one of the companies in the list.")},
    )
    date = date_field(_("date"))
    service_type = forms.ModelChoiceField(
        label=_("service type"),
        queryset=ServiceType.objects.none(),
        widget=ServiceTypeSelect(
            attrs={"data-fills": "hourly_rate", "data-fills-unless": "fixed_price"}
        ),
    )
    adviser = forms.ModelChoiceField(label=_("adviser"), queryset=User.objects.none())
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    hours = forms.DecimalField(
        label=_("hours"),
        required=False,
        max_digits=5,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
        help_text=_("Time spent, also for a fixed price."),
    )
    hourly_rate = KronerField(
        label=_("hourly rate"),
        required=False,
        help_text=_("Empty: the service type's default rate, where it has one."),
    )
    fixed_price = KronerField(
        label=_("fixed price"), required=False, help_text=_("Instead of an hourly rate.")
    )
    grant = forms.ModelChoiceField(
        label=_("funding line"),
        queryset=Grant.objects.none(),
        required=False,
        empty_label=_("Market price (no subsidy)"),
        help_text=_("The grant the subsidy is drawn on; normally the Siva frame of the year."),
    )
    own_share = OwnShareField(
        label=_("own share"),
        required=False,
        help_text=_(
            "What the company pays: in kroner, or as a percentage of the price such as "
            "“25 %”. At market price: leave empty."
        ),
    )
    subsidy = KronerField(
        label=_("subsidy (for checking)"),
        required=False,
        help_text=_("Optional: the subsidy you expect, such as from the invoice."),
    )
    exception_reason = forms.CharField(
        label=_("reason for an own-share exception"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only in an exception period (such as COVID-19), to go below the minimum."),
    )

    def __init__(self, *args, naeringshage, **kwargs):
        super().__init__(*args, **kwargs)
        self.naeringshage = naeringshage
        self.fields["company"].for_naeringshage(naeringshage)
        self.fields["service_type"].queryset = ServiceType.objects.filter(is_active=True)
        # Advisers and managers of the næringshage only (no administrator, no one else's).
        self.fields["adviser"].queryset = responsible_choices(naeringshage=naeringshage)
        self.fields["adviser"].label_from_instance = user_label
        self.fields["grant"].queryset = (
            Grant.objects.for_naeringshage(naeringshage)
            .select_related("funder")
            .order_by("-first_year", "kind", "funder__name")
        )
        self.fields["grant"].label_from_instance = grant_label
        # A reason for an exception only matters when the subsidy is drawn on a grant
        # (static/js/form-conditions.js hides it at market price).
        self.fields["exception_reason"].shown_when = "grant"

    def clean(self):
        cleaned = super().clean()
        service_type = cleaned.get("service_type")
        no_price_typed = cleaned.get("hourly_rate") is None and cleaned.get("fixed_price") is None
        if (
            no_price_typed
            and "hourly_rate" not in self.errors
            and "fixed_price" not in self.errors
            and service_type is not None
            and service_type.default_hourly_rate is not None
        ):
            cleaned["hourly_rate"] = service_type.default_hourly_rate
        own_share = cleaned.get("own_share")
        if isinstance(own_share, Percent):
            price = self._typed_price(cleaned)
            price_refused = any(
                name in self.errors for name in ("hours", "hourly_rate", "fixed_price")
            )
            if price is None and not price_refused:
                self.add_error(
                    "own_share",
                    ValidationError(
                        _(
                            "An own share in percent needs the price: give the hours and an "
                            "hourly rate, or a fixed price."
                        ),
                        code="percent_without_price",
                    ),
                )
            elif price is not None:
                cleaned["own_share"] = own_share.of(price)
        return cleaned

    @staticmethod
    def _typed_price(cleaned: dict) -> Decimal | None:
        """The price as the service will compute it (funding.services), or None."""
        if cleaned.get("fixed_price") is not None:
            return round_nok(cleaned["fixed_price"])
        if cleaned.get("hours") is not None and cleaned.get("hourly_rate") is not None:
            return round_nok(cleaned["hours"] * cleaned["hourly_rate"])
        return None

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if hours is not None and not (0 < hours <= 24):
            raise ValidationError(
                _("Hours must be more than 0 and at most 24 on one day."), code="hours"
            )
        return hours

    def draft(self) -> ServiceDraft:
        data = self.cleaned_data
        return ServiceDraft(
            naeringshage=self.naeringshage,
            company=data["company"],
            adviser=data["adviser"],
            service_type=data["service_type"],
            date=data["date"],
            description=data["description"],
            hours=data["hours"],
            hourly_rate=data["hourly_rate"] if data["fixed_price"] is None else None,
            fixed_price=data["fixed_price"],
            grant=data["grant"],
            own_share=data["own_share"],
            exception_reason=data["exception_reason"],
            expected_subsidy=data["subsidy"],
        )

    def submitted(self) -> dict:
        """What the adviser typed, by the service's field names."""
        data = self.cleaned_data
        fixed = data["fixed_price"] is not None
        return {
            "company": data["company"],
            "date": data["date"],
            "service_type": data["service_type"],
            "adviser": data["adviser"],
            "description": data["description"],
            "hours": data["hours"],
            "hourly_rate": None if fixed else data["hourly_rate"],
            "fixed_price": data["fixed_price"],
            "grant": data["grant"],
            "own_share": data["own_share"],
            "exception_reason": data["exception_reason"],
        }

    @classmethod
    def initial_for(cls, service: PricedService) -> dict:
        return {
            "submission_id": service.submission_id or uuid.uuid4(),
            "version": version_of(service),
            "company": service.company_id,
            "date": service.date,
            "service_type": service.service_type_id,
            "adviser": service.adviser_id,
            "description": service.description,
            "hours": service.hours,
            "hourly_rate": service.hourly_rate,
            "fixed_price": service.fixed_price,
            "grant": service.grant_id,
            "own_share": service.own_share if service.grant_id else None,
            "exception_reason": service.exception_reason,
        }


class VoidForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the service is voided.")},
    )


class ServiceFilterForm(forms.Form):
    """The services list's filters (GET). Every field is optional."""

    VOIDED_CHOICES = [
        ("", _("Not voided")),
        ("only", _("Only voided")),
        ("all", _("All")),
    ]
    MARKET = "market"

    year = forms.IntegerField(
        label=_("year"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
    )
    half = forms.TypedChoiceField(
        label=_("Half-year"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Whole year")), (1, _("1st half (Jan–Jun)")), (2, _("2nd half (Jul–Dec)"))],
    )
    month = forms.TypedChoiceField(
        label=_("month"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All months"))] + [(m, MONTHS[m]) for m in range(1, 13)],
    )
    adviser = forms.ModelChoiceField(
        label=_("adviser"), required=False, queryset=User.objects.none(), empty_label=_("All")
    )
    service_type = forms.ModelChoiceField(
        label=_("service type"),
        required=False,
        queryset=ServiceType.objects.all(),
        empty_label=_("All"),
    )
    municipality = forms.ModelChoiceField(
        label=_("municipality"),
        required=False,
        queryset=Municipality.objects.none(),
        empty_label=_("All"),
    )
    funding_line = forms.ChoiceField(label=_("funding line"), required=False)
    voided = forms.ChoiceField(label=_("voided"), required=False, choices=VOIDED_CHOICES)

    def __init__(self, *args, naeringshage, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adviser"].queryset = advisers_with_services(
            naeringshage=naeringshage
        ).order_by("first_name", "username")
        self.fields["adviser"].label_from_instance = user_label
        self.fields["municipality"].queryset = Municipality.objects.filter(
            pk__in=Company.objects.for_naeringshage(naeringshage).values("municipality")
        ).with_history()
        grants = Grant.objects.for_naeringshage(naeringshage).select_related("funder")
        self.fields["funding_line"].choices = [
            ("", _("All")),
            (self.MARKET, _("Market price")),
            *[
                (str(grant.pk), grant_label(grant))
                for grant in grants.order_by("-first_year", "kind")
            ],
        ]

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {name: value for name, value in data.items() if value not in (None, "")}
