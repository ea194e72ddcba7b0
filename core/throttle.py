"""Counting events in a shared cache: rate limits for public endpoints and log-in
throttling. The cache is CACHE_URL (Redis or the database in production), so limits hold
across worker processes and servers.

The public forms are counted per browser and, more generously, per client address. Many
honest people can share one address — a library's public computers, a helper's office, a
municipality's network — so one address gets several browsers' allowance, while a single
browser (core.client.browser_id: its CSRF cookie) gets the form's own limit. A script that
sends no cookie shares one browser's allowance with every other cookie-less request from
its address; a script that makes up a new cookie each time is stopped by the address's
limit. Addresses in RATE_LIMIT_TRUSTED_ADDRESSES get RATE_LIMIT_TRUSTED_FACTOR times the
per-address limits; the per-browser limit holds everywhere. The APIs are counted per
address only.
"""

import hashlib
import ipaddress
import math
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import ngettext

from core import languages, security_log
from core.client import browser_id, client_ip

# scope → (requests, seconds): per browser for the scopes in BROWSERS_PER_ADDRESS, else
# per client address. settings.RATE_LIMITS overrides them (config/env.py).
DEFAULT_LIMITS = {
    # Sending the referral form (and its "who receives it" preview) from one browser.
    # Filling it in takes a person minutes, so 20 in 10 minutes is more than a helper
    # sending for several people one after another needs, even with a preview for each;
    # a robot sends hundreds. Requests without a browser cookie from one address share
    # this same allowance: a browser always has the cookie once it has opened the form
    # (the CSRF check refuses a POST without it), so these are scripts.
    "referral-form": (20, 600),
    # "Report wrong information" on a support point page, per browser.
    "report-form": (10, 600),
    # The directory's JSON (the map asks again on every pan and zoom), per address.
    "directory-api": (300, 60),
    # The routing API (the referral form's live preview while someone types), per address.
    "route-api": (120, 60),
}

# Scopes counted per browser → how many browsers' allowance one client address gets over
# the same window ("scope.address=requests/seconds" in RATE_LIMITS sets it directly).
# For the referral form that is 120 per 10 minutes: a library's dozen public computers or
# a helpers' office on one address, each at a person's pace (a few requests an hour),
# stay far below it, even on a busy day; a script that makes up a new cookie for every
# request gets no more than 120 in per 10 minutes, which the coordinators can still
# clear by hand.
BROWSERS_PER_ADDRESS = {"referral-form": 6, "report-form": 6}


def now():
    """The time windows are counted in (a function of its own so tests can hold it)."""
    return time.time()


def limit_for(scope, limit=None, window=None):
    """The configured (requests, seconds) for a scope: per browser for the forms."""
    configured = getattr(settings, "RATE_LIMITS", None) or {}  # parsed by config/env.py
    if scope in configured:
        return configured[scope]
    default_limit, default_window = DEFAULT_LIMITS.get(scope, (limit, window or 60))
    return (limit or default_limit, window or default_window)


def address_limit_for(scope, limit=None, window=None, *, trusted=False):
    """The (requests, seconds) one client address may send in a scope over all its
    browsers; RATE_LIMIT_TRUSTED_FACTOR times that from a trusted address."""
    configured = getattr(settings, "RATE_LIMITS", None) or {}
    if f"{scope}.address" in configured:
        requests, seconds = configured[f"{scope}.address"]
    else:
        requests, seconds = limit_for(scope, limit, window)
        requests *= BROWSERS_PER_ADDRESS.get(scope, 1)
    if trusted:
        requests *= getattr(settings, "RATE_LIMIT_TRUSTED_FACTOR", 1)
    return requests, seconds


def client_address(request):
    """(the client address to count, whether it is trusted). An IPv6 client is given a
    whole /64 and may use any address in it, so the /64 is counted; an IPv4 address
    written as IPv6 (::ffff:192.0.2.1, from a dual-stack socket) is the IPv4 address."""
    raw = client_ip(request)
    try:
        ip = ipaddress.ip_address(raw)
    except ValueError:
        return raw, False
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    trusted_networks = getattr(settings, "RATE_LIMIT_TRUSTED_ADDRESSES", None) or ()
    trusted = any(ip in network for network in trusted_networks)
    if ip.version == 6:
        return str(ipaddress.IPv6Network((int(ip) >> 64 << 64, 64))), trusted
    return str(ip), trusted


def _key(scope, identity, window):
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    return f"throttle:{scope}:{digest}:{int(now() // window)}"


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
    """The friendly 429: JSON for /api/ paths, else a page, in the person's language,
    saying how many minutes to wait (the window: at most that long)."""
    minutes = max(1, math.ceil(window / 60))
    if request.path.startswith("/api/"):
        language = languages.of_api_request(request)
        with translation.override(language):
            message = ngettext(
                "Too many requests. Wait a minute and try again.",
                "Too many requests. Wait %(minutes)d minutes and try again.",
                minutes,
            ) % {"minutes": minutes}
        response = JsonResponse(
            {"error": message}, status=429, json_dumps_params={"ensure_ascii": False}
        )
        response["Content-Language"] = language
    else:
        response = render(request, "429.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(window)
    add_never_cache_headers(response)
    return response


def _counted(request, scope, per, identity, limit, window):
    """Count one request against one allowance; the 429 when it is over, else None."""
    hits = _count_hit(scope, identity, window)
    if hits <= limit:
        return None
    if hits == limit + 1:  # once per window and allowance, not on every refused request
        security_log.event(
            "rate_limited", request, scope=scope, limit=f"{limit}/{window}s", per=per
        )
    return too_many_requests(request, window)


def check(request, scope, limit=None, window=None):
    """Count this request; a 429 response when the client is over a limit, else None.

    For the scopes in BROWSERS_PER_ADDRESS the browser's own allowance is counted first
    (requests without a browser cookie share one per address). A request refused there
    is not counted against the address, so one runaway browser or cookie-less script
    cannot use up the allowance of the other browsers behind the same address."""
    address, trusted = client_address(request)
    if scope in BROWSERS_PER_ADDRESS:
        browser_limit, browser_window = limit_for(scope, limit, window)
        browser = browser_id(request)
        per = "browser" if browser else "no-cookie"
        identity = f"{per}:{browser or address}"  # never the same text as an address
        refused = _counted(request, scope, per, identity, browser_limit, browser_window)
        if refused is not None:
            return refused
    address_limit, address_window = address_limit_for(scope, limit, window, trusted=trusted)
    return _counted(request, scope, "address", address, address_limit, address_window)


def rate_limited(scope, limit=None, window=None, methods=("GET", "POST")):
    """View decorator: more than `limit` requests per `window` seconds from one address
    (from one browser, for the scopes in BROWSERS_PER_ADDRESS; see check) get 429 — a
    friendly page, or JSON for API paths — with Retry-After. The numbers default to
    DEFAULT_LIMITS[scope]; settings.RATE_LIMITS overrides them."""

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
