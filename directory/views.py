"""The directory's pages that need a view: the search at the directory page (served for
its page by the hook in directory.wagtail_hooks) and the "report wrong information" form
of a support point."""

from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from core import cache
from core.throttle import rate_limited
from directory.forms import InformationReportForm
from directory.listing import listed_cards
from directory.models import SupportPointPage
from directory.search import DirectorySearch
from geography.models import PostalCode

# Filters behind "More choices"; the box opens when one of them is in use.
MORE_FILTERS = {
    "topic", "language", "target_group", "mode", "open_now", "drop_in", "free", "open_on",
    "accessibility", "lends",
}  # fmt: skip


def directory_page(request, page):
    """The directory page with the results of the search its GET parameters describe."""
    search = DirectorySearch(request.GET)
    page_obj = search.page(request.GET.get("page"))
    cards = listed_cards(page_obj.object_list, search.now, request)
    params = request.GET.copy()
    # The map asks for the same results: leave out what could not be used.
    for name in ("page", *search.errors):
        params.pop(name, None)
    context = page.get_context(request)
    context.update(
        {
            "search": search,
            "form": search.filterset.form,
            "page_obj": page_obj,
            "cards": cards,
            "relaxed": None if cards else relaxed(search, request),
            "correction_url": correction_url(search, request),
            "postal_codes_loaded": postal_codes_loaded(),
            "more_filters_open": bool(set(search.filterset.active_filters()) & MORE_FILTERS)
            or bool(search.errors),
            "geojson_url": reverse("directory_api:support-points-geojson")
            + "?"
            + params.urlencode(),
            "map_bounds": results_bounds(cards),
            "map_labels": map_labels(),
            # The search form's lists are the same for everyone who chose the same value.
            "form_cache": {
                "seconds": cache.seconds(),
                "vocabularies": cache.stamps_of(cache.VOCABULARIES)[cache.VOCABULARIES],
            },
        }
    )
    return TemplateResponse(request, page.get_template(request), context)


def relaxed(search, request):
    """(filter label, its cards) for the search without its strictest filter, or None."""
    found = search.relaxed
    if found is None:
        return None
    label, pairs = found
    return label, listed_cards(pairs, search.now, request)


def correction_url(search, request):
    """The same search with the corrected words, for "Did you mean …?"."""
    if search.correction is None or search.shown is not search:
        return ""
    params = request.GET.copy()
    params["q"] = search.correction[1]
    params.pop("page", None)
    return "?" + params.urlencode()


def postal_codes_loaded():
    """Offer the postal code field once postal codes are imported."""
    return cache.remember(cache.VOCABULARIES, "postal-codes-loaded", PostalCode.objects.exists)


def results_bounds(cards):
    """ "minLon,minLat,maxLon,maxLat" of the listed results, for the map's first view
    (the map then shows every match around them)."""
    if not cards:
        return ""
    lats = [listed.card.latitude for listed in cards]
    lons = [listed.card.longitude for listed in cards]
    return ",".join(f"{value:.5f}" for value in (min(lons), min(lats), max(lons), max(lats)))


def map_labels():
    """The words the map script shows, in the page's language."""
    return {
        "points": _("%(count)s places shown on the map."),
        "cluster": _("%(count)s places here. Zoom in to see them."),
        "today": _("Today:"),
        "closedToday": _("Closed today"),
        "outdated": _("This information may be out of date."),
        "locating": _("Finding your location…"),
        "located": _("Location found. Showing help nearest to you."),
        "locateFailed": _(
            "Your location could not be found. Choose a municipality or a postal code."
        ),
        "mapError": _("The map could not be loaded. The list above shows all results."),
    }


@rate_limited("report-form", methods=("POST",))
def report_wrong_information(request, point_id):
    """A resident tells the people who keep a place's information that something is
    wrong. The report is stored in one transaction; who is told is the partners' part
    (it listens for new reports)."""
    point = get_object_or_404(SupportPointPage.originals.live(), pk=point_id)
    form = InformationReportForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        if not form.is_spam:
            with transaction.atomic():
                report = form.save(commit=False)
                report.page = point
                report.save()
        return redirect(reverse("directory:report", args=[point.pk]) + "?sent=1")
    response = TemplateResponse(
        request,
        "directory/report_page.html",
        {
            "point": point,
            "form": form,
            "sent": request.GET.get("sent") == "1",
        },
        status=400 if form.is_bound else 200,
    )
    add_never_cache_headers(response)
    return response
