"""Geometry on WGS84 longitude/latitude: distances, bounding boxes, GeoJSON
Polygon/MultiPolygon areas validated and tested for points (shapely). No GDAL, no
PostGIS."""

import math

import shapely
import shapely.geometry

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


class Area:
    """A GeoJSON Polygon or MultiPolygon ([lon, lat] positions, holes excluded), prepared
    for testing many points (shapely). A point on the boundary is inside: on a border that
    two areas share it is in both (routing then breaks the tie), never in neither."""

    def __init__(self, geometry):
        self.shape = shapely.geometry.shape(geometry)
        shapely.prepare(self.shape)
        # (min_lon, min_lat, max_lon, max_lat)
        self.bbox = self.shape.bounds

    def contains(self, lat, lon):
        box = self.bbox
        if not (box[0] <= lon <= box[2] and box[1] <= lat <= box[3]):
            return False
        return bool(shapely.intersects_xy(self.shape, lon, lat))


def contains(geometry, lat, lon):
    """Is the point inside the GeoJSON Polygon/MultiPolygon or on its boundary (holes
    excluded)?"""
    return bool(geometry) and Area(geometry).contains(lat, lon)


def geometry_bbox(geometry):
    """(min_lon, min_lat, max_lon, max_lat) of a Polygon/MultiPolygon, or None."""
    return shapely.geometry.shape(geometry).bounds if geometry else None


def _is_number(value):
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _clean_ring(ring, subject):
    if not isinstance(ring, list) or len(ring) < 4:
        raise ValueError(f"{subject} has a ring with fewer than 4 positions.")
    positions = []
    for position in ring:
        if (
            not isinstance(position, list | tuple)
            or not 2 <= len(position) <= 3
            or not all(_is_number(n) for n in position)
        ):
            raise ValueError(f"{subject} has a position that is not [longitude, latitude].")
        lon, lat = position[0], position[1]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValueError(
                f"{subject} has a position outside the longitude/latitude range ([{lon}, {lat}])."
            )
        positions.append([lon, lat])
    if positions[0] != positions[-1]:
        raise ValueError(
            f"{subject} has a ring that is not closed (first and last positions differ)."
        )
    return positions


def _clean_polygon(rings, subject):
    if not isinstance(rings, list) or not rings:
        raise ValueError(f"{subject} has a polygon without rings.")
    return [_clean_ring(ring, subject) for ring in rings]


def clean_polygonal(geometry, subject="The geometry"):
    """A validated copy of a GeoJSON Polygon/MultiPolygon with [lon, lat] positions
    (altitudes dropped). Raises ValueError with one sentence starting with `subject` when
    it is not one, a ring is not closed or has fewer than 4 positions, or a position is
    not a finite longitude/latitude in range."""
    if not isinstance(geometry, dict) or geometry.get("type") is None:
        raise ValueError(f"{subject} has no geometry.")
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates")
    if kind == "Polygon":
        return {"type": "Polygon", "coordinates": _clean_polygon(coordinates, subject)}
    if kind == "MultiPolygon":
        if not isinstance(coordinates, list) or not coordinates:
            raise ValueError(f"{subject} has a MultiPolygon without polygons.")
        return {
            "type": "MultiPolygon",
            "coordinates": [_clean_polygon(polygon, subject) for polygon in coordinates],
        }
    raise ValueError(
        f"{subject} has a {kind} geometry, but only Polygon and MultiPolygon are accepted."
    )


def merge_geometries(geometries):
    """One GeoJSON geometry from several Polygon/MultiPolygon geometries: a single
    polygon stays a Polygon, anything more becomes a MultiPolygon; None when empty."""
    parts = []
    for geometry in geometries:
        if geometry["type"] == "Polygon":
            parts.append(geometry["coordinates"])
        else:
            parts.extend(geometry["coordinates"])
    if not parts:
        return None
    if len(parts) == 1:
        return {"type": "Polygon", "coordinates": parts[0]}
    return {"type": "MultiPolygon", "coordinates": parts}
