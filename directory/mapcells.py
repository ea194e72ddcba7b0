"""The live support points counted per fine map grid cell (MapCell rows), kept current, so
the unfiltered map adds up a few thousand cell rows instead of grouping every point and
joining every page for `live`.

The fine grid is the map's grid (directory.clustering) at FINE_ZOOM with the height factor
1/2, the factor of every viewport centred in Sweden. Widths and heights of all grids are
90 degrees times powers of two, so a grid whose width and height are the fine ones times
2**a and 2**b (a, b ≥ 0) is exactly a union of fine cells: its cell is (x >> a, y >> b) of
the fine cell (x, y), bit for bit what the database computes from the points, since
dividing by a power of two is exact in floating point. Other grids (zoom above FINE_ZOOM,
or a viewport centred north of 69.3°, factor 1/4, at zoom FINE_ZOOM) read the points.

A box edge cuts through fine cells, whose points are only partly inside: the cells on the
box's outer rows and columns are grouped from the points in the box, the cells strictly
inside from this table, and the two are added up per map cell. The result equals grouping
all points in the box (tests/directory/test_map_cells.py compares them).

Freshness: saving (publishing, unpublishing, moving between cells), deleting, and Wagtail's
publish, unpublish and move signals mark the point's old and new fine cells; once the
transaction commits they are recounted from the committed points, and the map answers kept
in the cache are dropped. Bulk writes that skip signals (bench/generate.py's COPY,
queryset.update()) need `manage.py rebuild_map_cells` afterwards.
"""

import math
import threading

from django.apps import apps as installed_apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Min, Q, Sum
from django.db.models.signals import post_delete, post_save, pre_save

from core import cache
from directory import clustering
from directory.models import MapCell, SupportPointPage

FINE_ZOOM = 11
FINE_WIDTH = clustering.cell_width(FINE_ZOOM)
FINE_HEIGHT = FINE_WIDTH / 2
# Saves that change none of these leave every cell as it is.
POSITION_FIELDS = {"live", "latitude", "longitude"}
COLUMNS = ("cell_x", "cell_y", "count", "sum_latitude", "sum_longitude", "first_id")


def fine_cell(latitude, longitude):
    return math.floor(longitude / FINE_WIDTH), math.floor(latitude / FINE_HEIGHT)


def _doublings(size, fine):
    """n when size is the fine size times 2**n (n ≥ 0), else None."""
    doublings = round(math.log2(size / fine))
    return doublings if doublings >= 0 and fine * 2**doublings == size else None


def grid_cells(bbox, width, height):
    """Cell rows (as clustering.cell_totals) of the grid (width, height) over every live
    support point in bbox, or None when the grid is not a union of fine cells or the table
    has no cell in the box (no points there, or a table not built yet: the caller then
    groups the points)."""
    shift_x, shift_y = _doublings(width, FINE_WIDTH), _doublings(height, FINE_HEIGHT)
    if shift_x is None or shift_y is None:
        return None
    min_lon, min_lat, max_lon, max_lat = bbox
    x0, y0 = fine_cell(min_lat, min_lon)
    x1, y1 = fine_cell(max_lat, max_lon)
    in_box = MapCell.objects.filter(cell_x__range=(x0, x1), cell_y__range=(y0, y1))
    rows = list(
        in_box.filter(cell_x__gt=x0, cell_x__lt=x1, cell_y__gt=y0, cell_y__lt=y1)
        .annotate(x=F("cell_x").bitrightshift(shift_x), y=F("cell_y").bitrightshift(shift_y))
        .values("x", "y")
        .annotate(
            total=Sum("count"),
            latitudes=Sum("sum_latitude"),
            longitudes=Sum("sum_longitude"),
            first=Min("first_id"),
        )
        .values_list("x", "y", "total", "latitudes", "longitudes", "first")
        .order_by()
    )
    on_edge = Q(cell_x=x0) | Q(cell_x=x1) | Q(cell_y=y0) | Q(cell_y=y1)
    edge_cells = list(in_box.filter(on_edge).values_list("cell_x", "cell_y"))
    if not rows and not edge_cells:
        return None
    if edge_cells:
        edge_points = _edge_points(bbox, (x0, y0, x1, y1), edge_cells, on_edge)
        rows += clustering.cell_totals(edge_points, width, height)
    return rows


def _edge_points(bbox, fine_box, edge_cells, on_edge):
    """The live points in bbox of the (non-empty) fine cells on the box's edge, looked up
    by ranges around those cells on each side (the (latitude, longitude) index); so few
    that the database joins their pages one by one."""
    x0, y0, x1, y1 = fine_box
    near = Q()
    for side in (
        [cell for cell in edge_cells if cell[0] == x0],
        [cell for cell in edge_cells if cell[0] == x1],
        [cell for cell in edge_cells if cell[1] == y0],
        [cell for cell in edge_cells if cell[1] == y1],
    ):
        if side:
            columns, rows = zip(*side, strict=True)
            near |= _around(min(columns), min(rows), max(columns), max(rows))
    return (
        clustering.in_bbox(SupportPointPage.originals.live(), bbox)
        .filter(near)
        .alias(
            cell_x=clustering.cell_index("longitude", FINE_WIDTH),
            cell_y=clustering.cell_index("latitude", FINE_HEIGHT),
        )
        .filter(on_edge)
    )


