"""The manager's page "Users": the næringshage's advisers and managers, inviting one,
changing a role, deactivating and reactivating, and each user's history. Only the
næringshage's own staff users are found here (`programmes.selectors.users`): another
næringshage's, and an administrator, are not found (404)."""

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.roles import ROLE_LABELS
from core.sorting import Sorting
from core.users import user_label
from programmes.forms.users import StaffUserForm, StaffUserInviteForm
from programmes.models import Naeringshage
from programmes.permissions import can_manage_users
from programmes.scoping import naeringshage_allowed
from programmes.selectors.users import staff_user_history, staff_user_of, staff_user_rows
from programmes.services.users import invitation_send, staff_user_invite, staff_user_update
from programmes.user_log import ACTIVE, ROLE
from programmes.views.common import posted, run_service

FORM_METHODS = ["GET", "HEAD", "POST"]


# The users page's sort keys (?sort=role, ?sort=-last_login): core.sorting.
USER_SORTS = {
    "name": ("first_name", "last_name", "username"),
    "email": ("email",),
    "role": ("staff_role", "first_name", "last_name"),
    "active": ("is_active", "first_name", "last_name"),
    "last_login": ("last_login",),
}


@require_safe
def user_list(request: HttpRequest) -> HttpResponse:
    naeringshage = naeringshage_allowed(request, can_manage_users)
    sorting = Sorting(request.GET, USER_SORTS, "name")
    context = {
        "naeringshage": naeringshage,
        "sorting": sorting,
        "rows": staff_user_rows(naeringshage=naeringshage, sorting=sorting),
    }
    return render(request, "programmes/user_list.html", context)


def _send_invitation(request: HttpRequest, naeringshage: Naeringshage, user: User) -> None:
    """Sends the invitation and says how it went."""
    sent = invitation_send(
        naeringshage=naeringshage,
        user=user,
        invited_by=request.user,
        base_url=request.build_absolute_uri("/"),
    )
    if sent:
        messages.success(
            request,
            _("%(name)s is invited: the e-mail with the link went to %(email)s.")
            % {"name": user_label(user), "email": user.email},
        )
    else:
        messages.warning(
            request,
            _(
                "%(name)s is made a user, but the e-mail could not be sent. Send the "
                "invitation again later, or tell your administrator."
            )
            % {"name": user_label(user)},
        )


@require_http_methods(FORM_METHODS)
def user_invite(request: HttpRequest) -> HttpResponse:
    naeringshage = naeringshage_allowed(request, can_manage_users)
    form = StaffUserInviteForm(posted(request))
    if request.method == "POST":
        user = run_service(
            form,
            lambda data: staff_user_invite(
                naeringshage=naeringshage, invited_by=request.user, **data
            ),
        )
        if user:
            _send_invitation(request, naeringshage, user)
            return redirect("programmes:user-list")
    status = 400 if form.is_bound else 200
    return render(
        request,
        "programmes/user_invite.html",
        {"naeringshage": naeringshage, "form": form},
        status=status,
    )


def _saved_message(name: str, changes) -> str:
    said = []
    for change in changes:
        if change.field == ROLE:
            said.append(
                _("%(name)s is now %(role)s.")
                % {"name": name, "role": ROLE_LABELS[change.new].lower()}
            )
        elif change.field == ACTIVE and change.new:
            said.append(_("%(name)s is active again and can log in.") % {"name": name})
        elif change.field == ACTIVE:
            said.append(_("%(name)s is deactivated and can no longer log in.") % {"name": name})
    return " ".join(said) or _("Nothing was changed.")


@require_http_methods(FORM_METHODS)
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A user's role and access; the manager's own are shown, not offered."""
    naeringshage = naeringshage_allowed(request, can_manage_users)
    row = staff_user_of(naeringshage=naeringshage, pk=pk)
    form = StaffUserForm(
        posted(request), initial={"role": row.role, "is_active": row.user.is_active}
    )
    if request.method == "POST":
        changes = run_service(
            form,
            lambda data: staff_user_update(
                naeringshage=naeringshage, user=row.user, changed_by=request.user, **data
            ),
        )
        if changes is not None:
            messages.success(request, _saved_message(user_label(row.user), changes))
            return redirect("programmes:user-list")
    context = {"row": row, "form": form, "is_self": row.user.pk == request.user.pk}
    status = 400 if form.is_bound else 200
    return render(request, "programmes/user_form.html", context, status=status)


@require_http_methods(FORM_METHODS)
def user_invite_again(request: HttpRequest, pk: int) -> HttpResponse:
    """A new link for a user who has not chosen a password (the first has expired, or
    the e-mail never came): asked, then sent."""
    naeringshage = naeringshage_allowed(request, can_manage_users)
    row = staff_user_of(naeringshage=naeringshage, pk=pk)
    if request.method != "POST":
        return render(request, "programmes/user_invite_again.html", {"row": row})
    try:
        _send_invitation(request, naeringshage, row.user)
    except ValidationError as refusal:
        messages.error(request, refusal.messages[0])
    return redirect("programmes:user-list")


@require_safe
def user_history(request: HttpRequest, pk: int) -> HttpResponse:
    naeringshage = naeringshage_allowed(request, can_manage_users)
    user, entries = staff_user_history(naeringshage=naeringshage, pk=pk)
    context = {
        "name": user_label(user),
        "entries": entries,
        "trail": [
            (_("Users"), reverse("programmes:user-list")),
            (user_label(user), reverse("programmes:user-edit", args=[user.pk])),
        ],
    }
    return render(request, "programmes/object_history.html", context)
