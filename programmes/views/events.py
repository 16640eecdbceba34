"""Event pages: the year's events with their counts, an event and its participants,
and the forms to record events and add or remove participants."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.sorting import Sorting
from programmes import selectors, services
from programmes.forms import YearForm
from programmes.forms.events import EventForm, ParticipantForm
from programmes.page_cache import cached_page
from programmes.permissions import can_manage_events, can_view_events
from programmes.scoping import naeringshage_allowed
from programmes.views.common import posted, run_service
from programmes.views.conflicts import edit_status, run_edit

FORM_METHODS = ["GET", "HEAD", "POST"]


def _detail_url(event, anchor: str = "") -> str:
    url = reverse("programmes:event-detail", args=[event.pk])
    return f"{url}#{anchor}" if anchor else url


# The event list's sort keys (?sort=title, ?sort=-participants): core.sorting.
EVENT_SORTS = {
    "starts": ("starts_at",),
    "title": ("title", "starts_at"),
    "kind": ("kind", "starts_at"),
    "responsible": ("responsible__first_name", "responsible__last_name", "starts_at"),
    "participants": ("participant_count", "starts_at"),
    "companies": ("company_count", "starts_at"),
}


@require_safe
@cached_page(topics=("events", "companies"))
def event_list(request: HttpRequest) -> HttpResponse:
    """The events of a year (?year=2016; default this year) and their counts, sorted
    (?sort=…; first first by default)."""
    naeringshage = naeringshage_allowed(request, can_view_events)
    form = YearForm.from_request(request)
    sorting = Sorting(request.GET, EVENT_SORTS, "starts")
    context = {
        "naeringshage": naeringshage,
        "form": form,
        "sorting": sorting,
        "year": None,
        "can_manage": can_manage_events(request.user),
    }
    if not form.is_valid():
        return render(request, "programmes/event_list.html", context, status=400)
    year = form.cleaned_data["year"]
    context.update(
        **form.navigation(),
        events=list(sorting.apply(selectors.events_in_year(naeringshage=naeringshage, year=year))),
        per_company=selectors.participant_counts_per_company(naeringshage=naeringshage, year=year),
        per_municipality=selectors.event_counts_per_municipality(
            naeringshage=naeringshage, year=year
        ),
    )
    context["participant_total"] = sum(event.participant_count for event in context["events"])
    return render(request, "programmes/event_list.html", context)


def _detail_page(request, naeringshage, pk, participant_form) -> HttpResponse:
    context = {
        "event": selectors.event_detail(naeringshage=naeringshage, pk=pk),
        "participant_form": participant_form,
        "can_manage": can_manage_events(request.user),
    }
    return render(request, "programmes/event_detail.html", context)


@require_safe
@cached_page(topics=("events", "companies"))
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    naeringshage = naeringshage_allowed(request, can_view_events)
    return _detail_page(request, naeringshage, pk, ParticipantForm(naeringshage=naeringshage))


@require_http_methods(FORM_METHODS)
def event_create(request: HttpRequest) -> HttpResponse:
    naeringshage = naeringshage_allowed(request, can_manage_events)
    form = EventForm(
        posted(request), naeringshage=naeringshage, initial={"responsible": request.user.pk}
    )
    if request.method == "POST":
        event = run_service(
            form, lambda data: services.event_create(naeringshage=naeringshage, **data)
        )
        if event:
            messages.success(request, _("The event was recorded."))
            return redirect(_detail_url(event))
    return render(request, "programmes/event_form.html", {"form": form, "event": None})


@require_http_methods(FORM_METHODS)
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    naeringshage = naeringshage_allowed(request, can_manage_events)
    event = selectors.event_of(naeringshage=naeringshage, pk=pk)
    form = EventForm(posted(request), instance=event, naeringshage=naeringshage)
    conflict = {}
    if request.method == "POST":
        saved, conflict = run_edit(
            form, lambda **typed: services.event_update(event=event, **typed)
        )
        if saved:
            messages.success(request, _("The event was saved."))
            return redirect(_detail_url(saved))
        event.refresh_from_db()
    context = {"form": form, "event": event, **conflict}
    return render(request, "programmes/event_form.html", context, status=edit_status(conflict))


@require_POST
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The form on the event's page; a refusal shows that page again with the message."""
    naeringshage = naeringshage_allowed(request, can_manage_events)
    event = selectors.event_of(naeringshage=naeringshage, pk=pk)
    form = ParticipantForm(request.POST, naeringshage=naeringshage)
    participant = run_service(form, lambda data: services.participant_add(event=event, **data))
    if participant:
        messages.success(request, _("%(name)s was added.") % {"name": participant.name})
        return redirect(_detail_url(event, "participants"))
    return _detail_page(request, naeringshage, pk, form)


@require_http_methods(FORM_METHODS)
def participant_remove(request: HttpRequest, event_pk: int, pk: int) -> HttpResponse:
    """GET asks; POST removes the participant (one removed by somebody else already is
    said so, not a 404)."""
    naeringshage = naeringshage_allowed(request, can_manage_events)
    try:
        participant = selectors.participant_of(naeringshage=naeringshage, event_pk=event_pk, pk=pk)
    except Http404:
        if request.method != "POST":
            raise
        event = selectors.event_of(naeringshage=naeringshage, pk=event_pk)
        messages.info(request, _("The participant was already removed."))
        return redirect(_detail_url(event, "participants"))
    event = participant.event
    if request.method == "POST":
        services.participant_remove(participant=participant)
        messages.success(request, _("%(name)s was removed.") % {"name": participant.name})
        return redirect(_detail_url(event, "participants"))
    context = {
        "title": _("Remove participant"),
        "question": _("Remove %(name)s from %(event)s?")
        % {"name": participant.name, "event": event},
        "button": _("Remove"),
        "cancel_url": _detail_url(event, "participants"),
        "trail": [
            (_("Events"), reverse("programmes:event-list")),
            (event.title, _detail_url(event)),
        ],
    }
    return render(request, "programmes/confirm.html", context)
