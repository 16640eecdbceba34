"""Personal data pages (managers): find a person's contact person rows and event
participations, then export them (the right of access) or erase them (the right to
erasure)."""

import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from programmes.forms.privacy import PersonRowsForm, PersonSearchForm
from programmes.permissions import can_manage_personal_data
from programmes.scoping import naeringshage_allowed
from programmes.selectors.privacy import MAX_MATCHES, person_matches, personal_data
from programmes.services.privacy import person_erase


@require_safe
def person_search(request: HttpRequest) -> HttpResponse:
    """?q=: the contact persons and participations matching a name or an e-mail."""
    naeringshage = naeringshage_allowed(request, can_manage_personal_data)
    form = PersonSearchForm(request.GET if "q" in request.GET else None)
    context = {"naeringshage": naeringshage, "form": form, "max_matches": MAX_MATCHES}
    if form.is_bound and not form.is_valid():
        return render(request, "programmes/person_search.html", context, status=400)
    if form.is_bound:
        context["matches"] = person_matches(naeringshage=naeringshage, query=form.cleaned_data["q"])
    return render(request, "programmes/person_search.html", context)


def _refused(request: HttpRequest, naeringshage, rows: PersonRowsForm) -> HttpResponse:
    context = {
        "naeringshage": naeringshage,
        "form": PersonSearchForm(),
        "rows_form": rows,
        "max_matches": MAX_MATCHES,
    }
    return render(request, "programmes/person_search.html", context, status=400)


@require_safe
def person_export(request: HttpRequest) -> HttpResponse:
    """The chosen rows (?contact=…&participant=…) as a JSON file."""
    naeringshage = naeringshage_allowed(request, can_manage_personal_data)
    rows = PersonRowsForm(request.GET, naeringshage=naeringshage)
    if not rows.is_valid():
        return _refused(request, naeringshage, rows)
    document = personal_data(
        naeringshage=naeringshage,
        contact_persons=rows.cleaned_data["contact"],
        participants=rows.cleaned_data["participant"],
    )
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="personopplysninger-{stamp}.json"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def person_erase_view(request: HttpRequest) -> HttpResponse:
    """Confirm, then erase the chosen rows: contact persons deleted, participations kept
    for the counts with the name replaced."""
    naeringshage = naeringshage_allowed(request, can_manage_personal_data)
    data = request.POST if request.method == "POST" else request.GET
    rows = PersonRowsForm(data, naeringshage=naeringshage)
    if not rows.is_valid():
        return _refused(request, naeringshage, rows)
    if request.method == "POST":
        deleted, anonymised = person_erase(
            contact_persons=rows.cleaned_data["contact"],
            participants=rows.cleaned_data["participant"],
            erased_by=request.user,
        )
        messages.success(
            request,
            _(
                "Erased: %(deleted)s contact person rows deleted, %(anonymised)s event "
                "participations kept without name and e-mail."
            )
            % {"deleted": deleted, "anonymised": anonymised},
        )
        return redirect("programmes:person-search")
    context = {
        "naeringshage": naeringshage,
        "contact_persons": rows.cleaned_data["contact"],
        "participants": rows.cleaned_data["participant"],
    }
    return render(request, "programmes/person_erase.html", context)
