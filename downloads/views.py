"""A prepared file's page (progress, then the link), its progress as JSON for the
page's script, and the file itself. Each asks the one access check twice: staff of a
næringshage first (another næringshage's file is not found), then the file's own kind
(a file is for the roles that may make it)."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.money import format_count
from downloads.makers import Maker, maker_for, makers
from downloads.models import PreparedFile
from downloads.permissions import can_use_prepared_files
from programmes.scoping import naeringshage_allowed


def _allowed(request: HttpRequest, pk: int) -> tuple[PreparedFile, Maker]:
    naeringshage = naeringshage_allowed(request, can_use_prepared_files)
    prepared = get_object_or_404(PreparedFile.objects.for_naeringshage(naeringshage), pk=pk)
    maker = maker_for(prepared.kind)
    if maker is None:
        raise Http404(_("This kind of file can no longer be made."))
    naeringshage_allowed(request, maker.permission)
    return prepared, maker


def _trail() -> list[tuple[str, str]]:
    return [(_("Prepared files"), reverse("downloads:prepared-file-list"))]


def _retention_days(prepared: PreparedFile) -> int:
    """The days the file is kept (its expiry rounded to whole days from its request)."""
    return max(1, round((prepared.expires_at - prepared.created_at).total_seconds() / 86400))


def _expired(prepared: PreparedFile) -> bool:
    return prepared.expires_at <= timezone.now()


def _state(prepared: PreparedFile, maker: Maker) -> dict:
    """What the page and its script show: the status, the rows done of the rows."""
    total = max(prepared.rows_total, prepared.rows_done)
    done = prepared.rows_done
    if prepared.status == PreparedFile.Status.QUEUED:
        text = _("Waiting for its turn …")
    elif prepared.status == PreparedFile.Status.RUNNING and not total:
        text = _("Counting …")
    elif prepared.status == PreparedFile.Status.FAILED:
        text = _("The file could not be made.")
    else:
        text = _("%(done)s of %(total)s %(unit)s") % {
            "done": format_count(done),
            "total": format_count(total),
            "unit": maker.unit(total),
        }
    ready = prepared.status == PreparedFile.Status.DONE
    return {
        "status": prepared.status,
        "finished": prepared.finished,
        "rows_done": done,
        "rows_total": total,
        "text": text,
        "error": prepared.error,
        "download_url": reverse("downloads:download", args=[prepared.pk]) if ready else "",
    }


def _gone(request: HttpRequest, prepared: PreparedFile, maker: Maker) -> HttpResponse:
    back_label, back_url = maker.back(prepared.parameters)
    context = {
        "prepared": prepared,
        "trail": _trail(),
        "back_label": back_label,
        "back_url": back_url,
        "retention_days": _retention_days(prepared),
    }
    return render(request, "downloads/prepared_file_gone.html", context, status=404)


PAGE_SIZE = 50


@require_safe
@never_cache
def prepared_file_list(request: HttpRequest) -> HttpResponse:
    """The næringshage's prepared files that the user's role may open, still kept,
    newest first: where a user finds a file again after leaving its page."""
    naeringshage = naeringshage_allowed(request, can_use_prepared_files)
    kinds = [kind for kind, maker in makers().items() if maker.permission(request.user)]
    files = (
        PreparedFile.objects.for_naeringshage(naeringshage)
        .filter(kind__in=kinds, expires_at__gt=timezone.now())
        .select_related("requested_by")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(files, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "downloads/prepared_file_list.html", {"page": page})


@require_safe
@never_cache
def prepared_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The file's progress, a link to it when it is ready, or why it failed. A refresh
    shows how far it has come; static/js/prepared-file.js does it without one."""
    prepared, maker = _allowed(request, pk)
    if _expired(prepared):
        return _gone(request, prepared, maker)
    back_label, back_url = maker.back(prepared.parameters)
    context = {
        "prepared": prepared,
        "state": _state(prepared, maker),
        "trail": _trail(),
        "back_label": back_label,
        "back_url": back_url,
        "retention_days": _retention_days(prepared),
    }
    return render(request, "downloads/prepared_file.html", context)


@require_safe
@never_cache
def prepared_file_progress(request: HttpRequest, pk: int) -> JsonResponse:
    prepared, maker = _allowed(request, pk)
    if _expired(prepared):
        raise Http404(_("The file is no longer kept."))
    return JsonResponse(_state(prepared, maker))


@require_safe
@never_cache
def prepared_file_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The stored file, as an attachment. Before it is ready: its page; once its days
    are over: not found."""
    prepared, maker = _allowed(request, pk)
    if _expired(prepared) or (prepared.status == PreparedFile.Status.DONE and not prepared.file):
        return _gone(request, prepared, maker)
    if prepared.status != PreparedFile.Status.DONE:
        return redirect("downloads:prepared-file", pk=prepared.pk)
    return FileResponse(
        prepared.file.open("rb"),
        as_attachment=True,
        filename=prepared.filename,
        content_type=prepared.content_type or "application/octet-stream",
    )
