"""Form rendering in Digdir's Designsystemet markup, used by every form in the product.

`{{ form }}` and `{{ field.as_field_group }}` render through `templates/includes/`;
the widget templates in `templates/django/forms/widgets/` give every input, select
and textarea the `ds-input` class. Django itself links a field's help text and errors
to its widget with `aria-describedby` and marks an invalid one `aria-invalid`. So
forms in every app get the design system without importing anything from here.
"""

from django.forms.renderers import TemplatesSetting


class DesignSystemFormRenderer(TemplatesSetting):
    form_template_name = "includes/_form.html"
    field_template_name = "includes/_field.html"
