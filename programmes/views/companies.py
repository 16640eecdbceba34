"""Company pages: the list, a company's page, and the forms for companies, their
contact persons, key figures and enrolments."""

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.sorting import Sorting
from programmes import selectors, services
from programmes.conflicts import EditConflict, parse_version, version_of
from programmes.extensions import from_installed_apps
from programmes.forms.companies import (
    CompanyFilterForm,
    CompanyForm,
    ContactPersonForm,
    EnrolmentForm,
    KeyFiguresForm,
    LeadsForm,
)
from programmes.models import AnnualAccounts
from programmes.page_cache import cached_page
from programmes.permissions import can_manage_companies, can_view_companies
from programmes.registry import RegistryUnavailable
from programmes.scoping import naeringshage_allowed
from programmes.views.common import posted, run_service
from programmes.views.conflicts import CONFLICT_STATUS, edit_status, run_edit

COMPANIES_PER_PAGE = 50
# The company list's sort keys (?sort=name, ?sort=-start): core.sorting.
COMPANY_SORTS = {
    "name": ("name",),
    "number": ("organisation_number",),
    "enrolment": ("latest_enrolment_kind_label", "name"),
    "start": ("latest_enrolment_start", "name"),
}
FORM_METHODS = ["GET", "HEAD", "POST"]

# A company's page shows its own data and what other apps add for it (funding: its
# services, grants and state aid) and the events it took part in.
COMPANY_PAGE_TOPICS = ("companies", "events", "funding", "services")


def _detail_url(company, anchor: str = "") -> str:
    url = reverse("programmes:company-detail", args=[company.pk])
    return f"{url}#{anchor}" if anchor else url


@require_safe
@cached_page(topics=("companies",))
def company_list(request: HttpRequest) -> HttpResponse:
    """Companies, searched and filtered (?q=…&municipality=…&kind=…&year=…), sorted
    (?sort=…), 50 a page."""
    naeringshage = naeringshage_allowed(request, can_view_companies)
    form = CompanyFilterForm(
        request.GET, municipalities=selectors.municipality_choices(naeringshage=naeringshage)
    )
    sorting = Sorting(request.GET, COMPANY_SORTS, "name")
    context = {
        "naeringshage": naeringshage,
        "form": form,
        "sorting": sorting,
        "page": None,
        "can_manage": can_manage_companies(request.user),
    }
    if not form.is_valid():
        return render(request, "programmes/company_list.html", context, status=400)
    companies = sorting.apply(selectors.company_list(naeringshage=naeringshage, **form.filters()))
    page = Paginator(companies, COMPANIES_PER_PAGE).get_page(request.GET.get("page"))
    context.update(page=page, filtered=any(form.cleaned_data.values()))
    return render(request, "programmes/company_list.html", context)


@require_safe
@cached_page(topics=COMPANY_PAGE_TOPICS)
def company_detail(request: HttpRequest, pk: int) -> HttpResponse:
    naeringshage = naeringshage_allowed(request, can_view_companies)
    detail = selectors.company_detail(naeringshage=naeringshage, pk=pk)
    # Sections other apps add (funding: the company's services and state aid).
    sections = [
        {"template": template, "context": build(company=detail.company)}
        for template, build in from_installed_apps("company_sections", "SECTIONS")
    ]
    context = {
        "detail": detail,
        "company": detail.company,
        "sections": sections,
        "can_manage": can_manage_companies(request.user),
    }
    return render(request, "programmes/company_detail.html", context)


def _form_from_registry(request: HttpRequest, company=None) -> tuple[CompanyForm, object]:
    """The company form, and the look-up when the page was asked to fill it from
    Enhetsregisteret (GET ?lookup=<organisation number>): its fields then hold what the
    register said, for the staff to check and save."""
    typed = request.GET.get("lookup") if request.method != "POST" else None
    if typed is None:
        return CompanyForm(posted(request), instance=company), None
    lookup = services.company_registry_lookup(typed=typed[:40])
    initial = {"organisation_number": typed[:40], **lookup.initial()}
    return CompanyForm(initial=initial, instance=company), lookup


