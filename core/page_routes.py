"""Wagtail's page routing, remembered.

For every page it serves, Wagtail first finds the Site of the host and walks the page
tree from the site's root to the page, a query or two per level. Pages that are the same
for everyone rarely get this far (the page cache answers first), but the directory's
searches, the referral form and every page an editor opens do. The answer is the same for
everyone until the page tree changes, so it is kept under the PAGES stamp (core.cache),
which any publish, unpublish, move, new slug or delete of a page and any change to sites,
locales or view restrictions changes (core.signals).

A page not yet translated into the visitor's language is served from the Swedish tree
under the language's prefix (route()), never a 404.

Only the routing is remembered: Wagtail's serve view still runs every hook (view
restrictions, allowed methods) and the page's own serve for each request.
REMEMBER_PAGE_ROUTES=0 routes every request as stock Wagtail does.
"""

from django.conf import settings
from django.http import Http404
from django.urls import re_path
from django.utils import translation
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.models import Page, Site
from wagtail.url_routing import RouteResult

from core import cache


def route(request, path):
    """Wagtail's route in the tree of the visitor's language; where that tree lacks the
    page (not translated yet), the Swedish page, or its translation where only the slugs
    differ. Sets request._wagtail_site, as Wagtail's own routing does."""
    found = Page.route_for_request(request, path)
    if found is not None or translation.get_language() == settings.LANGUAGE_CODE:
        return found
    site = Site.find_for_request(request)
    if site is None:
        return None
    try:
        found = site.root_page.specific.route(request, [part for part in path.split("/") if part])
    except Http404:
        return None
    return RouteResult(found.page.localized.specific, found.args, found.kwargs)


def serve(request, path):
    """Wagtail's serve view, with the route found by route() (and remembered)."""
    if not settings.REMEMBER_PAGE_ROUTES:
        request._wagtail_route_for_request = route(request, path)
        return wagtail_views.serve(request, path)
    key = f"page-route:{request.get_host()}:{translation.get_language()}:{path}"
    wanted = {key: (cache.PAGES,)}
    stamps, found = cache.lookup(wanted)
    if key in found:
        # Where Wagtail keeps what it found for this request (Site.find_for_request and
        # Page.route_for_request read them back).
        request._wagtail_site, request._wagtail_route_for_request = found[key]
    else:
        request._wagtail_route_for_request = route(request, path)
        if request._wagtail_route_for_request is not None:
            cache.store(
                {key: (request._wagtail_site, request._wagtail_route_for_request)},
                wanted,
                stamps,
            )
    return wagtail_views.serve(request, path)


# Wagtail's page URLs, with the serve view above in place of Wagtail's own.
urlpatterns = [
    *(pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, serve, name="wagtail_serve"),
]
