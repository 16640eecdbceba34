"""Funding pages: the overview of a year (advisers and managers), and the manager's
forms for grants and placements. Each view: access check → form → one service call →
redirect."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.forms import add_errors
from core.history import ComparedField
from core.money import format_nok
from core.sorting import Sorting
from funding import selectors, services
from funding.forms import GrantForm, PlacementForm
from funding.models import TierModel
from funding.permissions import can_manage_funding, can_view_funding
from funding.services.grants import allocation_field
from funding.views.conflicts import CONFLICT_STATUS, conflict_context
from programmes.forms import YearForm
from programmes.page_cache import cached_page
from programmes.scoping import naeringshage_allowed

# The year's grants, sortable (?sort=amount, ?sort=-deadline): core.sorting.
GRANT_SORTS = {
    "funder": ("grant__funder__name", "grant__kind", "grant__title"),
    "kind": ("grant__kind", "grant__funder__name"),
    "title": ("grant__title", "grant__funder__name"),
    "years": ("grant__first_year", "grant__funder__name"),
    "amount": ("grant__amount", "grant__funder__name"),
    "year_amount": ("amount", "grant__funder__name"),
    "received": ("grant__received_on", "grant__funder__name"),
    "deadline": ("grant__reporting_deadline", "grant__funder__name"),
}


def _overview_url(year: int) -> str:
    return f"{reverse('funding:overview')}?year={year}"


@require_safe
@cached_page(topics=("funding", "services"))
def overview(request: HttpRequest) -> HttpResponse:
    """Grants, Siva's placement and the frame's use in a year (?year=2016)."""
    naeringshage = naeringshage_allowed(request, can_view_funding)
    form = YearForm.from_request(request)
    sorting = Sorting(request.GET, GRANT_SORTS, "funder")
    context = {"naeringshage": naeringshage, "form": form, "year": None, "sorting": sorting}
    if not form.is_valid():
        return render(request, "funding/overview.html", context, status=400)
    year = form.cleaned_data["year"]
    frame = selectors.frame_use(naeringshage=naeringshage, year=year)
    placement = selectors.placement_in_year(naeringshage=naeringshage, year=year)
    implied = placement.implied_amount if placement else None
    context.update(
        **form.navigation(),
        frame=frame,
        frame_meter_value=min(max(frame.used, 0), frame.granted),
        placement=placement,
        implied_difference=(frame.granted - implied) if implied and frame.grant else None,
        allocations=sorting.apply(
            selectors.allocations_in_year(naeringshage=naeringshage, year=year)
        ),
        totals=selectors.totals_by_funder_and_kind(naeringshage=naeringshage, year=year),
        targets=selectors.targets_in_year(naeringshage=naeringshage, year=year),
        can_manage=can_manage_funding(request.user),
    )
    return render(request, "funding/overview.html", context)


def _grant_page(request, form, grant=None, *, extra=None, status=200) -> HttpResponse:
    context = {"form": form, "grant": grant, **(extra or {})}
    return render(request, "funding/grant_form.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def grant_create(request: HttpRequest) -> HttpResponse:
    naeringshage = naeringshage_allowed(request, can_manage_funding)
    if request.method != "POST":
        year = request.GET.get("year", "")
        return _grant_page(request, GrantForm(initial={"first_year": year, "last_year": year}))
    form = GrantForm(request.POST)
    if form.is_valid():
        try:
            grant = services.grant_create(naeringshage=naeringshage, **form.grant_fields())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The grant was recorded."))
            return redirect(_overview_url(grant.first_year))
    return _grant_page(request, form)


def _allocations_compared(form: GrantForm, current) -> list[ComparedField]:
    stored = dict(current.allocations.values_list("year", "amount"))
    rows = []
    for year in sorted({*stored, *form.allocation_years}):
        typed = form.cleaned_data.get(allocation_field(year))
        rows.append(
            ComparedField(
                label=_("Allocation %(year)s") % {"year": year},
                theirs=format_nok(stored[year]) if year in stored else "–",
                yours=format_nok(typed) if typed is not None else "–",
            )
        )
    return rows


@require_http_methods(["GET", "HEAD", "POST"])
def grant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    naeringshage = naeringshage_allowed(request, can_manage_funding)
    grant = get_object_or_404(selectors.grants_of(naeringshage=naeringshage), pk=pk)
    if request.method != "POST":
        return _grant_page(request, GrantForm(instance=grant), grant)
    form = GrantForm(request.POST, instance=grant)
    if form.is_valid():
        try:
            services.grant_update(
                grant=grant,
                allocations=form.allocations(),
                opened_at=form.cleaned_data["version"],
                **form.grant_fields(),
            )
        except services.EditConflict as conflict:
            extra = conflict_context(form, conflict, form.grant_fields())
            extra["conflict_rows"] += _allocations_compared(form, conflict.current)
            # The page names the grant as saved now, not as typed.
            current = conflict.current
            return _grant_page(request, form, current, extra=extra, status=CONFLICT_STATUS)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The grant was saved."))
            return redirect(_overview_url(grant.first_year))
    return _grant_page(request, form, grant)


def _tier_model_for(year_value) -> TierModel | None:
    try:
        year = int(year_value)
    except (TypeError, ValueError):
        return None
    return TierModel.objects.valid_in(year).first()


def _placement_page(request, form, placement=None, *, extra=None, status=200) -> HttpResponse:
    context = {"form": form, "placement": placement, **(extra or {})}
    return render(request, "funding/placement_form.html", context, status=status)


def _scores_compared(form: PlacementForm, current) -> list[ComparedField]:
    stored = {score.criterion_id: score for score in current.scores.all()}
    rows = []
    for criterion in form.criteria:
        score = stored.get(criterion.pk)
        typed = form.cleaned_data.get(f"score_{criterion.pk}")
        typed_comment = form.cleaned_data.get(f"comment_{criterion.pk}", "")
        rows += [
            ComparedField(
                label=_("Score: %(criterion)s") % {"criterion": criterion.name},
                theirs=str(score.score) if score and score.score is not None else "–",
                yours=str(typed) if typed is not None else "–",
            ),
            ComparedField(
                label=_("Comment: %(criterion)s") % {"criterion": criterion.name},
                theirs=(score.comment if score else "") or "–",
                yours=typed_comment or "–",
            ),
        ]
    return rows


def _save_placement(request, form, naeringshage, placement=None) -> HttpResponse:
    if form.is_valid():
        try:
            saved = services.placement_save(
                naeringshage=naeringshage,
                **form.submitted(),
                scores=form.scores(),
                placement=placement,
                opened_at=form.cleaned_data["version"],
            )
        except services.EditConflict as conflict:
            extra = conflict_context(form, conflict, form.submitted())
            extra["conflict_rows"] += _scores_compared(form, conflict.current)
            current = conflict.current
            return _placement_page(request, form, current, extra=extra, status=CONFLICT_STATUS)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The placement was saved."))
            return redirect(_overview_url(saved.year))
    return _placement_page(request, form, placement)


@require_http_methods(["GET", "HEAD", "POST"])
def placement_create(request: HttpRequest) -> HttpResponse:
    naeringshage = naeringshage_allowed(request, can_manage_funding)
    if request.method == "POST":
        form = PlacementForm(request.POST, tier_model=_tier_model_for(request.POST.get("year")))
        return _save_placement(request, form, naeringshage)
    year = request.GET.get("year", timezone.localdate().year)
    form = PlacementForm(initial={"year": year}, tier_model=_tier_model_for(year))
    return _placement_page(request, form)


@require_http_methods(["GET", "HEAD", "POST"])
def placement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    naeringshage = naeringshage_allowed(request, can_manage_funding)
    placement = get_object_or_404(selectors.placements_of(naeringshage=naeringshage), pk=pk)
    if request.method == "POST":
        form = PlacementForm(request.POST, tier_model=_tier_model_for(request.POST.get("year")))
        return _save_placement(request, form, naeringshage, placement)
    form = PlacementForm(
        initial=PlacementForm.initial_for(placement), tier_model=placement.level.tier_model
    )
    return _placement_page(request, form, placement)


def _history_page(request, *, name: str, entries, back_url: str) -> HttpResponse:
    context = {"name": name, "entries": entries, "trail": [(_("Funding"), back_url)]}
    return render(request, "programmes/object_history.html", context)


@require_safe
def grant_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Who changed the grant and its allocations, when, and from what to what."""
    naeringshage = naeringshage_allowed(request, can_view_funding)
    grant = get_object_or_404(selectors.grants_of(naeringshage=naeringshage), pk=pk)
    return _history_page(
        request,
        name=str(grant),
        entries=selectors.grant_history(grant=grant),
        back_url=_overview_url(grant.first_year),
    )


@require_safe
def placement_history(request: HttpRequest, pk: int) -> HttpResponse:
    naeringshage = naeringshage_allowed(request, can_view_funding)
    placement = get_object_or_404(selectors.placements_of(naeringshage=naeringshage), pk=pk)
    return _history_page(
        request,
        name=str(placement),
        entries=selectors.placement_history(placement=placement),
        back_url=_overview_url(placement.year),
    )
