"""Form parts shared by the programme's forms (and usable by the apps above it): the
version a form was opened at (programmes.conflicts). The parts with no domain are in
core.forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import ServiceModelForm
from programmes.conflicts import parse_version, version_of

# --- Versions: a save after somebody else's is refused (programmes.conflicts) ----------


class VersionField(forms.CharField):
    """Hidden: the version of the row the form was opened at, so that a save after
    somebody else's is refused (programmes.conflicts). Empty: not compared."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        try:
            return parse_version(super().to_python(value))
        except ValueError:
            raise ValidationError(
                _("The form is damaged: open the page again."), code="version"
            ) from None


class VersionedForm(forms.BaseForm):
    """A form with a `version = VersionField()`: a damaged version is said above the
    form (its field is hidden)."""

    def clean(self):
        cleaned = super().clean()
        if "version" in self._errors:
            self.add_error(None, self._errors.pop("version"))
        return cleaned


class VersionedModelForm(VersionedForm, ServiceModelForm):
    """The form of a row with `updated_at`: an edit carries the version it was opened at.

    Once valid, `opened_at` is that version (None: not compared) and `cleaned_data` holds
    only the model's fields, the service's keyword arguments; `typed()` is the same
    by the model's field order ("yours" on the conflict page)."""

    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.opened_at = None
        if self.instance.pk and not self.is_bound:
            self.initial.setdefault("version", version_of(self.instance))

    def clean(self):
        cleaned = super().clean()
        self.opened_at = cleaned.pop("version", None)
        return cleaned

    def typed(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}
