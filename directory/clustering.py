"""Server-side grid clustering for the map: the matching points inside a bounding box are
grouped by a grid cell (about CELL_PIXELS on screen at the zoom level) in one GROUP BY
query, so many points cost one aggregate, not a row each. Cells holding one point
become points; the others become clusters with a count. Counts add up to the number of
matching points inside the box.

Cell widths and heights are powers of two apart from zoom to zoom, so a coarse cell is
exactly a union of finer cells (what directory.mapcells relies on)."""

import math

from django.db.models import Count, F, IntegerField, Min, Sum
from django.db.models.functions import Cast, Floor

CELL_PIXELS = 64
TILE_PIXELS = 256
# From this zoom on, every point is shown on its own (at most MAX_POINTS of them).
POINTS_FROM_ZOOM = 16
MAX_POINTS = 1000
# A response never holds more features than this: a wide box at a high zoom gets a
# coarser grid.
MAX_FEATURES = 2000
MIN_ZOOM, MAX_ZOOM = 0, 20
# Cells are never flatter than this (cos(latitude) near the poles).
MIN_HEIGHT_FACTOR = 0.05


def height_factor(latitude):
    """Cell height / width: cos(latitude) as on a Web Mercator map, rounded to a power of
    two so that grids nest (1/2 everywhere in Sweden)."""
    cos = max(math.cos(math.radians(latitude)), MIN_HEIGHT_FACTOR)
    return 2.0 ** round(math.log2(cos))


def cell_width(zoom):
    """90 degrees / 2**zoom: exactly a power of two apart from zoom to zoom."""
    return 360 / 2**zoom * CELL_PIXELS / TILE_PIXELS


def cell_size(zoom, latitude):
    """Cell width and height in degrees at the zoom level."""
    width = cell_width(zoom)
    return width, width * height_factor(latitude)


def cells_across(bbox, width, height):
    """The most grid cells the box can touch."""
    min_lon, min_lat, max_lon, max_lat = bbox
    columns = math.floor(max_lon / width) - math.floor(min_lon / width) + 1
    rows = math.floor(max_lat / height) - math.floor(min_lat / height) + 1
    return columns * rows


def in_bbox(queryset, bbox):
    min_lon, min_lat, max_lon, max_lat = bbox
    return queryset.filter(
        longitude__gte=min_lon,
        longitude__lte=max_lon,
        latitude__gte=min_lat,
        latitude__lte=max_lat,
    )


def cell_index(field, size):
    """The grid column (longitude) or row (latitude) of a point: floor(degrees / size)."""
    return Cast(Floor(F(field) / size), IntegerField())


def cell_totals(points, width, height):
    """Rows (cell_x, cell_y, count, sum of latitudes, sum of longitudes, smallest id) per
    grid cell of the points queryset, in one GROUP BY (hashed, not sorted: unordered)."""
    return (
        points.annotate(
            cell_x=cell_index("longitude", width), cell_y=cell_index("latitude", height)
        )
        .values("cell_x", "cell_y")
        .annotate(
            count=Count("pk"),
            sum_latitude=Sum("latitude"),
            sum_longitude=Sum("longitude"),
            first_id=Min("pk"),
        )
        .values_list("cell_x", "cell_y", "count", "sum_latitude", "sum_longitude", "first_id")
        .order_by()
    )
