"""Input for companies, their contact persons, key figures and enrolments, and the
filters of the company list."""

from datetime import timedelta
from decimal import Decimal

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.forms import KronerField, ServiceModelForm, capitalise_choices, date_field, year_field
from municipalities.models import Municipality
from programmes.forms.fields import VersionedModelForm
from programmes.models import Company, ContactPerson, Enrolment, KeyFigures
from programmes.models.companies import nace_code_from_input
from programmes.services.registry import RegistryAnswer


def _municipality_field(field: forms.ModelChoiceField) -> None:
    # Labels come from each municipality's numbering: prefetched, no query per option.
    field.queryset = Municipality.objects.with_history()
    field.empty_label = _("Choose a municipality")
    field.error_messages["invalid_choice"] = _("Choose one of the municipalities in the list.")


class CompanyForm(VersionedModelForm):
    # What Enhetsregisteret said when the form was filled from it (signed; see
    # programmes.services.registry): kept with the company when it is saved.
    registry_answer = forms.CharField(widget=forms.HiddenInput, required=False)
    registered_on = date_field(
        _("registered"), required=False, help_text=_("When Enhetsregisteret registered it.")
    )
    founded_on = date_field(
        _("founded"), required=False, help_text=_("The date of its foundation (stiftelsesdato).")
    )

    class Meta:
        model = Company
        fields = [
            "organisation_number",
            "name",
            "organisation_form",
            "municipality",
            "address",
            "nace_code",
            "registered_on",
            "founded_on",
            "women_in_leadership",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _municipality_field(self.fields["municipality"])
        capitalise_choices(self.fields["women_in_leadership"])
        self.fields["organisation_number"].error_messages["required"] = _(
            "Enter the organisation number, such as “912 345 688”."
        )
        self.fields["name"].error_messages["required"] = _("Enter the company's name.")
        self.fields["municipality"].error_messages["required"] = _(
            "Choose the municipality where the company is registered."
        )
        self.fields["nace_code"].help_text = _(
            "The industry code (næringskode), such as “55.101”; “55101” is read the same."
        )

    def clean_nace_code(self):
        return nace_code_from_input(self.cleaned_data["nace_code"])

    def clean_organisation_form(self):
        return self.cleaned_data["organisation_form"].strip().upper()

    def clean_registry_answer(self):
        return RegistryAnswer.from_signed(self.cleaned_data["registry_answer"])

    def add_error(self, field, error):
        super().add_error(field, error)
        # A number already registered in this næringshage: link to that company.
        for refusal in self.errors.as_data().get("organisation_number", []):
            if refusal.code == "duplicate_company" and refusal.params and "pk" in refusal.params:
                self.fields["organisation_number"].error_link = {
                    "url": reverse("programmes:company-detail", args=[refusal.params["pk"]]),
                    "text": _("Open %(name)s") % {"name": refusal.params["name"]},
                }


class ContactPersonForm(VersionedModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "role", "email", "phone"]
        widgets = {"phone": forms.TelInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _("Enter the person's name.")
        self.fields["email"].error_messages["invalid"] = _(
            "Write a whole e-mail address, such as “kari@example.no”."
        )


class KeyFiguresForm(ServiceModelForm):
    year = year_field(_("year"))
    employees = forms.IntegerField(
        label=_("employees"),
        required=False,
        min_value=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 8}),
        error_messages={
            "invalid": _("Write the number of employees as a whole number, such as 12."),
            "min_value": _("The number of employees cannot be negative."),
        },
        help_text=_("People employed in the company in the year."),
    )
    revenue = KronerField(
        label=_("revenue"),
        required=False,
        min_value=Decimal("0"),
        error_messages={"min_value": _("The revenue cannot be negative.")},
        help_text=_("Operating revenue (driftsinntekter) in kroner."),
    )
    operating_result = KronerField(
        label=_("operating result"),
        required=False,
        help_text=_("Driftsresultat in kroner; may be negative."),
    )
    wage_costs = KronerField(
        label=_("wage costs"),
        required=False,
        min_value=Decimal("0"),
        error_messages={"min_value": _("The wage costs cannot be negative.")},
        help_text=_("Lønnskostnader in kroner."),
    )
    value_creation = KronerField(
        label=_("value creation"),
        required=False,
        help_text=_(
            "Operating result plus wage costs (verdiskaping) in kroner; may be negative. "
            "Left empty, it is worked out from those two."
        ),
    )
    annual_result = KronerField(
        label=_("annual result"),
        required=False,
        help_text=_("Årsresultat in kroner; may be negative."),
    )

    class Meta:
        model = KeyFigures
        fields = [
            "year",
            "employees",
            "revenue",
            "operating_result",
            "wage_costs",
            "value_creation",
            "annual_result",
        ]


class EnrolmentForm(VersionedModelForm):
    start_date = date_field(
        _("contract start"),
        help_text=_("The day the company was taken into the programme (avtalestart)."),
    )
    end_date = date_field(
        _("end date"),
        required=False,
        help_text=_("The last day of the enrolment. Empty while it lasts."),
    )

    class Meta:
        model = Enrolment
        fields = ["kind", "start_date", "end_date", "contract_reference", "goals"]
        widgets = {
            "goals": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        capitalise_choices(self.fields["kind"])
        self.fields["kind"].error_messages["required"] = _("Choose the kind of enrolment.")
        self.fields["start_date"].error_messages["required"] = _(
            "Enter the day the company was taken into the programme."
        )


class CompanyFilterForm(forms.Form):
    """The company list's search and filters (GET); every field may be left empty."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Name, or organisation number with or without spaces."),
        widget=forms.SearchInput(),
    )
    municipality = forms.TypedChoiceField(
        label=_("Municipality"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose one of the municipalities in the list.")},
    )
    kind = forms.ChoiceField(
        label=_("Enrolment"),
        required=False,
        choices=[
            ("", _("Any kind")),
            *((v, capfirst(label)) for v, label in Enrolment.Kind.choices),
        ],
        error_messages={"invalid_choice": _("Choose one of the kinds in the list.")},
    )
    year = year_field(
        _("Active in year"),
        required=False,
        help_text=_("Enrolled on at least one day of the year."),
    )

    def __init__(self, *args, municipalities: list[Municipality], **kwargs):
        super().__init__(*args, **kwargs)
        self.municipalities = {municipality.pk: municipality for municipality in municipalities}
        self.fields["municipality"].choices = [
            ("", _("All municipalities")),
            *((municipality.pk, str(municipality)) for municipality in municipalities),
        ]
        self.fields["year"].error_messages["required"] = ""

    def filters(self) -> dict:
        """The selector's keyword arguments (`company_list`)."""
        data = self.cleaned_data
        return {
            "search": data["q"],
            "municipality": self.municipalities.get(data["municipality"]),
            "kind": data["kind"],
            "year": data["year"],
        }


class LeadsForm(forms.Form):
    """The search for companies newly registered in the region (GET); empty dates mean
    the last LEADS_DAYS days."""

    LEADS_DAYS = 30

    registered_from = date_field(_("Registered from"), required=False)
    registered_to = date_field(_("Registered to"), required=False)

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        data["registered_to"] = data.get("registered_to") or today
        data["registered_from"] = data.get("registered_from") or data["registered_to"] - timedelta(
            days=self.LEADS_DAYS
        )
        if data["registered_from"] > data["registered_to"]:
            self.add_error("registered_to", _("The last day must be on or after the first day."))
        return data
