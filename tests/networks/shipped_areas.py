"""Service areas for routing tests: the real (simplified) municipality boundaries shipped
in geography/data, which the demo set-up gives the demo networks."""

import copy
from functools import cache

from geography import county_data
from geography.geometry import merge_geometries
from geography.importers import read_boundaries


@cache
def _boundaries():
    return read_boundaries(county_data.BOUNDARIES)


def shipped_area(municipality_code):
    """A county municipality's boundary (a GeoJSON Polygon or MultiPolygon, a fresh copy
    the caller may change), as a demo network gets it."""
    return copy.deepcopy(merge_geometries(_boundaries()[municipality_code]))


def polygons(area):
    """The polygons (lists of rings) of a Polygon or MultiPolygon."""
    return [area["coordinates"]] if area["type"] == "Polygon" else area["coordinates"]
