"""What every map on the site starts from: the tile server, its attribution and the view
of the county (settings MAP_TILES_URL, MAP_ATTRIBUTION and django-leaflet's
LEAFLET_CONFIG)."""

from django.conf import settings


def map_settings():
    """{"tiles_url", "attribution", "center": "lat,lon", "zoom"} for a map's data
    attributes."""
    latitude, longitude = settings.LEAFLET_CONFIG["DEFAULT_CENTER"]
    return {
        "tiles_url": settings.MAP_TILES_URL,
        "attribution": settings.MAP_ATTRIBUTION,
        "center": f"{latitude},{longitude}",
        "zoom": settings.LEAFLET_CONFIG["DEFAULT_ZOOM"],
    }
