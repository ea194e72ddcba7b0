"""Whole pages that are the same for every visitor: the home page, plain pages,
organisation and support point pages.

Such a page says so itself: it answers `Cache-Control: public, max-age, s-maxage`
(PublicPageMixin), so a front proxy or CDN may keep it. Publishing, unpublishing, moving
or deleting a page purges it and the pages that show it (`pages_to_purge`) in every
language, through Wagtail's frontend cache (wagtail.contrib.frontend_cache, whose
backends settings.WAGTAILFRONTENDCACHE names).

The embedded default needs no proxy: Django's own cache middleware keeps public pages in
Django's cache (CACHE_URL) for anonymous visitors, and PagesInDjangoCache, a frontend
cache backend, forgets them on the same purge. Editors (anyone with a session) are never
served from it. Every entry also expires after PAGE_CACHE_SECONDS, which bounds how old
"open now" on a page can be.
"""

import os
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.middleware import cache as django_cache
from django.utils import translation
from django.utils.cache import get_cache_key, patch_cache_control
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Page

from core import cache as shared


class PublicPageMixin:
    """For a page that is the same for every visitor: its response may be kept by any
    cache for PAGE_CACHE_SECONDS. A page behind a view restriction never is."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if self.is_restricted():
            patch_cache_control(response, private=True)
        else:
            seconds = settings.PAGE_CACHE_SECONDS
            patch_cache_control(response, public=True, max_age=seconds, s_maxage=seconds)
        return response

    def is_restricted(self):
        """Is it behind a view restriction (its own or an ancestor's)? Kept in the cache
        with the page tree (core.cache.PAGES changes when a restriction does)."""
        return shared.remember(
            shared.PAGES,
            f"page-restricted:{self.pk}",
            lambda: self.get_view_restrictions().exists(),
        )

    def pages_to_purge(self):
        """The pages whose cached copies show this one (itself included)."""
        return [self]


def _has_session(request):
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES


class FetchFromCacheMiddleware(django_cache.FetchFromCacheMiddleware):
    """Django's, for anonymous visitors only; a hit says `X-Page-Cache: hit`."""

    def process_request(self, request):
        if _has_session(request):
            request._cache_update_cache = False
            return None
        response = super().process_request(request)
        if response is not None:
            response["X-Page-Cache"] = "hit"
        return response


class UpdateCacheMiddleware(django_cache.UpdateCacheMiddleware):
    """Django's, keeping only what a page marked public, and remembering under its path
    which cache entries hold it (for PagesInDjangoCache)."""

    def _should_update_cache(self, request, response):
        return super()._should_update_cache(request, response) and "public" in response.get(
            "Cache-Control", ""
        )

    def process_response(self, request, response):
        storing = self._should_update_cache(request, response) and response.status_code == 200
        response = super().process_response(request, response)
        if storing:
            key = get_cache_key(request, self.key_prefix, request.method, cache=self.cache)
            if key is not None:
                _remember_entry(request.path, key)
                response["X-Page-Cache"] = "miss"
        return response


def _entries_key(path):
    return f"page-entries:{path}"


def _remember_entry(path, key):
    entries = cache.get(_entries_key(path), [])
    if key not in entries:
        cache.set(_entries_key(path), [*entries, key], settings.PAGE_CACHE_SECONDS)


class PagesInDjangoCache(BaseBackend):
    """A frontend cache backend that forgets the pages Django's cache middleware keeps
    (every host they were asked for by, every variant)."""

    def purge(self, url):
        key = _entries_key(urlsplit(url).path)
        cache.delete_many([*cache.get(key, []), key])


def page_urls(page):
    """The page's full URLs in every language of the site."""
    urls = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            url = page.get_full_url()
        if url:
            urls.add(url)
    return urls


def purge_pages(pages):
    """Purge the pages, and those that show them, from every front cache."""
    urls = set()
    for page in pages:
        specific = page.specific_deferred
        shown = specific.pages_to_purge() if hasattr(specific, "pages_to_purge") else [specific]
        for each in shown:
            urls |= page_urls(each)
    purge_urls_from_cache(sorted(urls))


def old_urls(page, url_path_before, url_path_after):
    """Where the page and the pages below it were before their URLs changed."""
    shared = os.path.commonprefix([url_path_before, url_path_after])
    shared = shared[: shared.rfind("/") + 1]
    new_tail, old_tail = url_path_after[len(shared) :], url_path_before[len(shared) :]
    old = set()
    for each in Page.objects.descendant_of(page, inclusive=True).specific():
        rest = each.url_path[len(url_path_after) :]
        for url in page_urls(each):
            if url.endswith(new_tail + rest):
                old.add(url[: len(url) - len(new_tail + rest)] + old_tail + rest)
    return old
