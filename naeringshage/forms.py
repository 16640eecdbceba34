"""Form rendering in Digdir's Designsystemet markup, used by every form in the product."""

from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.forms.renderers import TemplatesSetting


class DesignSystemFormRenderer(TemplatesSetting):
    """Renders `{{ form }}` and `{{ field.as_field_group }}` with our field template."""

    form_template_name = "includes/_form.html"
    field_template_name = "includes/_field.html"


class DesignSystemFormMixin:
    """Gives each widget its Designsystemet class and links errors to their field.

    Django marks an invalid widget `aria-invalid`; we also point `aria-describedby` at the
    error message so that a screen reader reads it with the field.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} ds-input".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            bound = self[name]
            described_by = [f"{bound.auto_id}_error"]
            if self.fields[name].help_text:
                described_by.append(f"{bound.auto_id}_helptext")
            self.fields[name].widget.attrs["aria-describedby"] = " ".join(described_by)


class LoginForm(DesignSystemFormMixin, AuthenticationForm):
    pass


class PasswordChangeForm(DesignSystemFormMixin, PasswordChangeForm):
    pass
