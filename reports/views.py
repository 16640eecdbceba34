"""Report pages, each: access check → period form → one selector → page; the report's
files; closing and reopening a year."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.forms import add_errors
from downloads.services import prepared_file_start
from funding.permissions import can_record_services
from funding.selectors import latest_services_of
from funding.services.closing import year_reopen
from programmes.page_cache import cached_page, of_year
from programmes.scoping import naeringshage_allowed
from programmes.selectors import companies_flagged_by_registry
from reports import exports, owner_exports, prepared_files, snapshots
from reports.charts import subsidy_chart
from reports.forms import CommentaryForm, PeriodForm, ReopenForm
from reports.models import SUMMARY, ExportTemplate
from reports.permissions import (
    can_close_year,
    can_view_dashboard,
    can_view_reports,
    can_write_commentary,
)
from reports.selectors.commentary import commentary_of, commentary_version
from reports.services import CommentaryChanged, commentary_save
from reports.tables import DASHBOARD_KEYS, DASHBOARD_TABLES, SECTION_KEYS, key_figures

# The dashboard lists at most this many companies Enhetsregisteret flags.
FLAGGED = 10


def _services_list_url(*, adviser, year: int, half: int | None) -> str:
    """The services list filtered as the dashboard's own list is."""
    query = {"year": year, "adviser": adviser.pk}
    if half is not None:
        query["half"] = half
    return f"{reverse('funding:service-list')}?{urlencode(query)}"


def _report_topics(request: HttpRequest) -> tuple[str, ...]:
    """What a period's figures are made of: the services of its year only (a closing
    renews every topic)."""
    return ("companies", "events", "funding", of_year(request, "services"))


@require_safe
@cached_page(per_user=True, topics=_report_topics)
def dashboard(request: HttpRequest) -> HttpResponse:
    """The year's (?year=2016) or half-year's (&half=1) figures at a glance, with the
    user's latest services: some of the report's tables, made the same way."""
    naeringshage = naeringshage_allowed(request, can_view_dashboard)
    form = PeriodForm.from_request(request)
    context = {"naeringshage": naeringshage, "form": form, "year": None}
    if not form.is_valid():
        return render(request, "reports/dashboard.html", context, status=400)
    if can_record_services(request.user):
        # The user's own list follows the chosen year and half, like the figures.
        context["latest_services"] = latest_services_of(
            naeringshage=naeringshage,
            adviser=request.user,
            year=form.cleaned_data["year"],
            half=form.cleaned_data["half"],
        )
        context["latest_services_url"] = _services_list_url(
            adviser=request.user, year=form.cleaned_data["year"], half=form.cleaned_data["half"]
        )
    context["flagged"] = list(companies_flagged_by_registry(naeringshage=naeringshage)[:FLAGGED])
    period = snapshots.period_tables(
        naeringshage=naeringshage,
        year=form.cleaned_data["year"],
        half=form.cleaned_data["half"],
        keys=DASHBOARD_KEYS,
        with_commentary=False,
    )
    context.update(
        **form.navigation(),
        period=period,
        closing=period.closing,
        half=period.half,
        key_figures=key_figures(period.tables),
        tables=period.tables_of(DASHBOARD_TABLES),
        chart=subsidy_chart(period.table("municipalities")),
    )
    return render(request, "reports/dashboard.html", context)


@require_safe
@cached_page(topics=_report_topics)
def annual(request: HttpRequest) -> HttpResponse:
    """The annual report of ?year=2016, or of its half-year (&half=1 or 2): every figure
    the næringshage accounts for to Siva, the county councils and the municipalities.
    A closed year shows the figures stored when it was closed."""
    naeringshage = naeringshage_allowed(request, can_view_reports)
    form = PeriodForm.from_request(request)
    context = {"naeringshage": naeringshage, "form": form, "year": None}
    if not form.is_valid():
        return render(request, "reports/annual_report.html", context, status=400)
    year = form.cleaned_data["year"]
    period = snapshots.period_tables(
        naeringshage=naeringshage, year=year, half=form.cleaned_data["half"]
    )
    context.update(
        **form.navigation(),
        period=period,
        half=period.half,
        closing=period.closing,
        tables=period.tables,
        chart=subsidy_chart(period.table("municipalities")),
        closings=snapshots.closings_of(naeringshage=naeringshage, year=year),
        can_close=can_close_year(request.user) and year < timezone.localdate().year,
        sections=[(table.key, exports.SHEET_NAMES[table.key]) for table in period.tables],
        commentary=period.commentary,
        can_comment=can_write_commentary(request.user),
        export_templates=list(ExportTemplate.objects.all()),
    )
    return render(request, "reports/annual_report.html", context)


def _period_query(year: int, half: int | None) -> str:
    return urlencode({"year": year, **({"half": half} if half else {})})


