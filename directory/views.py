"""Context for the directory page: a DirectorySearch over the GET parameters, the page of
results, and the links around it. The page model's get_context calls this."""

from django.conf import settings
from django.db.models import Max, Min
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page

from directory.search import DirectorySearch


def referral_page():
    from networks.models import ReferralPage

    return Page.objects.live().type(ReferralPage).first()


def directory_context(request):
    search = DirectorySearch(request.GET)
    page_obj, hits = search.paginate(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    filters = params.urlencode()
    return {
        "search": search,
        "form": search.filterset.form,
        "page_obj": page_obj,
        "hits": hits,
        "referral_page": referral_page(),
        "geojson_url": reverse("directory:support-points-geojson") + "?" + filters,
        "map_bounds": results_bounds(search) if hits else "",
        **map_context(),
    }


def results_bounds(search):
    """ "minLon,minLat,maxLon,maxLat" of all matching points, for the map's first view."""
    box = search.matches.aggregate(
        min_lon=Min("longitude"),
        min_lat=Min("latitude"),
        max_lon=Max("longitude"),
        max_lat=Max("latitude"),
    )
    if box["min_lon"] is None:
        return ""
    return ",".join(f"{box[key]:.5f}" for key in ("min_lon", "min_lat", "max_lon", "max_lat"))


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
            "locating": _("Finding your location…"),
            "located": _("Location found. Showing help nearest to you."),
            "locateFailed": _(
                "Your location could not be found. Choose a municipality or a postal code."
            ),
            "mapError": _("The map could not be loaded. The list above shows all results."),
        },
    }
