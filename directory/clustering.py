"""Server-side grid clustering for the map: the matching points inside a bounding box are
grouped by a grid cell (about CELL_PIXELS on screen at the zoom level) in one GROUP BY
query, so 100,000 points cost one aggregate, not 100,000 rows. Cells holding one point
become points; the others become clusters with a count. Counts add up to the number of
matching points inside the box.

Cell widths and heights are powers of two apart from zoom to zoom, so a coarse cell is
exactly a union of finer cells: the unfiltered map sums the per-cell counts that
directory.mapcells keeps instead of grouping every point."""

import functools
import math
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db.models import Count, F, IntegerField, Min, Sum
from django.db.models.functions import Cast, Floor

from directory.models import SupportPointPage

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


@dataclass(frozen=True)
class Cluster:
    latitude: float
    longitude: float
    count: int


@dataclass(frozen=True)
class Grid:
    clusters: list
    point_ids: list
    truncated: bool = False

    @property
    def total(self):
        return len(self.point_ids) + sum(cluster.count for cluster in self.clusters)


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


def _cells_across(bbox, width, height):
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


def is_everything(matches):
    """Is the queryset every live support point, unfiltered? Compared as SQL, so any
    filter, ordering or slice makes it False (and the map groups the points themselves)."""
    if matches.model is not SupportPointPage:
        return False
    try:
        return str(matches.query) == _everything_sql()
    except EmptyResultSet:  # .none() and filters that can match nothing
        return False


@functools.cache
def _everything_sql():
    return str(SupportPointPage.objects.live().query)


def grid(matches, bbox, zoom):
    """Cluster the support points of the queryset `matches` inside bbox
    (min_lon, min_lat, max_lon, max_lat) at the zoom level."""
    from directory import mapcells  # it builds on this module's grid

    points = in_bbox(matches, bbox)
    if zoom >= POINTS_FROM_ZOOM:
        ids = list(points.order_by("pk").values_list("pk", flat=True)[: MAX_POINTS + 1])
        return Grid([], ids[:MAX_POINTS], truncated=len(ids) > MAX_POINTS)
    width, height = cell_size(zoom, (bbox[1] + bbox[3]) / 2)
    while _cells_across(bbox, width, height) > MAX_FEATURES:
        width, height = width * 2, height * 2
    rows = mapcells.grid_cells(bbox, width, height) if is_everything(matches) else None
    if rows is None:
        rows = cell_totals(points, width, height)
    return _grid(rows)


def _grid(rows):
    """The features of cell rows (cell_x, cell_y, count, sum_latitude, sum_longitude,
    first_id); rows of the same cell are added up. Positions are the points' mean."""
    cells = {}
    for cell_x, cell_y, count, sum_latitude, sum_longitude, first_id in rows:
        key = (int(cell_x), int(cell_y))
        seen = cells.get(key)
        if seen is not None:
            count += seen[0]
            sum_latitude += seen[1]
            sum_longitude += seen[2]
            first_id = min(first_id, seen[3])
        cells[key] = (count, sum_latitude, sum_longitude, first_id)
    clusters, point_ids = [], []
    for key in sorted(cells):
        count, sum_latitude, sum_longitude, first_id = cells[key]
        if count == 1:
            point_ids.append(first_id)
        elif count > 1:
            clusters.append(Cluster(sum_latitude / count, sum_longitude / count, count))
    return Grid(clusters, point_ids)
