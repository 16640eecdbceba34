"""Report pages, each: access check → period form → one selector → page."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from funding.permissions import can_record_services
from funding.selectors import latest_services_of
from programmes.scoping import naeringshage_for
from reports import selectors
from reports.charts import bar_chart
from reports.forms import PeriodForm
from reports.permissions import can_view_dashboard, can_view_reports


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    """The year's (?year=2016) or half-year's (&half=1) figures at a glance, with the
    user's latest services."""
    naeringshage = naeringshage_for(request.user)  # says so when the user has none
    if not can_view_dashboard(request.user):
        raise PermissionDenied
    form = PeriodForm.from_request(request)
    context = {"naeringshage": naeringshage, "form": form, "year": None}
    if can_record_services(request.user):
        context["latest_services"] = latest_services_of(
            naeringshage=naeringshage, adviser=request.user
        )
    if not form.is_valid():
        return render(request, "reports/dashboard.html", context, status=400)
    figures = selectors.dashboard(
        naeringshage=naeringshage,
        year=form.cleaned_data["year"],
        half=form.cleaned_data["half"],
    )
    context.update(
        **form.navigation(),
        half=figures.half,
        figures=figures,
        chart=bar_chart([(row.label, row.subsidy) for row in figures.municipalities]),
    )
    return render(request, "reports/dashboard.html", context)


@require_safe
def annual(request: HttpRequest) -> HttpResponse:
    """The annual report of ?year=2016, or of its half-year (&half=1 or 2): every figure
    the næringshage accounts for to Siva, the county councils and the municipalities."""
    naeringshage = naeringshage_for(request.user)  # says so when the user has none
    if not can_view_reports(request.user):
        raise PermissionDenied
    form = PeriodForm.from_request(request)
    context = {"naeringshage": naeringshage, "form": form, "year": None}
    if not form.is_valid():
        return render(request, "reports/annual_report.html", context, status=400)
    report = selectors.annual_report(
        naeringshage=naeringshage,
        year=form.cleaned_data["year"],
        half=form.cleaned_data["half"],
    )
    context.update(**form.navigation(), half=report.half, report=report)
    return render(request, "reports/annual_report.html", context)
