"""The directory search on SQLite: words matched in the FTS5 table over the search entries
(migration 0010), nearest first by an expanding bounding box on the (latitude, longitude)
index."""

import math

from django.db import connection

from directory.models import SearchEntry
from geography.geometry import EARTH_RADIUS_KM, bounding_box
from geography.location import nearest_first

FTS = f"{SearchEntry._meta.db_table}_fts"
# bm25 weights of the FTS5 columns (title, body): words in the title count more.
WEIGHTS = "2.0, 1.0"


def _match(text):
    """An FTS5 query of plain words (directory.search.clean_query), each quoted: all must
    occur, in the title or the body."""
    return " AND ".join(f'"{word}"' for word in text.split())


def ranked(queryset, text, limit):
    """Ids of the places in `queryset` matching `text`, best first (bm25, then newest
    first), at most `limit`. The full-text table is matched once and leads; the unary
    plus keeps the places' ids from being handed to it, which would match the words
    again for every place."""
    places, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s "  # noqa: S608 - names only
            f"AND +rowid IN ({places}) ORDER BY bm25({FTS}, {WEIGHTS}), rowid DESC LIMIT %s",
            [_match(text), *params, limit],
        )
        return [row[0] for row in cursor.fetchall()]


def nearest(queryset, origin, k):
    """[(id, km), …]: the k places of `queryset` nearest to `origin`, nearest first."""
    radius = 5.0
    while True:
        min_lat, min_lon, max_lat, max_lon = bounding_box(
            origin.latitude, origin.longitude, radius
        )
        everything = radius > math.pi * EARTH_RADIUS_KM
        box = queryset if everything else queryset.filter(
            latitude__gte=min_lat, latitude__lte=max_lat,
            longitude__gte=min_lon, longitude__lte=max_lon,
        )  # fmt: skip
        pairs = nearest_first(box.values_list("pk", "latitude", "longitude"), origin)
        inside = [pair for pair in pairs if everything or pair[1] <= radius]
        if len(inside) >= k or everything:
            return inside[:k]
        radius *= 4
