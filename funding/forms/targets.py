"""The manager's form of a year's targets: one whole number per kind of target the
year's programme period names, empty for none."""

from django import forms
from django.utils.translation import gettext_lazy as _

from funding.models import Target, TargetKind
from funding.models.targets import TARGET_MAX


def _field_name(kind: TargetKind) -> str:
    return f"target_{kind.pk}"


class TargetsForm(forms.Form):
    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, kinds: list[TargetKind], targets: list[Target], **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        values = {target.kind_id: target.value for target in targets}
        for kind in kinds:
            self.fields[_field_name(kind)] = forms.IntegerField(
                label=kind.name,
                help_text=kind.description,
                required=False,
                min_value=0,
                max_value=TARGET_MAX,
                initial=values.get(kind.pk),
                error_messages={
                    "invalid": _("Write the target as a whole number, such as 40."),
                    "min_value": _("A target cannot be below 0."),
                    "max_value": _("A target can be at most 99 999."),
                },
                # A text field: arrow keys and the scroll wheel do not change the number.
                widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 8}),
            )

    @property
    def target_fields(self) -> list[forms.BoundField]:
        return [self[_field_name(kind)] for kind in self.kinds]

    def values(self) -> dict[int, int | None]:
        return {kind.pk: self.cleaned_data.get(_field_name(kind)) for kind in self.kinds}
