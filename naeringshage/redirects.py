"""Where a page sends people afterwards: the `next` it was given, if that is a page of
this site, else a default page.

Every `next` the product reads goes through `next_url`: the login and logging out, the
two-factor pages, the lockout page, the admin's login and the language switch. It is
followed only as a path on this site: "/companies/" yes; "https://evil.example/",
"//evil.example", "javascript:alert(1)" no, and neither is "foo", which Django's
`redirect()` would look up as the name of a view (and fail with a 500).
"""

from urllib.parse import urlsplit

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import i18n


def next_url(request: HttpRequest, default: str = "") -> str:
    """The request's `next` (posted, else in the query) if it is a path on this site,
    else `default`."""
    target = request.POST.get("next") or request.GET.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def get_redirect_url(self) -> str:
        target = next_url(self.request)
        # Back to the login page would send a logged-in user round in a circle (Django
        # raises rather than redirect).
        return "" if urlsplit(target).path == self.request.path else target


class LogoutView(auth_views.LogoutView):
    def get_redirect_url(self) -> str:
        return next_url(self.request)


@login_not_required
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, going back to the `next` only if it is on this site.
    (Django's own follows a relative "foo" too, onto a page that does not exist.)"""
    response = i18n.set_language(request)
    if isinstance(response, HttpResponseRedirect):
        response["Location"] = next_url(request, default=reverse("home"))
    return response