@require_http_methods(["GET", "HEAD", "POST"])
def commentary_edit(request: HttpRequest) -> HttpResponse:
    """The manager's commentary on the report of ?year=2016 (&half=1 or 2): a text for
    the report as a whole and one per section, saved together; a closed year's is the
    one stored at the closing, not changed."""
    naeringshage = naeringshage_allowed(request, can_write_commentary)
    period_form = PeriodForm.from_request(request)
    context: dict = {"naeringshage": naeringshage, "form": period_form, "year": None}
    if not period_form.is_valid():
        return render(request, "reports/commentary_form.html", context, status=400)
    year, half = period_form.cleaned_data["year"], period_form.cleaned_data["half"]
    period = snapshots.period_tables(naeringshage=naeringshage, year=year, half=half)
    sections = [(SUMMARY, _("The report as a whole"))] + [
        (table.key, table.title) for table in period.tables
    ]
    report_url = f"{reverse('reports:annual')}?{_period_query(year, half)}"
    context.update(
        **period_form.navigation(), half=half, closing=period.closing, report_url=report_url
    )

    def page(form: CommentaryForm, status: int = 200, changed: str = "") -> HttpResponse:
        context.update(commentary_form=form, changed=changed)
        return render(request, "reports/commentary_form.html", context, status=status)

    def fresh_form(data=None) -> CommentaryForm:
        texts = commentary_of(naeringshage=naeringshage, year=year, half=half)
        version = commentary_version(naeringshage=naeringshage, year=year, half=half)
        return CommentaryForm(data, sections=sections, texts=texts, initial={"version": version})

    if request.method != "POST":
        return page(fresh_form())
    form = fresh_form(request.POST)
    if not form.is_valid():
        return page(form, status=400)
    try:
        commentary_save(
            naeringshage=naeringshage,
            year=year,
            half=half,
            texts=form.texts(),
            written_by=request.user,
            opened_at=form.cleaned_data["version"],
        )
    except CommentaryChanged as error:
        return page(fresh_form(), status=409, changed=error.messages[0])
    except ValidationError as error:
        add_errors(form, error)
        return page(form, status=400)
    messages.success(request, _("The commentary was saved."))
    return redirect(report_url)


def _report_file(request: HttpRequest) -> exports.ReportFile | HttpResponse:
    """The period asked for, as tables ready for a file; or the page with the form's
    errors (400)."""
    naeringshage = naeringshage_allowed(request, can_view_reports)
    form = PeriodForm.from_request(request)
    if not form.is_valid():
        return annual(request)
    period = snapshots.period_tables(
        naeringshage=naeringshage,
        year=form.cleaned_data["year"],
        half=form.cleaned_data["half"],
    )
    return exports.ReportFile(naeringshage.name, period, timezone.now())


@require_safe
def annual_export(request: HttpRequest, file_format: str) -> HttpResponse:
    """The whole report as XLSX (a sheet a section), or as PDF: printed by the task
    worker, the user sent to the file's page (asking again while it is being printed
    gives the same file)."""
    report = _report_file(request)
    if isinstance(report, HttpResponse):
        return report
    if file_format == "xlsx":
        return FileResponse(
            exports.xlsx_file(report),
            as_attachment=True,
            filename=f"{report.stem}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    prepared = prepared_file_start(
        naeringshage=naeringshage_allowed(request, can_view_reports),
        requested_by=request.user,
        kind=prepared_files.REPORT_PDF,
        parameters=prepared_files.report_parameters(
            year=report.period.year, half=report.period.half
        ),
        title=_("%(report)s as PDF") % {"report": report.title},
    )
    return redirect("downloads:prepared-file", pk=prepared.pk)


@require_safe
def owner_export(request: HttpRequest, template: str) -> HttpResponse:
    """The report as a programme owner's template defines it (reference data), XLSX."""
    report = _report_file(request)
    if isinstance(report, HttpResponse):
        return report
    export = get_object_or_404(ExportTemplate, slug=template)
    return FileResponse(
        owner_exports.xlsx_file(export, report.period),
        as_attachment=True,
        filename=f"{report.stem}-{export.slug}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@require_safe
def annual_csv(request: HttpRequest, section: str) -> HttpResponse:
    """One section of the report as CSV, streamed."""
    if section not in SECTION_KEYS:
        raise Http404(_("The report has no such section."))
    report = _report_file(request)
    if isinstance(report, HttpResponse):
        return report
    table = report.period.find(section)
    if table is None:
        raise Http404(_("The report stored when the year was closed has no such section."))
    response = StreamingHttpResponse(
        exports.csv_lines(table), content_type="text/csv; charset=utf-8"
    )
    filename = f"{report.stem}-{section.replace('_', '-')}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _annual_url(year: int) -> str:
    return f"{reverse('reports:annual')}?year={year}"


@require_http_methods(["GET", "HEAD", "POST"])
def close_year(request: HttpRequest, year: int) -> HttpResponse:
    """Confirm, then close `year`: its figures are stored and its money is locked."""
    naeringshage = naeringshage_allowed(request, can_close_year)
    closing = snapshots.standing_closing(naeringshage=naeringshage, year=year)
    errors = []
    if request.method == "POST" and closing is None:
        try:
            snapshots.close_year(naeringshage=naeringshage, year=year, closed_by=request.user)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _(
                    "%(year)s is closed. Its figures are stored, and its services and "
                    "grants are locked."
                )
                % {"year": year},
            )
            return redirect(_annual_url(year))
    context = {
        "naeringshage": naeringshage,
        "year": year,
        "closing": closing,
        "errors": errors,
        "annual_url": _annual_url(year),
        "has_ended": year < timezone.localdate().year,
    }
    return render(request, "reports/close_year.html", context, status=400 if errors else 200)


@require_http_methods(["GET", "HEAD", "POST"])
def reopen_year(request: HttpRequest, year: int) -> HttpResponse:
    """Reopen a closed year, giving the reason that is kept with its closing."""
    naeringshage = naeringshage_allowed(request, can_close_year)
    closing = snapshots.standing_closing(naeringshage=naeringshage, year=year)
    form = ReopenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and closing is not None and form.is_valid():
        try:
            year_reopen(
                naeringshage=naeringshage,
                year=year,
                reopened_by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(year)s is open again. Close it when the corrections are made.")
                % {"year": year},
            )
            return redirect(_annual_url(year))
    context = {
        "naeringshage": naeringshage,
        "year": year,
        "closing": closing,
        "form": form,
        "annual_url": _annual_url(year),
    }
    return render(request, "reports/reopen_year.html", context, status=400 if form.errors else 200)
