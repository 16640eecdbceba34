"""The header's search page, and the company lookup the pickers ask as one types."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from programmes.extensions import from_installed_apps
from programmes.forms.pickers import MAX_SEARCH_LENGTH, PICKER_LIMIT, company_label
from programmes.permissions import can_view_companies, can_view_events
from programmes.scoping import naeringshage_allowed
from programmes.selectors.search import (
    FOUND_PER_KIND,
    company_search,
    found_companies,
    found_contact_persons,
    found_events,
)

# (title, template of one row, function of naeringshage= and text=, who may see them);
# apps above add theirs in `<app>.search_groups.GROUPS` (programmes.extensions).
GROUPS = [
    (_("Companies"), "programmes/includes/_found_company.html", found_companies, None),
    (
        _("Contact persons"),
        "programmes/includes/_found_contact_person.html",
        found_contact_persons,
        None,
    ),
    (_("Events"), "programmes/includes/_found_event.html", found_events, can_view_events),
]


def _search_text(request: HttpRequest) -> str:
    return " ".join(request.GET.get("q", "").split())[:MAX_SEARCH_LENGTH]


@require_safe
def site_search(request: HttpRequest) -> HttpResponse:
    """Companies, contact persons, events and services matching ?q=, grouped by kind."""
    naeringshage = naeringshage_allowed(request, can_view_companies)
    text = _search_text(request)
    groups = []
    if text:
        for title, template, find, allowed in [
            *GROUPS,
            *from_installed_apps("search_groups", "GROUPS"),
        ]:
            if allowed is not None and not allowed(request.user):
                continue
            rows = find(naeringshage=naeringshage, text=text)
            groups.append(
                {
                    "title": title,
                    "template": template,
                    "rows": rows[:FOUND_PER_KIND],
                    "more": len(rows) > FOUND_PER_KIND,
                }
            )
    context = {
        "text": text,
        "groups": groups,
        "found": sum(len(group["rows"]) for group in groups),
    }
    return render(request, "programmes/search.html", context)


@require_safe
def company_lookup(request: HttpRequest) -> JsonResponse:
    """The companies matching ?q= for a picker: at most PICKER_LIMIT, best first, as
    {"results": [{"id": …, "label": "Fjellbakst AS (979 830 580)"}]}."""
    naeringshage = naeringshage_allowed(request, can_view_companies)
    text = _search_text(request)
    companies = (
        company_search(naeringshage=naeringshage, text=text).only(
            "pk", "name", "organisation_number"
        )[:PICKER_LIMIT]
        if text
        else []
    )
    results = [{"id": company.pk, "label": company_label(company)} for company in companies]
    response = JsonResponse({"results": results})
    response["Cache-Control"] = "private, no-store"
    return response
