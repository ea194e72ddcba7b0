"""Admin sessions that end: after a while without a request, and a working day after
logging in however active the user was."""

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext

from core import security_log
from core.unavailable import DATABASE_ERRORS, unavailable_response

SESSION_AUTH_AT = "_auth_at"
SESSION_SEEN_AT = "_seen_at"
# The last-seen time is written at most this often (not a session write per request).
SEEN_RESOLUTION = 60


class SessionTimeoutMiddleware:
    """Logs a user out SESSION_IDLE_TIMEOUT seconds after their last request, and
    SESSION_COOKIE_AGE seconds after logging in however active they were (the session
    cookie alone would slide forward whenever the session changes)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        try:
            authenticated = user is not None and user.is_authenticated  # reads the session
        except DATABASE_ERRORS:
            return unavailable_response(request)
        if authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request):
        now = int(time.time())
        session = request.session
        auth_at = session.setdefault(SESSION_AUTH_AT, now)
        seen_at = session.get(SESSION_SEEN_AT, now)
        idle = now - seen_at > settings.SESSION_IDLE_TIMEOUT
        expired = now - auth_at > settings.SESSION_COOKIE_AGE
        if idle or expired:
            security_log.event(
                "session_timeout",
                request,
                reason="idle" if idle else "absolute",
                level=logging.INFO,
            )
            logout(request)
            messages.info(
                request,
                gettext("You were logged out after a while without activity. Log in again.")
                if idle
                else gettext("You were logged out because you logged in long ago. Log in again."),
            )
            return
        if now - seen_at >= SEEN_RESOLUTION or SESSION_SEEN_AT not in session:
            session[SESSION_SEEN_AT] = now
