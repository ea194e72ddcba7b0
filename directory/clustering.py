"""Server-side grid clustering for the map: the matching points inside a bounding box are
grouped by a grid cell (about CELL_PIXELS on screen at the zoom level) in one GROUP BY
query, so 100,000 points cost one aggregate, not 100,000 rows. Cells holding one point
become points; the others become clusters with a count. Counts add up to the number of
matching points inside the box."""

import math
from dataclasses import dataclass

from django.db.models import Avg, Count, F, Min
from django.db.models.functions import Floor

CELL_PIXELS = 64
TILE_PIXELS = 256
# From this zoom on, every point is shown on its own (at most MAX_POINTS of them).
POINTS_FROM_ZOOM = 16
MAX_POINTS = 1000
# A response never holds more features than this: a wide box at a high zoom gets a
# coarser grid.
MAX_FEATURES = 2000
MIN_ZOOM, MAX_ZOOM = 0, 20


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


def cell_size(zoom, latitude):
    """Cell width and height in degrees at the zoom level (height shrinks with latitude,
    as on a Web Mercator map)."""
    width = 360 / 2**zoom * CELL_PIXELS / TILE_PIXELS
    return width, width * max(math.cos(math.radians(latitude)), 0.05)


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


def grid(matches, bbox, zoom):
    """Cluster the support points of the queryset `matches` inside bbox
    (min_lon, min_lat, max_lon, max_lat) at the zoom level."""
    points = in_bbox(matches, bbox)
    if zoom >= POINTS_FROM_ZOOM:
        ids = list(points.order_by("pk").values_list("pk", flat=True)[: MAX_POINTS + 1])
        return Grid([], ids[:MAX_POINTS], truncated=len(ids) > MAX_POINTS)
    width, height = cell_size(zoom, (bbox[1] + bbox[3]) / 2)
    while _cells_across(bbox, width, height) > MAX_FEATURES:
        width, height = width * 2, height * 2
    cells = (
        points.annotate(cell_x=Floor(F("longitude") / width), cell_y=Floor(F("latitude") / height))
        .values("cell_x", "cell_y")
        .annotate(
            count=Count("pk"),
            latitude=Avg("latitude"),
            longitude=Avg("longitude"),
            first=Min("pk"),
        )
        # Grouped by hashing, not by sorting every point; the few cells are sorted here.
        .order_by()
    )
    clusters, point_ids = [], []
    for cell in sorted(cells, key=lambda cell: (cell["cell_x"], cell["cell_y"])):
        if cell["count"] == 1:
            point_ids.append(cell["first"])
        else:
            clusters.append(Cluster(cell["latitude"], cell["longitude"], cell["count"]))
    return Grid(clusters, point_ids)
