"""The approximate demo service areas (Voronoi cells around the municipality centres,
clipped to a box around the county) that make routing work before official boundaries
are imported."""

import copy
import math
from functools import cache

from geography.reference import MUNICIPALITIES

# A box around Jönköpings län (min_lon, min_lat, max_lon, max_lat), a little larger than
# the official boundaries so that border villages fall inside some demo area.
COUNTY_BOX = (13.05, 56.85, 15.70, 58.18)
_MID_LAT = math.radians((COUNTY_BOX[1] + COUNTY_BOX[3]) / 2)
_X_SCALE = math.cos(_MID_LAT)  # east-west kilometres per degree shrink with latitude


def _clip(polygon, a, b, c):
    """Sutherland–Hodgman: the part of a convex polygon [(x, y), ...] where
    a*x + b*y <= c."""
    result = []
    count = len(polygon)
    for i in range(count):
        p, q = polygon[i], polygon[(i + 1) % count]
        p_in = a * p[0] + b * p[1] <= c
        q_in = a * q[0] + b * q[1] <= c
        if p_in:
            result.append(p)
        if p_in != q_in:
            denominator = a * (q[0] - p[0]) + b * (q[1] - p[1])
            t = (c - a * p[0] - b * p[1]) / denominator
            result.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return result


def voronoi_cells(centres, box=COUNTY_BOX):
    """{key: GeoJSON Polygon} — for each centre (key, lat, lon), the part of the box that
    is closer to it than to any other centre (distances on a locally flat map)."""
    min_lon, min_lat, max_lon, max_lat = box
    square = [
        (min_lon * _X_SCALE, min_lat),
        (max_lon * _X_SCALE, min_lat),
        (max_lon * _X_SCALE, max_lat),
        (min_lon * _X_SCALE, max_lat),
    ]
    points = [(key, lon * _X_SCALE, lat) for key, lat, lon in centres]
    cells = {}
    for key, x, y in points:
        cell = square
        for other, ox, oy in points:
            if other == key or (ox, oy) == (x, y):
                continue
            # Closer to (x, y) than to (ox, oy): 2(ox-x)·px + 2(oy-y)·py <= |o|² - |p|²
            cell = _clip(cell, 2 * (ox - x), 2 * (oy - y), ox * ox + oy * oy - x * x - y * y)
            if not cell:
                break
        if len(cell) < 3:
            continue
        ring = [[round(px / _X_SCALE, 5), round(py, 5)] for px, py in cell]
        ring.append(ring[0])
        cells[key] = {"type": "Polygon", "coordinates": [ring]}
    return cells


@cache
def _demo_cells():
    return voronoi_cells([(code, lat, lon) for code, _name, lat, lon in MUNICIPALITIES])


def demo_service_area(municipality_code):
    """The approximate demo area of a county municipality (a GeoJSON Polygon), or None."""
    cell = _demo_cells().get(municipality_code)
    return copy.deepcopy(cell) if cell else None
