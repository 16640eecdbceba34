"""Context shared by every page: the navigation of the logged-in user."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.two_factor.middleware import owes_second_factor
from core.users import user_label
from downloads.permissions import can_use_prepared_files
from funding.permissions import can_record_services, can_view_funding
from imports.permissions import can_import
from programmes.page_cache import placeholders
from programmes.permissions import (
    can_manage_personal_data,
    can_manage_users,
    can_view_companies,
    can_view_events,
    can_view_region,
)
from reports.permissions import can_view_reports

# Each entry: (url name, label, permission check or None for every logged-in user).
# Later features add their pages here; the header shows those the user may open.
NAVIGATION = [
    ("home", _("Home"), None),
    ("programmes:company-list", _("Companies"), can_view_companies),
    ("programmes:event-list", _("Events"), can_view_events),
    ("programmes:region", _("Region"), can_view_region),
    ("funding:service-list", _("Services"), can_record_services),
    ("funding:overview", _("Funding"), can_view_funding),
    ("reports:annual", _("Reports"), can_view_reports),
    ("programmes:person-search", _("Personal data"), can_manage_personal_data),
    ("programmes:user-list", _("Users"), can_manage_users),
    ("downloads:prepared-file-list", _("Prepared files"), can_use_prepared_files),
    ("imports:import-list", _("Import"), can_import),
]

# The manager's own tools sit in the user menu, not among the sections: the header keeps
# one row at 1 280 px with the search box beside the sections.
USER_MENU = {
    "programmes:person-search",
    "programmes:user-list",
    "downloads:prepared-file-list",
    "imports:import-list",
}


def _within(path: str, url: str) -> bool:
    """The section a page belongs to: its own URL or one under it (a company's page is
    in Companies); the home page only for itself."""
    return path == url or (url != "/" and path.startswith(url))


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": [], "user_label": "", "search_url": ""}
    if owes_second_factor(user):  # every section leads to the code page until it is given
        return {"navigation": [], "user_label": user_label(user)}
    items = []
    for url_name, label, allowed in NAVIGATION:
        if allowed is None or allowed(user):
            url = reverse(url_name)
            items.append(
                {
                    "url": url,
                    "label": label,
                    "current": _within(request.path, url),
                    "in_user_menu": url_name in USER_MENU,
                }
            )
    # The header's search box, for those who may search the næringshage's data.
    search_url = reverse("programmes:search") if can_view_companies(user) else ""
    return {"navigation": items, "user_label": user_label(user), "search_url": search_url}


def page_cache(request: HttpRequest) -> dict:
    return placeholders(request)
