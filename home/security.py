"""Security headers: a strict Content Security Policy with a per-request nonce on public
pages, a relaxed one where the Wagtail admin needs inline scripts and styles, and
Permissions-Policy."""

import logging
import secrets
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext

from home import security_log
from home.unavailable import DATABASE_ERRORS, unavailable_response


def _tile_origin():
    parts = urlsplit(settings.MAP_TILES_URL.replace("{s}", "a"))
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


def public_policy(nonce):
    tiles = _tile_origin()
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            f"img-src 'self' data: {tiles}".strip(),
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def admin_policy():
    tiles = _tile_origin()
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src 'self' data: blob: {tiles}".strip(),
            "connect-src 'self'",
            "font-src 'self' data:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        ]
    )


PERMISSIONS_POLICY = "camera=(), microphone=(), payment=(), usb=(), geolocation=(self)"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path.startswith(("/admin/", "/documents/"))
            response["Content-Security-Policy"] = (
                admin_policy() if admin else public_policy(request.csp_nonce)
            )
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# --- Session timeouts ------------------------------------------------------------------

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
