"""Sessions end after SESSION_IDLE_SECONDS without a request.

Django's SESSION_SAVE_EVERY_REQUEST would push the expiry forward by writing the session
row on every request. Here it is written again once a minute or half the idle time has
passed since its last write, whichever is shorter: a session then ends between
SESSION_IDLE_SECONDS minus that interval and SESSION_IDLE_SECONDS after its last
request, so a user who keeps working stays logged in, and busy pages cost no write.
"""

import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse

REFRESHED_AT = "_idle_refreshed_at"
REFRESH_EVERY_SECONDS = 60


def refresh_interval() -> int:
    """Seconds after which a used session is saved again. Half the idle time at most, so
    that a session that was renewed is still alive when the next renewal is due."""
    return min(REFRESH_EVERY_SECONDS, settings.SESSION_COOKIE_AGE // 2)


def mark_refreshed(request: HttpRequest, **_signal) -> None:
    """Connected to user_logged_in: a new session starts its idle clock at login."""
    if hasattr(request, "session"):
        request.session[REFRESHED_AT] = int(time.time())


class IdleSessionMiddleware:
    """Saves a used session again once its last refresh is refresh_interval() old, which
    pushes its expiry (SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS) forward."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.session_key is None:
            return response
        # A failed request leaves the session alone: when the database is down, reading
        # the session here would fail (and be logged) a second time.
        if response.status_code >= 500:
            return response
        now = int(time.time())
        refreshed = session.get(REFRESHED_AT)
        if session.get("_auth_user_id") and (
            refreshed is None or now - refreshed >= refresh_interval()
        ):
            session[REFRESHED_AT] = now
        return response
