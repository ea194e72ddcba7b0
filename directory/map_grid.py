"""The map's answer for a search and a box: clusters and single points (directory.clustering
groups the points; for the unfiltered map, directory.mapcells adds up its counted cells)."""

import functools
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet

from directory import clustering, mapcells
from directory.models import SupportPointPage


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
    return str(SupportPointPage.originals.live().query)


def grid(matches, bbox, zoom):
    """Cluster the support points of the queryset `matches` inside bbox
    (min_lon, min_lat, max_lon, max_lat) at the zoom level."""
    points = clustering.in_bbox(matches, bbox)
    if zoom >= clustering.POINTS_FROM_ZOOM:
        ids = list(points.order_by("pk").values_list("pk", flat=True)[: clustering.MAX_POINTS + 1])
        return Grid([], ids[: clustering.MAX_POINTS], truncated=len(ids) > clustering.MAX_POINTS)
    width, height = clustering.cell_size(zoom, (bbox[1] + bbox[3]) / 2)
    while clustering.cells_across(bbox, width, height) > clustering.MAX_FEATURES:
        width, height = width * 2, height * 2
    rows = mapcells.grid_cells(bbox, width, height) if is_everything(matches) else None
    if rows is None:
        rows = clustering.cell_totals(points, width, height)
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
