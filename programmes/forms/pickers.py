"""Choosing one company among hundreds: a search field and a short list of matches.

Without JavaScript the field is a search box, a Find button and a select holding only
the chosen company and the matches of the last search (`PICKER_LIMIT` at most; a
næringshage with no more companies than that lists them all). Typing a new search and
pressing Enter or Find shows its matches instead of saving: the form is refused with
"choose among the matches", nothing is written, and the next submit takes the choice.
With JavaScript, static/js/picker.js turns the search box into an ARIA combobox that
asks `programmes:company-lookup` as one types and sets the select's value.

The search is `programmes.selectors.search.company_search`, scoped to the form's
næringshage; the choice is validated against the næringshage's companies only.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programmes.models import Company, Naeringshage
from programmes.selectors.search import company_search

PICKER_LIMIT = 20
MAX_SEARCH_LENGTH = 200


def company_label(company: Company) -> str:
    return f"{company.name} ({company.organisation_number_display})"


class CompanyPicker(forms.Select):
    template_name = "programmes/includes/_company_picker.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.naeringshage: Naeringshage | None = None
        self.empty_label = ""
        self.search = ""  # what the search box holds
        self.searching = False  # the submit asked for matches, not for a save

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        search = " ".join(str(data.get(f"{name}_search", "")).split())[:MAX_SEARCH_LENGTH]
        shown = " ".join(str(data.get(f"{name}_shown", "")).split())[:MAX_SEARCH_LENGTH]
        self.search = search
        # Find pressed, or a search typed since the list was shown (Enter submits the
        # form with its first button): show the matches rather than save.
        self.searching = f"{name}_find" in data or (bool(search) and search != shown)
        return value

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_search" not in data

    def _companies(self, value) -> list[Company]:
        """The chosen company first, then the matches of the search, in one query."""
        companies = Company.objects.for_naeringshage(self.naeringshage)
        chosen = str(value) if value not in (None, "") else ""
        if self.search:
            matches = company_search(naeringshage=self.naeringshage, text=self.search)
        else:
            matches = companies.order_by("name", "pk")
        found = list(matches.only("pk", "name", "organisation_number")[: PICKER_LIMIT + 1])
        if not self.search and len(found) > PICKER_LIMIT:
            found = []  # too many to list: search first
        found = found[:PICKER_LIMIT]
        if chosen.isdigit() and all(str(company.pk) != chosen for company in found):
            found = [*companies.filter(pk=chosen).only("pk", "name", "organisation_number"), *found]
        return found

    def get_context(self, name, value, attrs):
        if self.naeringshage is not None:
            companies = self._companies(value)
            self.choices = [("", self.empty_label)] + [
                (company.pk, company_label(company)) for company in companies
            ]
        context = super().get_context(name, value, {**(attrs or {}), "data-picker-select": True})
        chosen = next(
            (label for pk, label in self.choices if pk != "" and str(pk) == str(value)), ""
        )
        search = self.search
        if not search and chosen:
            search = chosen.rsplit(" (", 1)[0]
        context["widget"].update(
            search=search,
            shown=search,
            searched=bool(self.search) and self.searching,
            matches=len(self.choices) - 1,
            lookup_url=reverse("programmes:company-lookup"),
        )
        return context


class CompanyChoiceField(forms.ModelChoiceField):
    """A company of the form's næringshage, picked by search (see the module's notes).
    The form calls `for_naeringshage(naeringshage)` in its `__init__`."""

    widget = CompanyPicker

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Company.objects.none())
        super().__init__(**kwargs)

    def for_naeringshage(self, naeringshage: Naeringshage) -> None:
        self.queryset = Company.objects.for_naeringshage(naeringshage)
        self.widget.naeringshage = naeringshage

    def get_bound_field(self, form, field_name):
        bound = super().get_bound_field(form, field_name)
        # The renderer's bound field words the empty choice ("Choose company").
        self.widget.empty_label = self.empty_label or ""
        return bound

    def clean(self, value):
        if self.widget.searching:
            if not self.widget.search:
                raise ValidationError(
                    _("Type a name or an organisation number to search for."), code="search"
                )
            raise ValidationError(
                _("Choose the company among those matching “%(search)s” in the list."),
                code="search",
                params={"search": self.widget.search},
            )
        return super().clean(value)
