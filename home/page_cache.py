"""A cache for public pages that are the same for every visitor: the home page, plain
pages, organisation and support point pages, in Django's cache (CACHE_URL).

What is cached: the rendered HTML of an anonymous GET without a query string (no session
or messages cookie) that Wagtail served with status 200 for a page of one of CACHEABLE.
Everything else (the directory and its searches, the referral form, the admin, the API,
logged-in editors and previews) always runs.

Per-visitor values never leave one response:
- the CSRF token of the support point's "report wrong information" form is cut out before
  storing and a fresh one (and the cookie) is put in for every visitor;
- the Content-Security-Policy nonce is cut out likewise, and every response gets the
  nonce its own header names (home.security makes a new one per request), so a nonce is
  never sent twice. Only the values the template itself wrote are swapped: an attacker
  cannot learn a nonce before the page is rendered, so no injected markup can carry one.

Freshness: any publish, unpublish, move or delete of a page, and any save of the content
pages show (directory and home models, vocabularies, municipalities, sites), changes a
version stamp in the cache and with it every key. Entries also expire after
PAGE_CACHE_SECONDS (60 by default), which bounds how old "open now" on a page can be.
With the default per-process cache (locmem) another worker process may serve a page up to
that long after a change; a shared cache (CACHE_URL=redis://…) makes it immediate.
"""

import hashlib
import re
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

CACHEABLE = {
    "home.homepage",
    "home.standardpage",
    "directory.organisationpage",
    "directory.supportpointpage",
}
VERSION_KEY = "page-cache:version"
SKIPPED_PREFIXES = ("/admin/", "/api/", "/documents/", "/static/", "/media/", "/healthz")
# Models whose saves can change what a cached page shows (besides every Page).
AFFECTS_PAGES = {"home", "directory"}
AFFECTS_PAGES_MODELS = {"networks.municipality", "networks.postalcode", "wagtailcore.site",
                        "wagtailcore.locale", "wagtailcore.pageviewrestriction"}  # fmt: skip
# Map cell counts are kept by directory.mapcells, which makes the cache stale itself.
IGNORED_MODELS = {"directory.informationreport", "directory.mapcell"}

CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')
CSRF_HOLE = b"\x00page-cache-csrf\x00"
NONCE_HOLE = b"\x00page-cache-nonce\x00"


def seconds():
    return settings.PAGE_CACHE_SECONDS


def lookup_many(keys):
    """(the current version stamp, {key: value} of the `keys` stored for it), in one
    cache read."""
    found = cache.get_many([VERSION_KEY, *keys])
    version = found.pop(VERSION_KEY, None)
    return version, {key: entry[1] for key, entry in found.items() if entry[0] == version}


def lookup(key):
    """(the current version stamp, the value stored under `key` for it or None), in one
    cache read."""
    version, found = lookup_many([key])
    return version, found.get(key)


def store_many(version, values):
    """Keep each {key: value} for the version stamp `version` (from lookup_many)."""
    cache.set_many({key: (version, value) for key, value in values.items()}, seconds())


def store(key, version, value):
    """Keep `value` under `key` for the version stamp `version` (from lookup)."""
    store_many(version, {key: value})


def remember(name, compute):
    """compute()'s value, kept in the cache until content changes (a new version stamp)
    or `seconds()` pass. For values every visitor shares: navigation, choice lists."""
    version, value = lookup(name)
    if value is None:
        value = compute()
        store(name, version, value)
    return value


def invalidate(**_kwargs):
    """Make every cached page stale (a new version stamp)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def affects_pages(model):
    """Can saving or deleting a `model` row change what a cached page shows?"""
    from wagtail.models import Page

    label = model._meta.label_lower
    if label in IGNORED_MODELS:
        return False
    return (
        issubclass(model, Page)
        or model._meta.app_label in AFFECTS_PAGES
        or label in AFFECTS_PAGES_MODELS
    )


def connect_signals():
    """Listen to the models that affect pages only: a delete signal on any other model
    (sessions, referrals) would make Django delete its rows one by one."""
    from django.apps import apps
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for model in apps.get_models(include_auto_created=True):
        if affects_pages(model):
            for signal in (post_save, post_delete, m2m_changed):
                signal.connect(
                    invalidate,
                    sender=model,
                    dispatch_uid=f"page-cache-{signal}-{model._meta.label_lower}",
                )
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(invalidate, dispatch_uid=f"page-cache-{signal}")


def _eligible(request):
    return (
        request.method == "GET"
        and not request.META.get("QUERY_STRING")
        and not request.path.startswith(SKIPPED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _key(request):
    raw = f"{request.scheme}://{request.get_host()}{request.path}|{translation.get_language()}"
    return "page-cache:" + hashlib.sha256(raw.encode()).hexdigest()


def _page_label(response):
    context = getattr(response, "context_data", None) or {}
    page = context.get("page")
    return page._meta.label_lower if page is not None else None


def _storable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-cache", "no-store")):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    if _page_label(response) not in CACHEABLE:
        return False
    return not response.context_data["page"].get_view_restrictions().exists()


def freeze(content, nonce):
    """The HTML with the per-visitor values cut out."""
    content = CSRF_INPUT.sub(rb"\1" + CSRF_HOLE + rb"\2", content)
    if nonce:
        content = content.replace(nonce.encode(), NONCE_HOLE)
    return content


def thaw(content, request):
    """Cached HTML with this visitor's CSRF token and this response's nonce put in."""
    if CSRF_HOLE in content:
        content = content.replace(CSRF_HOLE, get_token(request).encode())
    nonce = getattr(request, "csp_nonce", "")
    return content.replace(NONCE_HOLE, nonce.encode())


class PageCacheMiddleware:
    """Serves and stores cacheable pages; place it last in MIDDLEWARE (inside the CSRF,
    locale and security header middleware, which still run for every response)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _eligible(request):
            return self.get_response(request)
        key = _key(request)
        version, entry = lookup(key)
        if entry is not None:
            response = HttpResponse(thaw(entry[1], request), content_type=entry[0])
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _storable(request, response):
            content = freeze(response.content, getattr(request, "csp_nonce", ""))
            store(key, version, (response["Content-Type"], content))
            response["X-Page-Cache"] = "miss"
        return response