@require_http_methods(FORM_METHODS)
def company_create(request: HttpRequest) -> HttpResponse:
    naeringshage = naeringshage_allowed(request, can_manage_companies)
    form, lookup = _form_from_registry(request)
    if request.method == "POST":
        company = run_service(
            form, lambda data: services.company_create(naeringshage=naeringshage, **data)
        )
        if company:
            messages.success(request, _("%(name)s was registered.") % {"name": company.name})
            return redirect(_detail_url(company))
    context = {"form": form, "company": None, "lookup": lookup}
    return render(request, "programmes/company_form.html", context)


@require_http_methods(FORM_METHODS)
def company_edit(request: HttpRequest, pk: int) -> HttpResponse:
    naeringshage = naeringshage_allowed(request, can_manage_companies)
    company = selectors.company_of(naeringshage=naeringshage, pk=pk)
    form, lookup = _form_from_registry(request, company)
    conflict = {}
    if request.method == "POST":
        saved, conflict = run_edit(
            form, lambda **typed: services.company_update(company=company, **typed)
        )
        if saved:
            messages.success(request, _("The company was saved."))
            return redirect(_detail_url(saved))
        # The page's heading names the company as it is stored, not as it was typed.
        company.refresh_from_db()
    detail = selectors.company_detail(naeringshage=naeringshage, pk=pk)
    context = {
        "form": form,
        "company": company,
        "detail": detail,
        "can_manage": True,
        "lookup": lookup,
    }
    return render(
        request, "programmes/company_form.html", context | conflict, status=edit_status(conflict)
    )


@require_POST
def company_registry_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks Enhetsregisteret about the company now (the button on its page)."""
    naeringshage = naeringshage_allowed(request, can_manage_companies)
    company = selectors.company_of(naeringshage=naeringshage, pk=pk)
    try:
        unit = services.company_registry_check(company=company)
    except RegistryUnavailable as error:
        messages.error(request, error.reason)
    else:
        message = _("Checked in Enhetsregisteret: %(status)s.") % {"status": unit.status_text}
        (messages.warning if company.registry_warning else messages.success)(request, message)
    return redirect(_detail_url(company, "registry"))


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


@require_http_methods(FORM_METHODS)
def company_leads(request: HttpRequest) -> HttpResponse:
    """Companies newly registered in Enhetsregisteret in the region (?registered_from=…
    &registered_to=…&page=…), and a POST registering the ones picked (`lead`: their
    signed answers)."""
    naeringshage = naeringshage_allowed(request, can_manage_companies)
    if request.method == "POST":
        picked = request.POST.getlist("lead")
        if not picked:
            messages.error(request, _("Pick at least one company to register."))
            return redirect(request.get_full_path())
        try:
            result = services.leads_register(naeringshage=naeringshage, answers=picked)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.get_full_path())
        if result.created:
            messages.success(
                request,
                _("Registered: %(names)s.")
                % {"names": ", ".join(company.name for company in result.created)},
            )
        for label, reason in result.not_registered:
            messages.warning(
                request,
                _("%(company)s was not registered: %(reason)s")
                % {"company": label, "reason": reason},
            )
        return redirect(request.get_full_path())
    form = LeadsForm(request.GET)
    context: dict = {"form": form, "leads": None, "problem": "", "naeringshage": naeringshage}
    if not form.is_valid():
        return render(request, "programmes/company_leads.html", context, status=400)
    try:
        context["leads"] = services.leads_search(
            naeringshage=naeringshage,
            registered_from=form.cleaned_data["registered_from"],
            registered_to=form.cleaned_data["registered_to"],
            page=_page_number(request),
        )
    except RegistryUnavailable as error:
        context["problem"] = error.reason
    return render(request, "programmes/company_leads.html", context)


_FETCHED_MESSAGES = {
    services.Fetched.STORED: (
        messages.success,
        _lazy("Fetched the annual accounts for %(year)s from Regnskapsregisteret: they are "
              "now the key figures for %(year)s."),
    ),
    services.Fetched.SAME: (
        messages.success,
        _lazy("Fetched the annual accounts for %(year)s from Regnskapsregisteret: the key "
              "figures for %(year)s already say the same."),
    ),
    services.Fetched.DIFFERS: (
        messages.warning,
        _lazy("Fetched the annual accounts for %(year)s from Regnskapsregisteret. The key "
              "figures recorded for %(year)s differ from them: choose below which to keep."),
    ),
    services.Fetched.NOT_KEPT: (
        messages.warning,
        _lazy("Fetched the annual accounts for %(year)s from Regnskapsregisteret; their "
              "figures cannot be key figures as they are, and are shown below."),
    ),
}  # fmt: skip


@require_POST
def company_accounts_fetch(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks Regnskapsregisteret for the company's latest accounts (the button on its
    page)."""
    naeringshage = naeringshage_allowed(request, can_manage_companies)
    company = selectors.company_of(naeringshage=naeringshage, pk=pk)
    try:
        fetched = services.company_accounts_fetch(company=company)
    except RegistryUnavailable as error:
        messages.error(request, error.reason)
    else:
        if fetched.accounts is None:
            messages.info(request, _("Regnskapsregisteret has no annual accounts for the company."))
        else:
            show, message = _FETCHED_MESSAGES[fetched.outcome]
            show(request, message % {"year": fetched.accounts.year})
    return redirect(_detail_url(company, "key-figures"))


