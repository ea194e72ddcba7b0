"""Counting events in a shared cache: rate limits for public endpoints and log-in
throttling. The cache is CACHE_URL (Redis or the database in production), so limits hold
across worker processes and servers."""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext

from core import languages, security_log
from core.client import client_ip

# scope → (requests, seconds) per client address; RATE_LIMITS overrides them.
DEFAULT_LIMITS = {
    # Sending the referral form (and its "who receives it" preview): a helper at a
    # library may send several for different people, a robot sends hundreds.
    "referral-form": (20, 600),
    # "Report wrong information" on a support point page.
    "report-form": (10, 600),
    # The directory's JSON (the map asks again on every pan and zoom).
    "directory-api": (300, 60),
    # The routing API (the referral form's live preview while someone types).
    "route-api": (120, 60),
}


def limit_for(scope, limit=None, window=None):
    """The configured (requests, seconds) for a scope."""
    configured = getattr(settings, "RATE_LIMITS", None) or {}  # parsed by config/env.py
    if scope in configured:
        return configured[scope]
    default_limit, default_window = DEFAULT_LIMITS.get(scope, (limit, window or 60))
    return (limit or default_limit, window or default_window)


def _key(scope, identity, window):
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    return f"throttle:{scope}:{digest}:{int(time.time() // window)}"


def _count_hit(scope, identity, window):
    key = _key(scope, identity, window)
    if cache.add(key, 1, timeout=window + 1):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 1)
        return 1


def hit(scope, identity, limit, window):
    """Count one event; True while within the limit for the current window."""
    return _count_hit(scope, identity, window) <= limit


def count(scope, identity, window):
    return cache.get(_key(scope, identity, window), 0)


def too_many_requests(request, window):
    """The friendly 429: JSON for /api/ paths, else a page, in the person's language."""
    if request.path.startswith("/api/"):
        language = languages.of_api_request(request)
        with translation.override(language):
            message = gettext("Too many requests. Wait a minute and try again.")
        response = JsonResponse(
            {"error": message}, status=429, json_dumps_params={"ensure_ascii": False}
        )
        response["Content-Language"] = language
    else:
        response = render(request, "429.html", status=429)
    response["Retry-After"] = str(window)
    add_never_cache_headers(response)
    return response


def check(request, scope, limit=None, window=None):
    """Count this request; a 429 response when the client is over the limit, else None."""
    limit, window = limit_for(scope, limit, window)
    hits = _count_hit(scope, client_ip(request), window)
    if hits <= limit:
        return None
    if hits == limit + 1:  # once per window and client, not on every refused request
        security_log.event("rate_limited", request, scope=scope, limit=f"{limit}/{window}s")
    return too_many_requests(request, window)


def rate_limited(scope, limit=None, window=None, methods=("GET", "POST")):
    """View decorator: more than `limit` requests per `window` seconds from one address
    get 429 — a friendly page, or JSON for API paths — with Retry-After. The numbers
    default to DEFAULT_LIMITS[scope]; settings.RATE_LIMITS overrides them."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                refused = check(request, scope, limit, window)
                if refused is not None:
                    return refused
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
