"""Requests the product cannot read are refused with 400 and a page, never a 500.

Browsers send every form of ours as UTF-8. Django, left alone, decodes a request with
whatever charset its Content-Type names, if Python knows the name: `charset=base64`,
`rot13` or `punycode` are no text encodings and fail while the request is being built,
before any middleware can answer. And its error pages run the CSRF check again, which
reads the body again: a form post in latin-1 with a CSRF cookie failed twice, the second
time inside the 400 page, and the visitor got the server's bare 500.

So: the request is always decoded as UTF-8 (`Request`); a body sent in another charset
is refused (`Utf8BodyMiddleware`); and the 400 page reads nothing of the body
(`bad_request`, the root URLconf's handler400).
"""

import codecs

import django
from django.core.exceptions import BadRequest
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import parse_header_parameters

# Methods without a body to decode (Django's CSRF check lets them through too).
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class Request(WSGIRequest):
    """Django's request, decoded as UTF-8 whatever charset the Content-Type names; the
    name stays in `content_params` for Utf8BodyMiddleware to refuse."""

    def _set_content_type_params(self, meta):
        # Django's version also sets `self.encoding` from the charset, and that setter
        # decodes the query string with it at once.
        self.content_type, self.content_params = parse_header_parameters(
            meta.get("CONTENT_TYPE", "")
        )


class Handler(WSGIHandler):
    request_class = Request


def wsgi_application() -> Handler:
    """As django.core.wsgi.get_wsgi_application, with the request above."""
    django.setup(set_prefix=False)
    return Handler()


def is_utf8(charset: str) -> bool:
    """UTF-8 by any of its names (utf-8, UTF8, utf_8 ...)."""
    try:
        return codecs.lookup(charset).name == "utf-8"
    except LookupError:
        return False


class Utf8BodyMiddleware:
    """Refuses, with 400, a request whose body is declared in a charset other than
    UTF-8: Django would refuse a latin-1 form post itself, but take `charset=foo` for
    UTF-8 and store what it made of the bytes. Runs before the CSRF check (a process_view),
    which is the first to read the body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        charset = request.content_params.get("charset")
        if request.method not in SAFE_METHODS and charset is not None and not is_utf8(charset):
            raise BadRequest(f"The request body is declared in {charset!r}, not UTF-8.")
        return self.get_response(request)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400. Django's own runs the CSRF check first (requires_csrf_token), which
    reads the body, often the very thing that could not be read. The page's CSRF token
    (the language switch, logging out) comes from the cookie, as on every page. The
    exception is not shown: it may quote the request."""
    return render(request, "400.html", status=400)
