"""Sessions end after SESSION_IDLE_SECONDS without a request.

Django's SESSION_SAVE_EVERY_REQUEST would push the expiry forward by writing the session
row on every request. Here it is written at most once a minute per session instead: a
session then ends between SESSION_IDLE_SECONDS minus a minute and SESSION_IDLE_SECONDS
after its last request, and busy pages cost no write.
"""

import time

from django.http import HttpRequest, HttpResponse

REFRESHED_AT = "_idle_refreshed_at"
REFRESH_EVERY_SECONDS = 60


def mark_refreshed(request: HttpRequest, **_signal) -> None:
    """Connected to user_logged_in: a new session starts its idle clock at login."""
    if hasattr(request, "session"):
        request.session[REFRESHED_AT] = int(time.time())


class IdleSessionMiddleware:
    """Saves a used session again once its last refresh is a minute old, which pushes
    its expiry (SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS) forward."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.session_key is None:
            return response
        now = int(time.time())
        refreshed = session.get(REFRESHED_AT)
        if session.get("_auth_user_id") and (
            refreshed is None or now - refreshed >= REFRESH_EVERY_SECONDS
        ):
            session[REFRESHED_AT] = now
        return response
