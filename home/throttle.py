"""Counting events in a shared cache: rate limits for public endpoints and log-in
throttling. The cache is CACHE_URL (Redis or the database in production), so limits hold
across worker processes and servers."""

import hashlib
import time

from django.core.cache import cache


def client_ip(request):
    """The client's address (the proxy is trusted to set X-Forwarded-For's first hop only
    when it is configured to overwrite it)."""
    return request.META.get("REMOTE_ADDR", "")


def _key(scope, identity, window):
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    return f"throttle:{scope}:{digest}:{int(time.time() // window)}"


def hit(scope, identity, limit, window):
    """Count one event; True while within the limit for the current window."""
    key = _key(scope, identity, window)
    if cache.add(key, 1, timeout=window + 1):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 1)
        count = 1
    return count <= limit


def count(scope, identity, window):
    return cache.get(_key(scope, identity, window), 0)


def reset(scope, identity, window):
    cache.delete(_key(scope, identity, window))


def rate_limited(scope, limit, window=60, methods=("GET", "POST")):
    """View decorator: more than `limit` requests per `window` seconds from one address
    get 429 — a friendly page, or JSON for API paths — with Retry-After."""
    from functools import wraps

    from django.http import JsonResponse
    from django.shortcuts import render
    from django.utils.translation import gettext

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and not hit(scope, client_ip(request), limit, window):
                if request.path.startswith("/api/"):
                    response = JsonResponse(
                        {"error": gettext("Too many requests. Wait a minute and try again.")},
                        status=429,
                    )
                else:
                    response = render(request, "429.html", status=429)
                response["Retry-After"] = str(window)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
