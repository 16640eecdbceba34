"""Where a page sends people afterwards: the `next` it was given, if that is a page of
this site, else a default page.

Every `next` the product reads goes through `next_url`: the login and logging out, the
two-factor pages, the lockout page, the admin's login and the language switch. It is
followed only as a path on this site: "/companies/" yes; "https://evil.example/",
"//evil.example", "javascript:alert(1)" no, and neither is "foo", which Django's
`redirect()` would look up as the name of a view (and fail with a 500).
"""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request: HttpRequest, default: str = "") -> str:
    """The request's `next` (posted, else in the query) if it is a path on this site,
    else `default`."""
    target = request.POST.get("next") or request.GET.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
