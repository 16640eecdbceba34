"""Input of the personal data pages: a search, and the rows chosen as one person's."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.ids import RowsField
from programmes.models import Naeringshage
from programmes.selectors.privacy import contact_persons_of, participants_of


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or e-mail"),
        max_length=200,
        help_text=_("Every word must be in the name, or write the whole e-mail address."),
        error_messages={"required": _("Write a name or an e-mail address.")},
    )

    def clean_q(self) -> str:
        query = " ".join(self.cleaned_data["q"].split())
        if len(query) < 2:
            raise forms.ValidationError(_("Write at least two letters."))
        return query


class PersonRowsForm(forms.Form):
    """The contact persons and participations the manager has chosen as one person's."""

    contact = RowsField(queryset=None, required=False)
    participant = RowsField(queryset=None, required=False)

    def __init__(self, *args, naeringshage: Naeringshage, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = contact_persons_of(naeringshage=naeringshage)
        self.fields["participant"].queryset = participants_of(naeringshage=naeringshage)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("contact") and not cleaned.get("participant"):
            raise forms.ValidationError(
                _("Choose the rows that are this person's: a contact person or a participation.")
            )
        return cleaned
