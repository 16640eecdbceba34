"""The contacts for Siva's yearly satisfaction survey: the leaders of the target
companies on a day, as a page and as CSV or XLSX."""

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from programmes import exports, selectors
from programmes.forms.survey import SurveyContactsForm
from programmes.permissions import can_view_companies
from programmes.scoping import naeringshage_allowed

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_safe
def survey_contacts(request: HttpRequest) -> HttpResponse:
    """The target companies current on ?date=04.12.2026 (default today) with their
    leader's e-mail, and those missing one; &format=csv or xlsx for the file."""
    naeringshage = naeringshage_allowed(request, can_view_companies)
    form = SurveyContactsForm.from_request(request)
    context = {"naeringshage": naeringshage, "form": form, "survey": None}
    if not form.is_valid():
        return render(request, "programmes/survey_contacts.html", context, status=400)
    survey = selectors.survey_contacts(naeringshage=naeringshage, day=form.cleaned_data["date"])
    stem = exports.file_stem(survey)
    if form.cleaned_data["format"] == "csv":
        response = HttpResponse(exports.csv_text(survey), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
        return response
    if form.cleaned_data["format"] == "xlsx":
        return FileResponse(
            exports.xlsx_file(survey),
            as_attachment=True,
            filename=f"{stem}.xlsx",
            content_type=XLSX,
        )
    context["survey"] = survey
    return render(request, "programmes/survey_contacts.html", context)
