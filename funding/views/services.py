"""Priced services: the list with filters and totals, record (with a preview of the
split and the room left), edit and void. Advisers and managers may do all of it."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.forms import add_errors
from core.money import format_count, format_nok
from core.sorting import Sorting
from downloads.services import prepared_file_start
from funding import exports, prepared_files, selectors
from funding import services as writes
from funding.forms import ServiceFilterForm, ServiceForm, VoidForm
from funding.models import Grant, PricedService
from funding.permissions import can_record_services
from funding.views.conflicts import CONFLICT_STATUS, conflict_context
from programmes.page_cache import cached_page
from programmes.scoping import naeringshage_allowed

PAGE_SIZE = 50
# The list's sort keys (?sort=company, ?sort=-price): core.sorting. Newest first by default.
SERVICE_SORTS = {
    "date": ("date",),
    "company": ("company__name", "date"),
    "type": ("service_type__name", "date"),
    "adviser": ("adviser__first_name", "adviser__last_name", "date"),
    "hours": ("hours", "date"),
    "price": ("price", "date"),
    "own_share": ("own_share", "date"),
    "subsidy": ("subsidy", "date"),
}
PREVIEW = "preview"


def _service_of(naeringshage, pk: int) -> PricedService:
    services = PricedService.objects.for_naeringshage(naeringshage).select_related("grant")
    return get_object_or_404(services, pk=pk)


def _services_trail() -> list[tuple[str, str]]:
    return [(_("Services"), reverse("funding:service-list"))]


def _service_trail(service: PricedService) -> list[tuple[str, str]]:
    return [
        *_services_trail(),
        (str(service), reverse("funding:service-detail", args=[service.pk])),
    ]


def _landing_url(naeringshage, service: PricedService, *, saved: str) -> str:
    """The list filtered to the service's year and month, on the page that holds it, with
    its row marked as new or changed (`saved`) and scrolled to."""
    month = selectors.services_filtered(
        naeringshage=naeringshage,
        filters={"year": service.date.year, "month": service.date.month},
    )
    before = month.filter(Q(date__gt=service.date) | Q(date=service.date, pk__gt=service.pk))
    query = {"year": service.date.year, "month": service.date.month}
    page = before.count() // PAGE_SIZE + 1
    if page > 1:
        query["page"] = page
    query["marked"] = service.pk
    query["saved"] = saved
    return f"{reverse('funding:service-list')}?{urlencode(query)}#service-{service.pk}"


def _marked(request: HttpRequest) -> int | None:
    """The row a save landed on (?marked=<pk>); anything else marks nothing."""
    value = request.GET.get("marked", "")
    return int(value) if value.isdigit() and len(value) < 12 else None


SAVED_NEW, SAVED_CHANGED = "new", "changed"


@require_safe
def service_export(request: HttpRequest, file_format: str) -> HttpResponse:
    """The filtered list (the list page's GET filters) as CSV, streamed, or as XLSX:
    made here up to PREPARED_FILE_ROWS rows, by the task worker above that (the user is
    sent to the file's page; asking again while it is being made gives the same file)."""
    naeringshage = naeringshage_allowed(request, can_record_services)
    form = ServiceFilterForm(request.GET or None, naeringshage=naeringshage)
    if form.is_bound and not form.is_valid():
        return service_list(request)
    services = selectors.services_filtered(
        naeringshage=naeringshage, filters=form.filters() if form.is_bound else {}
    )
    stamp = timezone.localdate().isoformat()
    if file_format == "csv":
        response = StreamingHttpResponse(
            exports.csv_lines(services, naeringshage), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="tjenester-{stamp}.csv"'
        return response
    rows = services.count()
    if rows > settings.PREPARED_FILE_ROWS:
        prepared = prepared_file_start(
            naeringshage=naeringshage,
            requested_by=request.user,
            kind=prepared_files.SERVICES_XLSX,
            parameters={"filters": prepared_files.service_filters(request.GET, form)},
            title=_("Services as XLSX, %(rows)s rows") % {"rows": format_count(rows)},
        )
        return redirect("downloads:prepared-file", pk=prepared.pk)
    return FileResponse(
        exports.xlsx_file(services, naeringshage),
        as_attachment=True,
        filename=f"tjenester-{stamp}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


class CountedPaginator(Paginator):
    """A paginator given its count (the totals query has it) instead of counting again."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.known_count = count

    @property
    def count(self) -> int:
        return self.known_count


@require_safe
@cached_page(topics=("services", "companies", "funding"))
def service_list(request: HttpRequest) -> HttpResponse:
    naeringshage = naeringshage_allowed(request, can_record_services)
    form = ServiceFilterForm(request.GET or None, naeringshage=naeringshage)
    filters = form.filters() if form.is_bound else {}
    services = selectors.services_filtered(naeringshage=naeringshage, filters=filters)
    totals = selectors.services_totals(services)
    sorting = Sorting(request.GET, SERVICE_SORTS, "-date")
    page = CountedPaginator(
        selectors.services_for_list(sorting.apply(services)),
        PAGE_SIZE,
        count=totals.count,
    ).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "totals": totals,
        # Above this many rows the XLSX is made by the task worker: the link leads to
        # the file's page rather than to a download.
        "xlsx_prepared": totals.count > settings.PREPARED_FILE_ROWS,
        "sorting": sorting,
        "marked": _marked(request),
        "marked_changed": request.GET.get("saved") == SAVED_CHANGED,
        "status": 400 if form.is_bound and not form.is_valid() else 200,
    }
    return render(request, "funding/service_list.html", context, status=context["status"])


def _form_page(
    request, form, *, evaluation=None, service=None, extra=None, status=200
) -> HttpResponse:
    trail = _service_trail(service) if service else _services_trail()
    context = {
        "form": form,
        "evaluation": evaluation,
        "service": service,
        "trail": trail,
        **(extra or {}),
    }
    return render(request, "funding/service_form.html", context, status=status)


def _saved_message(service: PricedService) -> str:
    if service.grant is None:
        return _("The service was saved at market price: %(price)s.") % {
            "price": format_nok(service.price)
        }
    return _("The service was saved: %(subsidy)s drawn on %(grant)s.") % {
        "subsidy": format_nok(service.subsidy),
        "grant": service.grant.get_kind_display(),
    }


@require_http_methods(["GET", "HEAD", "POST"])
def service_create(request: HttpRequest) -> HttpResponse:
    naeringshage = naeringshage_allowed(request, can_record_services)
    if request.method != "POST":
        today = timezone.localdate()
        frame = Grant.objects.for_naeringshage(naeringshage).filter(
            kind=Grant.Kind.SIVA_FRAME, first_year=today.year
        )
        initial = {
            "submission_id": uuid.uuid4(),
            "date": today,
            "adviser": request.user.pk,
            "company": request.GET.get("company"),
            "grant": frame.values_list("pk", flat=True).first(),
        }
        return _form_page(request, ServiceForm(initial=initial, naeringshage=naeringshage))
    form = ServiceForm(request.POST, naeringshage=naeringshage)
    if not form.is_valid():
        return _form_page(request, form)
    if request.POST.get("action") == PREVIEW:
        evaluation = writes.service_evaluate(form.draft())
        if evaluation.errors:
            add_errors(form, ValidationError(evaluation.errors))
        return _form_page(request, form, evaluation=evaluation)
    draft = form.draft()
    try:
        service = writes.service_record(
            draft=draft,
            recorded_by=request.user,
            submission_id=form.cleaned_data["submission_id"],
        )
    except ValidationError as error:
        # The refused split stays in view beside the reasons.
        evaluation = writes.service_evaluate(draft)
        add_errors(form, error)
        return _form_page(request, form, evaluation=evaluation)
    messages.success(request, _saved_message(service))
    return redirect(_landing_url(naeringshage, service, saved=SAVED_NEW))


@require_http_methods(["GET", "HEAD", "POST"])
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    naeringshage = naeringshage_allowed(request, can_record_services)
    service = _service_of(naeringshage, pk)
    if service.is_voided:
        messages.error(request, _("A voided service cannot be changed."))
        return redirect("funding:service-detail", pk=service.pk)
    if request.method != "POST":
        form = ServiceForm(initial=ServiceForm.initial_for(service), naeringshage=naeringshage)
        return _form_page(request, form, service=service)
    form = ServiceForm(request.POST, naeringshage=naeringshage)
    if not form.is_valid():
        return _form_page(request, form, service=service)
    if request.POST.get("action") == PREVIEW:
        evaluation = writes.service_evaluate(form.draft(), exclude_pk=service.pk)
        if evaluation.errors:
            add_errors(form, ValidationError(evaluation.errors))
        return _form_page(request, form, evaluation=evaluation, service=service)
    draft = form.draft()
    try:
        service = writes.service_update(
            service=service, draft=draft, opened_at=form.cleaned_data["version"]
        )
    except writes.EditConflict as conflict:
        extra = conflict_context(form, conflict, form.submitted())
        return _form_page(request, form, service=service, extra=extra, status=CONFLICT_STATUS)
    except ValidationError as error:
        evaluation = writes.service_evaluate(draft, exclude_pk=service.pk)
        add_errors(form, error)
        return _form_page(request, form, evaluation=evaluation, service=service)
    messages.success(request, _saved_message(service))
    return redirect(_landing_url(naeringshage, service, saved=SAVED_CHANGED))


@require_http_methods(["GET", "HEAD", "POST"])
def service_void(request: HttpRequest, pk: int) -> HttpResponse:
    naeringshage = naeringshage_allowed(request, can_record_services)
    service = _service_of(naeringshage, pk)
    form = VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            writes.service_void(
                service=service, reason=form.cleaned_data["reason"], voided_by=request.user
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The service was voided; it no longer counts."))
            return redirect("funding:service-detail", pk=service.pk)
    context = {"form": form, "service": service, "trail": _service_trail(service)}
    status = 400 if form.errors else 200
    return render(request, "funding/service_void.html", context, status=status)


@require_safe
def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One service: its facts, its split and funding line, its history, edit and void."""
    naeringshage = naeringshage_allowed(request, can_record_services)
    service = get_object_or_404(selectors.services_for_page(naeringshage=naeringshage), pk=pk)
    context = {
        "service": service,
        "entries": selectors.service_history(service=service),
        "trail": _services_trail(),
    }
    return render(request, "funding/service_detail.html", context)


@require_safe
def service_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Who recorded, changed or voided the service, when, and from what to what."""
    naeringshage = naeringshage_allowed(request, can_record_services)
    service = get_object_or_404(
        PricedService.objects.for_naeringshage(naeringshage).select_related(
            "company", "service_type"
        ),
        pk=pk,
    )
    context = {
        "name": str(service),
        "entries": selectors.service_history(service=service),
        "trail": _service_trail(service),
    }
    return render(request, "programmes/object_history.html", context)
