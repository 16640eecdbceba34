"""The import's forms: the upload, and the column each field is read from."""

from django import forms
from django.utils.translation import gettext_lazy as _

from imports.kinds import CHOICES, KINDS
from imports.models import Import
from imports.readers import MAX_BYTES, MAX_ROWS, column_letter


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[("", _("Choose…")), *CHOICES],
        error_messages={"required": _("Choose what the file holds.")},
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (separated by ; or ,) or Excel (.xlsx), a header row first; at most "
            "%(rows)s rows and %(mb)s MB."
        )
        % {"rows": f"{MAX_ROWS:,}".replace(",", "\u00a0"), "mb": MAX_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
        error_messages={"required": _("Choose the file to import.")},
    )


class MappingForm(forms.Form):
    """One choice a column of the file: the field it fills, or none."""

    def __init__(self, *args, item: Import, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Not imported"))] + [
            (target.key, f"{target.label}{' *' if target.required else ''}")
            for target in KINDS[item.kind].targets
        ]
        for index, header in enumerate(item.headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=_("Column %(letter)s: %(header)s")
                % {"letter": column_letter(index), "header": header or "–"},
                choices=choices,
                required=False,
                initial=item.mapping.get(str(index), ""),
            )

    def mapping(self) -> dict[str, str]:
        return {
            name.removeprefix("column_"): value
            for name, value in self.cleaned_data.items()
            if value
        }
