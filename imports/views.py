"""The import pages (managers): the imports made, a new upload, and an import's columns,
check and commit."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.forms import add_errors
from imports import services
from imports.forms import MappingForm, UploadForm
from imports.kinds import ACTIONS, CREATE, KINDS, REFUSED, SKIP, UPDATE
from imports.models import Import
from imports.permissions import can_import
from imports.readers import column_letter
from programmes.scoping import naeringshage_allowed

OUTCOMES_PER_PAGE = 100
EXAMPLES = 3  # rows of the file shown beside its columns


def _import_of(request: HttpRequest, pk: int) -> Import:
    naeringshage = naeringshage_allowed(request, can_import)
    return get_object_or_404(Import.objects.for_naeringshage(naeringshage), pk=pk)


@require_safe
def import_list(request: HttpRequest) -> HttpResponse:
    naeringshage = naeringshage_allowed(request, can_import)
    imports = Import.objects.for_naeringshage(naeringshage).select_related(
        "created_by", "imported_by"
    )
    page = Paginator(imports, 50).get_page(request.GET.get("page"))
    return render(request, "imports/import_list.html", {"page": page})


@require_http_methods(["GET", "HEAD", "POST"])
def import_create(request: HttpRequest) -> HttpResponse:
    naeringshage = naeringshage_allowed(request, can_import)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.import_upload(
                naeringshage=naeringshage,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                user=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("imports:import-detail", pk=item.pk)
    return render(request, "imports/import_form.html", {"form": form})


def _outcome_rows(item: Import, rows: list) -> list[dict]:
    column_of = {key: int(column) for column, key in item.mapping.items()}
    shown = []
    for number, action, label, message, fields in rows:
        cells = [
            f"{column_letter(column_of[name])}{number}" for name in fields if name in column_of
        ]
        shown.append(
            {
                "row": number,
                "action": action,
                "action_label": ACTIONS[action],
                "label": label,
                "message": message,
                "cells": ", ".join(cells),
            }
        )
    return shown


def _detail(request: HttpRequest, item: Import, form: MappingForm | None = None, status=200):
    show = request.GET.get("show", "")
    outcomes = [row for row in item.outcomes if not show or row[1] == show]
    page = Paginator(outcomes, OUTCOMES_PER_PAGE).get_page(request.GET.get("page"))
    examples = []
    if item.status != Import.Status.IMPORTED and item.file:
        examples = [cells for _number, cells in services.sheet_of(item).rows[:EXAMPLES]]
    form = form or MappingForm(item=item)
    columns = [
        {"field": form[f"column_{index}"], "examples": [row[index] if index < len(row) else ""
                                                        for row in examples]}
        for index in range(len(item.headers))
    ]  # fmt: skip
    counts = item.counts
    context = {
        "item": item,
        "kind": KINDS[item.kind],
        "form": form,
        "columns": columns,
        "page": page,
        "outcomes": _outcome_rows(item, page.object_list),
        "show": show,
        "filters": [
            (action, ACTIONS[action], counts.get(action, 0))
            for action in (CREATE, UPDATE, SKIP, REFUSED)
        ],
        "to_import": counts.get(CREATE, 0) + counts.get(UPDATE, 0),
        "refused": counts.get(REFUSED, 0),
    }
    return render(request, "imports/import_detail.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The columns of the file (GET), and their check (POST: the mapping, then the dry
    run of every row)."""
    item = _import_of(request, pk)
    if request.method != "POST":
        return _detail(request, item)
    if item.status == Import.Status.IMPORTED or item.status in Import.RUNNING:
        messages.info(request, _("The file is being checked or imported already."))
        return redirect("imports:import-detail", pk=item.pk)
    if not item.file:
        messages.error(request, _("The file was deleted after some days unused: upload it again."))
        return redirect("imports:import-create")
    form = MappingForm(request.POST, item=item)
    if form.is_valid():
        try:
            services.import_map(item=item, mapping=form.mapping())
            if item.rows > settings.IMPORT_TASK_ROWS:
                services.import_queue(
                    item=item, user=request.user, commit=False, language=get_language()
                )
            else:
                services.import_check(item=item, user=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect(reverse("imports:import-detail", args=[item.pk]) + "#outcomes")
    return _detail(request, item, form, status=400)


@require_safe
def import_progress(request: HttpRequest, pk: int) -> JsonResponse:
    """How far the task worker has come (static/js/import-progress.js asks)."""
    item = _import_of(request, pk)
    return JsonResponse(
        {
            "status": item.status,
            "rows_done": item.rows_done,
            "rows": item.rows,
            "finished": item.status not in Import.RUNNING,
        }
    )


@require_http_methods(["GET", "HEAD", "POST"])
def import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    """POST imports the checked rows; GET leads to the import's page, where its button is."""
    item = _import_of(request, pk)
    if request.method != "POST":
        return redirect("imports:import-detail", pk=item.pk)
    try:
        if item.rows > settings.IMPORT_TASK_ROWS:
            services.import_queue(
                item=item, user=request.user, commit=True, language=get_language()
            )
            return redirect("imports:import-detail", pk=item.pk)
        services.import_commit(item=item, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Imported: %(created)s created, %(updated)s updated.")
            % {"created": item.counts.get(CREATE, 0), "updated": item.counts.get(UPDATE, 0)},
        )
    return redirect("imports:import-detail", pk=item.pk)
