"""JSON for the map and for others: the directory's filters over GET.

GET /api/v1/support-points/          a page of support points (same filters as the page,
                                     ?lends= included)
GET /api/v1/support-points.geojson   points and clusters inside a bounding box
GET /api/v1/suggestions/?q=…          suggestions for the search box as a person types

Invalid parameters give 400 with {"error": message, "parameter": name}.
"""

import hashlib

from django.http import HttpResponse, JsonResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from core import cache, languages
from core.throttle import rate_limited
from directory import clustering, map_grid
from directory.cards import LENDING_KINDS
from directory.filters import MAX_QUERY_LENGTH
from directory.listing import listed_cards
from directory.search import DirectorySearch, suggestions

# What each kind of suggestion is, said after its name.
SUGGESTION_KINDS = {
    "topic": _("help topic"),
    "language": _("language"),
    "municipality": _("municipality"),
    "place": _("place"),
}

MAX_PAGE = 10_000

# The kinds of device a place may lend, as the JSON list names them (and ?lends= does).
LENDING_NAMES = [kind for kind, _field in LENDING_KINDS]


class BadParameter(Exception):
    def __init__(self, name, message):
        super().__init__(message)
        self.name, self.message = name, message


def bad_request(error):
    return JsonResponse({"error": error.message, "parameter": error.name}, status=400)


def parse_int(params, name, default, minimum, maximum):
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(name, f"{name} must be a whole number.") from None
    if not minimum <= value <= maximum:
        raise BadParameter(name, f"{name} must be between {minimum} and {maximum}.")
    return value


def parse_bbox(raw):
    """ "minLon,minLat,maxLon,maxLat" → a tuple of floats, or the whole world."""
    if raw in (None, ""):
        return (-180.0, -90.0, 180.0, 90.0)
    try:
        box = tuple(float(part) for part in raw.split(","))
    except ValueError:
        box = ()
    if len(box) != 4 or any(value != value or abs(value) == float("inf") for value in box):
        raise BadParameter("bbox", "bbox must be four numbers: minLon,minLat,maxLon,maxLat.")
    min_lon, min_lat, max_lon, max_lat = box
    if not (-180 <= min_lon < max_lon <= 180 and -90 <= min_lat < max_lat <= 90):
        raise BadParameter(
            "bbox", "bbox must have minLon < maxLon within ±180 and minLat < maxLat within ±90."
        )
    return box


def directory_search(params):
    search = DirectorySearch(params)
    for name, messages in search.errors.items():
        raise BadParameter(name, " ".join(str(message) for message in messages))
    return search


def point_properties(listed, request):
    """What the JSON list and the map say of a place (a directory.cards.Listed)."""
    card = listed.card
    return {
        "id": card.pk,
        "name": card.title,
        "organisation": card.organisation,
        "url": request.build_absolute_uri(card.url),
        "open_now": listed.hours.is_open,
        "status": listed.hours.text,
        "today": listed.hours.today_text,
        # Not confirmed by its organisation for a long time (as the result lists say).
        "may_be_outdated": card.may_be_outdated,
        # Cannot take more people today (decided now: a "full until" date runs out).
        "full_now": listed.full,
    }


def list_item(listed, request, located):
    item = point_properties(listed, request)
    card = listed.card
    item.update(
        latitude=card.latitude,
        longitude=card.longitude,
        municipality=card.municipality,
        # The last day it is full; null when it is not full or full until further notice.
        full_until=card.full_until.isoformat() if listed.full and card.full_until else None,
        # How many of each kind of device it lends (0: none).
        lending=dict.fromkeys(LENDING_NAMES, 0) | dict(card.lending),
    )
    if located:
        item["distance_km"] = round(listed.distance_km, 2)
    return item


def _language(request):
    """?lang= (any of the site's languages, "ar-SE" is "ar"), else the active language."""
    return languages.supported(request.GET.get("lang", "")[:8], translation.get_language())