@require_POST
def key_figures_choose(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The staff's choice where the key figures differ from Regnskapsregisteret's:
    `keep=register` or `keep=recorded`."""
    naeringshage = naeringshage_allowed(request, can_manage_companies)
    company = selectors.company_of(naeringshage=naeringshage, pk=pk)
    keep = request.POST.get("keep")
    if keep not in ("register", "recorded"):
        raise BadRequest("keep must be register or recorded")
    try:
        services.key_figures_choose(company=company, year=year, register=keep == "register")
    except AnnualAccounts.DoesNotExist:
        raise Http404(_("No annual accounts for this year are kept for the company.")) from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        message = (
            _("The key figures for %(year)s are now Regnskapsregisteret's.")
            if keep == "register"
            else _("The key figures recorded for %(year)s are kept.")
        )
        messages.success(request, message % {"year": year})
    return redirect(_detail_url(company, "key-figures"))


# --- The parts of a company: contact persons, key figures, enrolments ------------------


def _part_page(request, *, company, form, title, anchor, conflict=None) -> HttpResponse:
    context = {
        "company": company,
        "form": form,
        "title": title,
        "cancel_url": _detail_url(company, anchor),
        **(conflict or {}),
    }
    return render(
        request, "programmes/company_part_form.html", context, status=edit_status(conflict)
    )


def _confirm_page(
    request, *, company, title, question, anchor, version="", refusal=None
) -> HttpResponse:
    context = {
        "title": title,
        "question": question,
        "button": _("Delete"),
        "cancel_url": _detail_url(company, anchor),
        "trail": [
            (_("Companies"), reverse("programmes:company-list")),
            (company.name, _detail_url(company)),
        ],
        "version": version,
        "refusal": refusal,
    }
    status = CONFLICT_STATUS if refusal else 200
    return render(request, "programmes/confirm.html", context, status=status)


def _posted_version(request: HttpRequest):
    """The version a confirmation page was opened at (None: a page from before they
    carried one, nothing compared)."""
    try:
        return parse_version(request.POST.get("version", ""))
    except ValueError:
        raise BadRequest("not a version") from None


def _gone(request, *, naeringshage, company_pk: int, message: str, anchor: str) -> HttpResponse:
    """A delete posted for a row somebody else deleted already: said, not a 404."""
    company = selectors.company_of(naeringshage=naeringshage, pk=company_pk)
    messages.info(request, message)
    return redirect(_detail_url(company, anchor))


@require_http_methods(FORM_METHODS)
def contact_person_create(request: HttpRequest, pk: int) -> HttpResponse:
    naeringshage = naeringshage_allowed(request, can_manage_companies)
    company = selectors.company_of(naeringshage=naeringshage, pk=pk)
    form = ContactPersonForm(posted(request))
    if request.method == "POST" and run_service(
        form, lambda data: services.contact_person_create(company=company, **data)
    ):
        messages.success(request, _("The contact person was added."))
        return redirect(_detail_url(company, "contacts"))
    title = _("Add a contact person")
    return _part_page(request, company=company, form=form, title=title, anchor="contacts")


@require_http_methods(FORM_METHODS)
def contact_person_edit(request: HttpRequest, company_pk: int, pk: int) -> HttpResponse:
    naeringshage = naeringshage_allowed(request, can_manage_companies)
    contact = selectors.contact_person_of(naeringshage=naeringshage, company_pk=company_pk, pk=pk)
    form = ContactPersonForm(posted(request), instance=contact)
    conflict = {}
    if request.method == "POST":
        saved, conflict = run_edit(
            form,
            lambda **typed: services.contact_person_update(contact_person=contact, **typed),
        )
        if saved:
            messages.success(request, _("The contact person was saved."))
            return redirect(_detail_url(contact.company, "contacts"))
    title = _("Edit contact person")
    return _part_page(
        request,
        company=contact.company,
        form=form,
        title=title,
        anchor="contacts",
        conflict=conflict,
    )


@require_http_methods(FORM_METHODS)
def contact_person_delete(request: HttpRequest, company_pk: int, pk: int) -> HttpResponse:
    """GET asks; POST deletes the person's data. The question carries the version it
    named: changed since, it is asked again about the person as saved now."""
    naeringshage = naeringshage_allowed(request, can_manage_companies)
    try:
        contact = selectors.contact_person_of(
            naeringshage=naeringshage, company_pk=company_pk, pk=pk
        )
    except Http404:
        if request.method != "POST":
            raise
        message = _("The contact person was already deleted.")
        return _gone(
            request,
            naeringshage=naeringshage,
            company_pk=company_pk,
            message=message,
            anchor="contacts",
        )
    refusal = None
    if request.method == "POST":
        try:
            services.contact_person_delete(
                contact_person=contact, opened_at=_posted_version(request)
            )
        except EditConflict as conflict:
            contact, refusal = conflict.current, conflict
        else:
            messages.success(request, _("%(name)s was deleted.") % {"name": contact.name})
            return redirect(_detail_url(contact.company, "contacts"))
    return _confirm_page(
        request,
        company=contact.company,
        title=_("Delete contact person"),
        question=_("Delete %(name)s, contact person of %(company)s?")
        % {"name": contact.name, "company": contact.company.name},
        anchor="contacts",
        version=version_of(contact),
        refusal=refusal,
    )


@require_http_methods(FORM_METHODS)
def key_figures_create(request: HttpRequest, pk: int) -> HttpResponse:
    naeringshage = naeringshage_allowed(request, can_manage_companies)
    company = selectors.company_of(naeringshage=naeringshage, pk=pk)
    form = KeyFiguresForm(posted(request), initial={"year": request.GET.get("year")})
    if request.method == "POST" and run_service(
        form, lambda data: services.key_figures_create(company=company, **data)
    ):
        messages.success(request, _("The key figures were recorded."))
        return redirect(_detail_url(company, "key-figures"))
    title = _("Record key figures")
    return _part_page(request, company=company, form=form, title=title, anchor="key-figures")


@require_http_methods(FORM_METHODS)
def key_figures_edit(request: HttpRequest, company_pk: int, pk: int) -> HttpResponse:
    naeringshage = naeringshage_allowed(request, can_manage_companies)
    figures = selectors.key_figures_of(naeringshage=naeringshage, company_pk=company_pk, pk=pk)
    form = KeyFiguresForm(posted(request), instance=figures)
    # Named before the service may change the year of the row in hand.
    title = _("Edit key figures %(year)s") % {"year": figures.year}
    if request.method == "POST" and run_service(
        form, lambda data: services.key_figures_update(key_figures=figures, **data)
    ):
        messages.success(request, _("The key figures were saved."))
        return redirect(_detail_url(figures.company, "key-figures"))
    return _part_page(
        request, company=figures.company, form=form, title=title, anchor="key-figures"
    )


@require_http_methods(FORM_METHODS)
def key_figures_delete(request: HttpRequest, company_pk: int, pk: int) -> HttpResponse:
    """GET asks; POST deletes. Key figures carry no version (no `updated_at`): the
    figures are deleted as they are stored when the answer comes."""
    naeringshage = naeringshage_allowed(request, can_manage_companies)
    try:
        figures = selectors.key_figures_of(naeringshage=naeringshage, company_pk=company_pk, pk=pk)
    except Http404:
        if request.method != "POST":
            raise
        message = _("The key figures were already deleted.")
        return _gone(
            request,
            naeringshage=naeringshage,
            company_pk=company_pk,
            message=message,
            anchor="key-figures",
        )
    if request.method == "POST":
        services.key_figures_delete(key_figures=figures)
        messages.success(request, _("The key figures were deleted."))
        return redirect(_detail_url(figures.company, "key-figures"))
    return _confirm_page(
        request,
        company=figures.company,
        title=_("Delete key figures"),
        question=_("Delete the key figures of %(company)s for %(year)s?")
        % {"company": figures.company.name, "year": figures.year},
        anchor="key-figures",
    )


@require_http_methods(FORM_METHODS)
def enrolment_create(request: HttpRequest, pk: int) -> HttpResponse:
    naeringshage = naeringshage_allowed(request, can_manage_companies)
    company = selectors.company_of(naeringshage=naeringshage, pk=pk)
    form = EnrolmentForm(posted(request))
    if request.method == "POST" and run_service(
        form, lambda data: services.enrolment_create(company=company, **data)
    ):
        messages.success(request, _("The enrolment was recorded."))
        return redirect(_detail_url(company, "enrolments"))
    title = _("Enrol in the programme")
    return _part_page(request, company=company, form=form, title=title, anchor="enrolments")


@require_http_methods(FORM_METHODS)
def enrolment_edit(request: HttpRequest, company_pk: int, pk: int) -> HttpResponse:
    naeringshage = naeringshage_allowed(request, can_manage_companies)
    enrolment = selectors.enrolment_of(naeringshage=naeringshage, company_pk=company_pk, pk=pk)
    form = EnrolmentForm(posted(request), instance=enrolment)
    conflict = {}
    if request.method == "POST":
        saved, conflict = run_edit(
            form, lambda **typed: services.enrolment_update(enrolment=enrolment, **typed)
        )
        if saved:
            messages.success(request, _("The enrolment was saved."))
            return redirect(_detail_url(enrolment.company, "enrolments"))
    title = _("Edit enrolment")
    return _part_page(
        request,
        company=enrolment.company,
        form=form,
        title=title,
        anchor="enrolments",
        conflict=conflict,
    )


@require_safe
def company_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Who changed the company and its enrolments, when, and from what to what."""
    naeringshage = naeringshage_allowed(request, can_view_companies)
    company = selectors.company_of(naeringshage=naeringshage, pk=pk)
    context = {
        "name": company.name,
        "entries": selectors.company_history(company=company),
        "trail": [
            (_("Companies"), reverse("programmes:company-list")),
            (company.name, _detail_url(company)),
        ],
    }
    return render(request, "programmes/object_history.html", context)
