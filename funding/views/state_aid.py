"""The manager's list for the state-aid register (Registeret for offentlig støtte): the
year's awards at or above the register's threshold, and the companies whose aid in the
year reaches it, as a page and as CSV or XLSX."""

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from funding import aid_exports
from funding.forms.state_aid import AidRegisterForm
from funding.permissions import can_manage_funding
from funding.selectors.state_aid import aid_register
from programmes.scoping import naeringshage_allowed

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_safe
def state_aid_register(request: HttpRequest) -> HttpResponse:
    """?year=2024 (default this year); &format=csv or xlsx for the file."""
    naeringshage = naeringshage_allowed(request, can_manage_funding)
    form = AidRegisterForm.from_request(request)
    context = {"naeringshage": naeringshage, "year_form": form, "register": None, "year": None}
    if not form.is_valid():
        return render(request, "funding/state_aid_register.html", context, status=400)
    register = aid_register(naeringshage=naeringshage, year=form.cleaned_data["year"])
    stem = aid_exports.file_stem(register)
    if form.cleaned_data["format"] == "csv":
        text = aid_exports.csv_text(register)
        response = HttpResponse(text, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
        return response
    if form.cleaned_data["format"] == "xlsx":
        return FileResponse(
            aid_exports.xlsx_file(register),
            as_attachment=True,
            filename=f"{stem}.xlsx",
            content_type=XLSX,
        )
    context.update(form.navigation(), register=register)
    return render(request, "funding/state_aid_register.html", context)