def _around(x0, y0, x1, y1):
    """The fine cells x0…x1, y0…y1 and a cell more on each side, in degrees (more than
    rounding can move a point across a cell border)."""
    return Q(
        longitude__gte=(x0 - 1) * FINE_WIDTH,
        longitude__lt=(x1 + 2) * FINE_WIDTH,
        latitude__gte=(y0 - 1) * FINE_HEIGHT,
        latitude__lt=(y1 + 2) * FINE_HEIGHT,
    )


def rebuild(apps=installed_apps):
    """Recount every cell in one INSERT … SELECT … GROUP BY; returns the number of cells.
    `apps`: a migration's historical models, or the installed ones."""
    cells = apps.get_model("directory", "MapCell")
    points = apps.get_model("directory", "SupportPointPage").objects.filter(
        live=True, locale__language_code=settings.LANGUAGE_CODE
    )
    totals = clustering.cell_totals(points, FINE_WIDTH, FINE_HEIGHT)
    select, params = totals.query.sql_with_params()
    table = connection.ops.quote_name(cells._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(column) for column in COLUMNS)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - the model's table name
        cursor.execute(f"INSERT INTO {table} ({columns}) {select}", params)  # noqa: S608
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # planner statistics for the new rows
            cursor.execute(f"ANALYZE {table}")
    return cells.objects.count()


def recount(cells):
    """Recount the fine cells (x, y) from the live points whose position falls in them."""
    for x, y in sorted(cells):
        with transaction.atomic():
            # Lock the cell's row (made if missing) first, so that recounts of one cell
            # take turns and the last one counts everything committed before it.
            MapCell.objects.bulk_create(
                [MapCell(cell_x=x, cell_y=y, count=0, sum_latitude=0, sum_longitude=0,
                         first_id=0)],
                update_conflicts=True,
                unique_fields=["cell_x", "cell_y"],
                update_fields=["count"],
            )  # fmt: skip
            around = (
                (x - 1) * FINE_WIDTH,
                (y - 1) * FINE_HEIGHT,
                (x + 2) * FINE_WIDTH,
                (y + 2) * FINE_HEIGHT,
            )
            near = clustering.in_bbox(SupportPointPage.originals.live(), around)
            totals = clustering.cell_totals(near, FINE_WIDTH, FINE_HEIGHT)
            found = list(totals.filter(cell_x=x, cell_y=y))
            row = MapCell.objects.filter(cell_x=x, cell_y=y)
            if found:
                row.update(**dict(zip(COLUMNS, found[0], strict=True)))
            else:
                row.delete()


# Fine cells to recount at the next commit, per thread (its database connection).
_pending = threading.local()


def schedule(cells):
    """Recount the cells once the current transaction commits (at once outside one).
    Each call registers a callback; the first to run recounts every pending cell, so a
    transaction that saves one point several times recounts its cell once. Cells of a
    rolled-back transaction stay pending and are recounted, unchanged, at the next commit."""
    pending = _pending.__dict__.setdefault("cells", set())
    pending.update(cells)
    # robust: the content is committed already; a failed recount must not fail the request
    # (it is logged, and `manage.py rebuild_map_cells` repairs the table).
    transaction.on_commit(_recount_pending, robust=True)


def _recount_pending():
    cells, _pending.cells = getattr(_pending, "cells", set()), set()
    if cells:
        recount(cells)
        # Map answers computed between the commit and this recount are cached: drop them.
        cache.changed(cache.PLACES)


def _position_saved(update_fields):
    return update_fields is None or bool(POSITION_FIELDS & set(update_fields))


def _remember_cell(sender, instance, update_fields=None, **kwargs):
    """pre_save: the cell the point counts in now (None when not live), to recount it."""
    if instance.pk is None or not _position_saved(update_fields):
        return
    before = sender.objects.filter(pk=instance.pk, live=True).values_list("latitude", "longitude")
    instance._map_cell_before = next(iter(before), None)


def _saved(sender, instance, update_fields=None, **kwargs):
    """post_save: recount the cell the point left and the one it counts in now."""
    before = instance.__dict__.pop("_map_cell_before", None)
    if not _position_saved(update_fields):
        return
    cells = {fine_cell(*before)} if before else set()
    if instance.live:
        cells.add(fine_cell(instance.latitude, instance.longitude))
    schedule(cells)


def _changed(sender, instance, **kwargs):
    """Deleted, or published, unpublished or moved through Wagtail (which may save a plain
    Page that post_save of SupportPointPage does not see): recount the point's cell."""
    point = instance.specific
    schedule({fine_cell(point.latitude, point.longitude)})


def connect_signals():
    from wagtail.signals import page_published, page_unpublished, post_page_move

    pre_save.connect(_remember_cell, sender=SupportPointPage, dispatch_uid="map-cells-pre")
    post_save.connect(_saved, sender=SupportPointPage, dispatch_uid="map-cells-saved")
    for name, signal in [
        ("deleted", post_delete),
        ("published", page_published),
        ("unpublished", page_unpublished),
        ("moved", post_page_move),
    ]:
        signal.connect(_changed, sender=SupportPointPage, dispatch_uid=f"map-cells-{name}")
