"""The approximate demo service areas (Voronoi cells around the municipality centres,
clipped to a box around the county) that make routing work before official boundaries
are imported."""

import copy
import math
from functools import cache

import shapely
from shapely import affinity

from geography.reference import MUNICIPALITIES

# A box around Jönköpings län (min_lon, min_lat, max_lon, max_lat), a little larger than
# the official boundaries so that border villages fall inside some demo area.
COUNTY_BOX = (13.05, 56.85, 15.70, 58.18)
# East-west kilometres per degree shrink with latitude: cells are drawn on a map where a
# degree of longitude is this many degrees of latitude, so that they are fair in distance.
_X_SCALE = math.cos(math.radians((COUNTY_BOX[1] + COUNTY_BOX[3]) / 2))


def voronoi_cells(centres, box=COUNTY_BOX):
    """{key: GeoJSON Polygon} — for each centre (key, lat, lon), the part of the box that
    is closer to it than to any other centre."""
    points = shapely.MultiPoint([(lon, lat) for _key, lat, lon in centres])
    frame = shapely.box(*box)
    scaled = affinity.scale(points, xfact=_X_SCALE, origin=(0, 0))
    scaled_frame = affinity.scale(frame, xfact=_X_SCALE, origin=(0, 0))
    cells = shapely.voronoi_polygons(scaled, extend_to=scaled_frame, ordered=True)
    found = {}
    for (key, _lat, _lon), cell in zip(centres, cells.geoms, strict=True):
        clipped = affinity.scale(
            cell.intersection(scaled_frame), xfact=1 / _X_SCALE, origin=(0, 0)
        )
        ring = [[round(x, 5), round(y, 5)] for x, y in clipped.exterior.coords]
        found[key] = {"type": "Polygon", "coordinates": [ring]}
    return found


@cache
def _demo_cells():
    return voronoi_cells([(code, lat, lon) for code, _name, lat, lon in MUNICIPALITIES])


def demo_service_area(municipality_code):
    """The approximate demo area of a county municipality (a GeoJSON Polygon), or None."""
    cell = _demo_cells().get(municipality_code)
    return copy.deepcopy(cell) if cell else None
