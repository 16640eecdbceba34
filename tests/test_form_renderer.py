"""The form renderer words the empty choice of every select, in every form of the
product and in the admin: “Velg …” where a choice is required, “Ingen” where it may be
left empty; a form's own wording is kept."""

from django import forms
from django.db.models.fields import BLANK_CHOICE_DASH

from municipalities.models import Municipality


class Choices(forms.Form):
    municipality = forms.ModelChoiceField(label="kommune", queryset=Municipality.objects.all())
    previous = forms.ModelChoiceField(
        label="tidligere kommune", queryset=Municipality.objects.all(), required=False
    )
    colour = forms.ChoiceField(label="Farge", choices=[*BLANK_CHOICE_DASH, ("red", "Rød")])
    size = forms.ChoiceField(
        label="NACE-størrelse", choices=[*BLANK_CHOICE_DASH, ("s", "S")], required=False
    )
    kind = forms.ModelChoiceField(
        label="type", queryset=Municipality.objects.all(), empty_label="Alle"
    )


def empty_option(form: forms.Form, name: str) -> str:
    html = str(form[name])
    start = html.index('<option value=""')
    return html[start : html.index("</option>", start)].split(">", 1)[1]


def test_required_choices_say_choose_and_optional_ones_none(reference_data):
    form = Choices()

    assert empty_option(form, "municipality") == "Velg kommune"
    assert empty_option(form, "previous") == "Ingen"
    assert empty_option(form, "colour") == "Velg farge"
    assert empty_option(form, "size") == "Ingen"
    assert empty_option(form, "kind") == "Alle"


def test_a_label_starting_with_an_abbreviation_keeps_its_capitals(reference_data):
    form = Choices()
    form.fields["colour"].label = "NACE-kode"

    assert empty_option(form, "colour") == "Velg NACE-kode"


def test_another_form_of_the_same_class_is_not_touched(reference_data):
    Choices()["municipality"].as_widget()

    assert Choices.base_fields["municipality"].empty_label == BLANK_CHOICE_DASH[0][1]


def test_the_admin_has_no_dashes_either(administrator_client):
    page = administrator_client.get("/admin/funding/grant/add/").content.decode()

    assert "---------" not in page
