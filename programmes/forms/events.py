"""Input for events and their participants."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ServiceModelForm, capitalise_choices, date_time_field
from core.users import user_label
from municipalities.models import Municipality
from programmes.forms.fields import VersionedModelForm
from programmes.forms.pickers import CompanyChoiceField
from programmes.models import Event, Naeringshage, Participant
from programmes.selectors import responsible_choices


class ResponsibleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return user_label(user)


class EventForm(VersionedModelForm):
    starts_at = date_time_field(_("starts"))
    ends_at = date_time_field(_("ends"), required=False, help_text=_("May be left empty."))

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "starts_at",
            "ends_at",
            "municipality",
            "venue",
            "responsible",
            "description",
        ]
        field_classes = {"responsible": ResponsibleChoiceField}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, naeringshage: Naeringshage, **kwargs):
        super().__init__(*args, **kwargs)
        capitalise_choices(self.fields["kind"])
        municipality = self.fields["municipality"]
        municipality.queryset = Municipality.objects.with_history()
        municipality.empty_label = _("Choose a municipality")
        responsible = self.fields["responsible"]
        responsible.queryset = responsible_choices(naeringshage=naeringshage)
        responsible.required = True
        responsible.empty_label = _("Choose an adviser")
        messages = {
            "title": _("Enter the event's title."),
            "kind": _("Choose the kind of event."),
            "starts_at": _("Enter when the event starts."),
            "municipality": _("Choose the municipality where the event took place."),
            "responsible": _("Choose the adviser responsible for the event."),
        }
        for name, message in messages.items():
            self.fields[name].error_messages["required"] = message
        municipality.error_messages["invalid_choice"] = _(
            "Choose one of the municipalities in the list."
        )
        responsible.error_messages["invalid_choice"] = _(
            "Choose one of the næringshage's advisers in the list."
        )


class ParticipantForm(ServiceModelForm):
    class Meta:
        model = Participant
        fields = ["name", "company", "email"]
        field_classes = {"company": CompanyChoiceField}

    def __init__(self, *args, naeringshage: Naeringshage, **kwargs):
        super().__init__(*args, **kwargs)
        company = self.fields["company"]
        company.for_naeringshage(naeringshage)
        company.empty_label = _("No company")
        company.error_messages["invalid_choice"] = _(
            "Choose one of the næringshage's companies in the list."
        )
        self.fields["name"].error_messages["required"] = _("Enter the participant's name.")
        self.fields["email"].error_messages["invalid"] = _(
            "Write a whole e-mail address, such as “kari@example.no”."
        )
