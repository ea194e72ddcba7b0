"""Wagtail's page routing, remembered until content changes.

For every page it serves without the page cache (the directory and its searches, the
referral form, pages for editors), Wagtail first finds the Site of the host and walks the
page tree from the site's root to the page: a Site query and three page queries, about a
fifth of a directory search's time. The answer is the same for every visitor until
content changes, so it is kept in the shared cache under the page cache's version stamp
(home.page_cache: dropped on any publish, unpublish, move or delete of a page and on any
change to sites, locales or view restrictions; expiring after PAGE_CACHE_SECONDS).

Only the routing is remembered: Wagtail's serve view still runs every hook (view
restrictions, allowed methods) and the page's own serve for each request.
REMEMBER_PAGE_ROUTES=0 turns this off (stock Wagtail routing, the benchmark's baseline).
"""

from django.conf import settings
from django.urls import re_path
from django.utils import translation
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.models import Page

from home import page_cache


def serve(request, path):
    """Wagtail's serve view, with the Site and route looked up in the cache first."""
    if not settings.REMEMBER_PAGE_ROUTES:
        return wagtail_views.serve(request, path)
    key = _key(request, path)
    version, known = page_cache.lookup(key)
    if known is not None:
        request._wagtail_site, request._wagtail_route_for_request = known
    else:
        route = Page.route_for_request(request, path)  # also finds request._wagtail_site
        if route is not None:
            page_cache.store(key, version, (request._wagtail_site, route))
    return wagtail_views.serve(request, path)


def _key(request, path):
    return f"page-route:{request.get_host()}:{translation.get_language()}:{path}"


# Wagtail's page URLs, with the serve view above in place of Wagtail's own.
urlpatterns = [
    *(pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, serve, name="wagtail_serve"),
]
