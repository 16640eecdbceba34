"""Nobody who owes a second factor gets further than the two-factor pages."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from accounts.two_factor.permissions import two_factor_required
from accounts.two_factor.services import has_confirmed_app

# What a logged-in user may open before giving the second factor: the pages that take
# it, leaving, and the language switch. /healthz needs no login at all.
EXEMPT_URL_NAMES = frozenset(
    {
        "two_factor_verify",
        "two_factor_enrol",
        "two_factor_recovery_codes",
        "logout",
        "set_language",
        "healthz",
    }
)


def owes_second_factor(user) -> bool:
    """A logged-in user whose session has not given the second factor they have (an
    authenticator app) or their role requires."""
    # django-otp's OTPMiddleware adds is_verified() to request.user.
    if not user.is_authenticated or user.is_verified():
        return False
    owed = getattr(user, "_owes_second_factor", None)
    if owed is None:  # asked once a request: by the middleware, then by the header
        owed = user._owes_second_factor = has_confirmed_app(user) or two_factor_required(user)
    return owed


class TwoFactorMiddleware:
    """After django-otp's OTPMiddleware: a logged-in session that is not verified goes
    to the code page when the user has an authenticator app, or to the enrolment page
    when their role requires one (managers, administrators) - for every URL, the admin
    included, except those above and static files."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = request.user
        # django-otp's OTPMiddleware adds is_verified() to request.user.
        if not user.is_authenticated or user.is_verified():  # type: ignore[attr-defined]
            return None
        match = request.resolver_match
        if match is not None and not match.namespace and match.url_name in EXEMPT_URL_NAMES:
            return None
        if request.path_info.startswith(self.static_prefix) or not owes_second_factor(user):
            return None
        if has_confirmed_app(user):
            target = reverse("two_factor_verify")
        else:
            target = reverse("two_factor_enrol")
        if request.method in ("GET", "HEAD"):
            target += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(target)
