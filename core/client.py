"""Who the client is: its address, as far as the proxies in front can be trusted, and
the browser it uses, as far as that browser tells us."""

import re

from django.conf import settings


def client_ip(request):
    """The client's address. Behind TRUSTED_PROXY_COUNT proxies that each append the
    address they saw to X-Forwarded-For, the client is that many entries from the end;
    anything further left could be forged by the client and is ignored. Without proxies
    (0, the default) the header is ignored altogether; the same count decides whether
    X-Forwarded-Proto is believed (config/settings.py, SECURE_PROXY_SSL_HEADER)."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


# A CSRF cookie as Django writes it (32 letters and digits; 64 from Django before 4.0).
# Anything else is refused by the CSRF check and so identifies no browser.
_CSRF_COOKIE = re.compile(r"[A-Za-z0-9]{32}|[A-Za-z0-9]{64}")


def browser_id(request):
    """The browser's own identity, or "" when the request brings none.

    It is the CSRF cookie: every page with a form sets it (the referral and report pages
    are never cached, so each browser gets its own), a POST cannot pass the CSRF check
    without it, and it needs no state on the server — anonymous visitors get no session.
    A script can make up a new one for every request; limits per address cover that.
    With CSRF_USE_SESSIONS the secret lives in the session, so the session key is used."""
    if settings.CSRF_USE_SESSIONS:
        session = getattr(request, "session", None)
        return (session.session_key or "") if session is not None else ""
    value = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    return value if _CSRF_COOKIE.fullmatch(value) else ""
