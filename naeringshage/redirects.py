"""The login, logging out and the language switch, each following its `next` only to a
page of this site (`core.redirects.next_url`).
"""

from urllib.parse import urlsplit

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views import i18n

from core.redirects import next_url


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