@require_GET
@rate_limited("directory-api")
def support_points(request):
    """A page (20 items) of matching support points, nearest first when located."""
    try:
        page_number = parse_int(request.GET, "page", 1, 1, MAX_PAGE)
        with translation.override(_language(request)):
            search = directory_search(request.GET)
            if page_number > 1 and (page_number - 1) * 20 >= search.count:
                raise BadParameter("page", "page is beyond the last page.")
            page = search.page(page_number)
            located = search.location is not None
            results = [
                list_item(listed, request, located)
                for listed in listed_cards(page.object_list, search.now, request)
            ]
    except BadParameter as error:
        return bad_request(error)
    return JsonResponse(
        {
            "count": search.count,
            "page": page.number,
            "num_pages": page.paginator.num_pages,
            "next": _page_url(request, page.next_page_number()) if page.has_next() else None,
            "previous": (
                _page_url(request, page.previous_page_number()) if page.has_previous() else None
            ),
            "results": results,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _page_url(request, number):
    params = request.GET.copy()
    params["page"] = number
    return request.build_absolute_uri(request.path + "?" + params.urlencode())


def _feature(latitude, longitude, properties):
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(longitude, 5), round(latitude, 5)]},
        "properties": properties,
    }


@require_GET
@rate_limited("directory-api")
def support_points_geojson(request):
    """Matching support points inside bbox as GeoJSON; clusters (with a count) below
    clustering.POINTS_FROM_ZOOM. Every visitor's map starts from the same few views, so
    answers are kept in the cache until places change (core.cache)."""
    wanted = {_response_key(request): (cache.PLACES,)}
    stamps, found = cache.lookup(wanted)
    if found:
        return HttpResponse(*found.values(), content_type="application/geo+json")
    response = _geojson(request)
    if response.status_code == 200:
        cache.store(dict.fromkeys(wanted, response.content), wanted, stamps)
    return response


def _response_key(request):
    """By address, language and day: whether a place is full changes at midnight when its
    "full until" date runs out, which no publish announces."""
    raw = (
        f"{request.get_host()}{request.get_full_path()}|{translation.get_language()}"
        f"|{timezone.localdate().isoformat()}"
    )
    return "geojson:" + hashlib.sha256(raw.encode()).hexdigest()


def _geojson(request):
    try:
        bbox = parse_bbox(request.GET.get("bbox"))
        zoom = parse_int(request.GET, "zoom", 8, clustering.MIN_ZOOM, clustering.MAX_ZOOM)
        with translation.override(_language(request)):
            search = directory_search(request.GET)
            grid = map_grid.grid(search.matches, bbox, zoom)
            points = listed_cards([(pk, None) for pk in grid.point_ids], search.now, request)
            features = [
                _feature(
                    cluster.latitude,
                    cluster.longitude,
                    {"kind": "cluster", "count": cluster.count},
                )
                for cluster in grid.clusters
            ] + [
                _feature(
                    listed.card.latitude,
                    listed.card.longitude,
                    {"kind": "point", "count": 1, **point_properties(listed, request)},
                )
                for listed in points
            ]
    except BadParameter as error:
        return bad_request(error)
    return JsonResponse(
        {
            "type": "FeatureCollection",
            "count": grid.total,
            "truncated": grid.truncated,
            "features": features,
        },
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
@rate_limited("directory-api")
def search_suggestions(request):
    """Suggestions for the search box (directory.search.suggestions); the same for
    everyone, so shared caches may keep them for a minute."""
    text = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    with translation.override(_language(request)):
        found = suggestions.suggestions(text, request)
        for item in found:
            item["kind_label"] = str(SUGGESTION_KINDS[item["kind"]])
    response = JsonResponse(
        {"query": text, "suggestions": found}, json_dumps_params={"ensure_ascii": False}
    )
    patch_cache_control(response, public=True, max_age=60)
    return response
