"""The manager's page for a year's targets (?year=2026): access check → form → one
service call → back to the funding overview of the year."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.forms import add_errors
from funding import selectors, services
from funding.forms.targets import TargetsForm
from funding.permissions import can_manage_funding
from funding.services import TargetsChanged
from programmes.forms import YearForm
from programmes.scoping import naeringshage_allowed


@require_http_methods(["GET", "HEAD", "POST"])
def targets_edit(request: HttpRequest) -> HttpResponse:
    """The targets Siva and the næringshage agreed for a year: one number per kind."""
    naeringshage = naeringshage_allowed(request, can_manage_funding)
    year_form = YearForm.from_request(request)
    if not year_form.is_valid():
        context = {"year_form": year_form, "year": None}
        return render(request, "funding/targets_form.html", context, status=400)
    year = year_form.cleaned_data["year"]
    kinds = selectors.target_kinds_in_year(year)

    def page(form: TargetsForm, status: int = 200, changed: str = "") -> HttpResponse:
        context = {
            **year_form.navigation(),
            "year_form": year_form,
            "form": form,
            "changed": changed,
        }
        return render(request, "funding/targets_form.html", context, status=status)

    def fresh_form(data=None) -> TargetsForm:
        targets = selectors.targets_in_year(naeringshage=naeringshage, year=year)
        version = services.targets_version(naeringshage=naeringshage, year=year)
        return TargetsForm(data, kinds=kinds, targets=targets, initial={"version": version})

    if request.method != "POST":
        return page(fresh_form())
    form = fresh_form(request.POST)
    if form.is_valid():
        try:
            services.targets_save(
                naeringshage=naeringshage,
                year=year,
                values=form.values(),
                opened_at=form.cleaned_data["version"],
            )
        except TargetsChanged as error:
            # Somebody else saved first: their targets, with the message, to check.
            return page(fresh_form(), status=409, changed=error.messages[0])
        except ValidationError as error:
            add_errors(form, error)
            return page(form, status=400)
        messages.success(request, _("The targets for %(year)s were saved.") % {"year": year})
        return redirect(f"{reverse('funding:overview')}?year={year}")
    return page(form, status=400)
