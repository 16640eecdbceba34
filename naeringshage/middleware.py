"""Language: Norwegian bokmål unless the user has picked English with the switch."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


def chosen_language(request: HttpRequest) -> str:
    """The language of the switch's cookie if it is one of LANGUAGES, else LANGUAGE_CODE.
    Needs no database, so the outage page speaks it too."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    supported = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in supported else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    """Activates the language from the switch's cookie, else LANGUAGE_CODE.

    Unlike Django's LocaleMiddleware it ignores the browser's Accept-Language: staff
    in a Norwegian office often run an English browser but expect the product in
    Norwegian until they choose otherwise.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
