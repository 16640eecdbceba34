"""Form rendering in Digdir's Designsystemet markup, used by every form in the product.

`{{ form }}` and `{{ field.as_field_group }}` render through `templates/includes/`;
the widget templates in `templates/django/forms/widgets/` give every input, select
and textarea the `ds-input` class. Django itself links a field's help text and errors
to its widget with `aria-describedby` and marks an invalid one `aria-invalid`. So
forms in every app get the design system without importing anything from here.

The renderer's bound field also words the empty choice of every select: “Choose
company” where a choice is required, “None” where it may be left empty, instead of
Django's “---------”. A form that names its own empty choice (“All”) keeps it.
"""

from django import forms
from django.db.models.fields import BLANK_CHOICE_DASH
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.choices import CallableChoiceIterator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

DJANGO_EMPTY_LABEL = BLANK_CHOICE_DASH[0][1]


def _in_sentence(label) -> str:
    """“Company” or “company:” as it reads after “Choose”: “company” (“NACE code” stays)."""
    label = str(label).strip().removesuffix(":")
    if label[1:2].isupper():
        return label
    return label[:1].lower() + label[1:]


def _empty_label(field: forms.Field, label) -> str:
    if field.required:
        return format_lazy(_("Choose {label}"), label=_in_sentence(label))
    return _("None")


class DesignSystemBoundField(BoundField):
    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        # The form's fields are its own copies: naming their empty choice touches no other form.
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DJANGO_EMPTY_LABEL:
                field.empty_label = _empty_label(field, self.label)
        elif isinstance(field, forms.ChoiceField) and not isinstance(
            field.choices, CallableChoiceIterator
        ):
            choices = list(field.choices)
            if any(value == "" and label == DJANGO_EMPTY_LABEL for value, label in choices):
                empty = _empty_label(field, self.label)
                field.choices = [
                    (value, empty if value == "" and label == DJANGO_EMPTY_LABEL else label)
                    for value, label in choices
                ]


class DesignSystemFormRenderer(TemplatesSetting):
    form_template_name = "includes/_form.html"
    field_template_name = "includes/_field.html"
    bound_field_class = DesignSystemBoundField
