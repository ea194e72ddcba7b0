"""Context for the directory's pages (their models' get_context calls these): the
directory search, a support point's hours and report form, an organisation's points."""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from directory import hours, listing
from directory.choices import ACCESSIBILITY_FEATURES, HELP_MODES
from directory.forms import InformationReportForm
from directory.models import WEEKDAYS, SupportPointPage
from directory.search import DirectorySearch
from directory.structured_data import support_point_json_ld
from directory.tasks import notify_information_report
from home import navigation, page_cache
from networks.models import PostalCode

# Filters behind "More choices"; the box opens when one of them is in use.
MORE_FILTERS = {
    "topic", "language", "target_group", "mode", "open_now", "drop_in", "free", "open_on",
    "accessibility",
}  # fmt: skip


def referral_page(request):
    return navigation.site_pages(request).get("referral")


def directory_context(request):
    search = DirectorySearch(request.GET)
    page_obj = search.page(request.GET.get("page"))
    hits = listing.entries(page_obj.object_list, search.now, request)
    params = request.GET.copy()
    # The map asks for the same results: leave out what could not be used.
    for name in ("page", *search.errors):
        params.pop(name, None)
    filters = params.urlencode()
    return {
        "search": search,
        "form": search.filterset.form,
        "page_obj": page_obj,
        "hits": hits,
        "relaxed": None if hits else relaxed(search, request),
        "referral_page": referral_page(request),
        "postal_codes_loaded": postal_codes_loaded(),
        "more_filters_open": bool(set(search.filterset.active_filters()) & MORE_FILTERS)
        or bool(search.errors),
        "geojson_url": reverse("directory:support-points-geojson") + "?" + filters,
        "map_bounds": results_bounds(hits),
        **map_context(),
    }


def relaxed(search, request):
    """(filter label, its entries) for the search without its strictest filter, or None."""
    found = search.relaxed
    if found is None:
        return None
    label, pairs = found
    return label, listing.entries(pairs, search.now, request)


def postal_codes_loaded():
    """Offer the postal code field once postal codes are imported (networks.importers
    makes the cache forget this when it imports them)."""
    return page_cache.remember("postal-codes-loaded", PostalCode.objects.exists)


def results_bounds(hits):
    """ "minLon,minLat,maxLon,maxLat" of the listed results, for the map's first view
    (the map then shows every match around them)."""
    if not hits:
        return ""
    lats = [hit.latitude for hit in hits]
    lons = [hit.longitude for hit in hits]
    return ",".join(f"{value:.5f}" for value in (min(lons), min(lats), max(lons), max(lats)))


def map_context():
    """What the map script needs: tiles, attribution, the starting view and its words."""
    center = settings.LEAFLET_CONFIG.get("DEFAULT_CENTER", (57.55, 14.45))
    return {
        "map_tiles_url": settings.MAP_TILES_URL,
        "map_attribution": settings.MAP_ATTRIBUTION,
        "map_center": f"{center[0]},{center[1]}",
        "map_labels": {
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
        },
    }


def support_point_context(point, request, report_form=None):
    now = timezone.now()
    weekly = list(point.opening_hours.all())
    exceptions = list(point.opening_exceptions.all())
    summary = hours.summary(now, weekly, exceptions)
    today = summary.status.local_now.date()
    organisation = point.get_parent()
    week = [
        (WEEKDAYS[weekday][1], hours.format_ranges(ranges), weekday == today.weekday())
        for weekday, ranges in hours.week_table(weekly)
    ]
    return {
        "hours": summary,
        "week": week,
        "exceptions": [
            (day, hours.format_ranges(ranges), notes)
            for day, ranges, notes in hours.upcoming_exceptions(today, exceptions)
        ],
        "organisation": organisation,
        "help_modes": [label for field, label in HELP_MODES if getattr(point, field)],
        "accessibility": [
            label for field, label in ACCESSIBILITY_FEATURES if getattr(point, field)
        ],
        "report_form": report_form or InformationReportForm(),
        "reported": request.GET.get("reported") == "1",
        "referral_page": referral_page(request),
        "json_ld": mark_safe(  # noqa: S308 - JSON with <, > and & escaped
            support_point_json_ld(
                point, point.get_full_url(request), organisation, weekly, exceptions, today
            )
            .replace("<", "\\u003c")
            .replace(">", "\\u003e")
            .replace("&", "\\u0026")
        ),
    }


def receive_information_report(point, request):
    """Validate and store a report, then notify after the commit → (form, received)."""
    form = InformationReportForm(request.POST)
    if not form.is_valid():
        return form, False
    if form.is_spam:
        return form, True
    with transaction.atomic():
        report = form.save(commit=False)
        report.page = point
        report.save()
        transaction.on_commit(partial(notify_information_report.enqueue, report.pk))
    return form, True


def organisation_context(organisation, request):
    ids = (
        SupportPointPage.objects.live()
        .child_of(organisation)
        .order_by("title")
        .values_list("pk", flat=True)
    )
    return {"points": listing.entries([(pk, None) for pk in ids], timezone.now(), request)}
