"""Small, pure geometry on WGS84 longitude/latitude: distances, bounding boxes and
point-in-polygon for GeoJSON Polygon/MultiPolygon geometries. No GDAL, no PostGIS."""

import math

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat, lon, radius_km):
    """(min_lat, min_lon, max_lat, max_lon) that contains the circle around a point."""
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
    return lat - dlat, lon - dlon, lat + dlat, lon + dlon


def _ring_contains(ring, lon, lat):
    """Ray casting: is (lon, lat) inside the closed ring [[lon, lat], ...]?"""
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _polygon_contains(rings, lon, lat):
    if not rings or not _ring_contains(rings[0], lon, lat):
        return False
    return not any(_ring_contains(hole, lon, lat) for hole in rings[1:])


def polygons(geometry):
    """The polygons (lists of rings) of a GeoJSON Polygon or MultiPolygon geometry."""
    if not geometry:
        return []
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry["coordinates"]]
    if kind == "MultiPolygon":
        return list(geometry["coordinates"])
    return []


def geometry_bbox(geometry):
    """(min_lon, min_lat, max_lon, max_lat) of a Polygon/MultiPolygon, or None."""
    xs, ys = [], []
    for rings in polygons(geometry):
        for x, y, *_rest in rings[0]:
            xs.append(x)
            ys.append(y)
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def contains(geometry, lat, lon):
    """Is the point inside the GeoJSON Polygon/MultiPolygon (holes excluded)?"""
    box = geometry_bbox(geometry)
    if box is None or not (box[0] <= lon <= box[2] and box[1] <= lat <= box[3]):
        return False
    return any(_polygon_contains(rings, lon, lat) for rings in polygons(geometry))
