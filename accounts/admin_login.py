"""The admin has no login page of its own: it sends people to the product's login."""

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from core.redirects import next_url


@login_not_required
def admin_login(request: HttpRequest) -> HttpResponse:
    """Anonymous: to the login page, and back to the admin after. Logged in without
    admin access: a refusal (a redirect would send them round in a circle)."""
    target = next_url(request, default=reverse("admin:index"))
    if not request.user.is_authenticated:
        return redirect_to_login(target)
    if not (request.user.is_active and request.user.is_staff):
        raise PermissionDenied(_("The administration is for administrators only."))
    return HttpResponseRedirect(target)
