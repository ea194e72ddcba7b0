"""The directory search on SQLite: a TextQuery (directory.search.words) matched in the
FTS5 table over the search entries' terms (migrations 0010 and 0011), nearest first by an
expanding bounding box on the (latitude, longitude) index."""

import math

from django.db import connection

from directory.models import SearchEntry
from directory.search.words import TextQuery
from geography.geometry import EARTH_RADIUS_KM, bounding_box
from geography.location import nearest_first

FTS = f"{SearchEntry._meta.db_table}_fts"
# bm25 weights of the FTS5 columns (title, body): words in the title count more.
WEIGHTS = "2.0, 1.0"


def match(query, *, title_only=False):
    """The FTS5 query of a TextQuery: each word one of its terms (quoted; longer ones also
    as the start of a word), every word or any."""

    def phrase(term):
        return f'"{term}"' + ("*" if query.is_prefix(term) else "")

    joiner = " AND " if query.every else " OR "
    expression = joiner.join(
        "(" + " OR ".join(phrase(term) for term in alternatives) + ")"
        for alternatives in query.words
    )
    return f"title : ({expression})" if title_only else expression


def names_beginning(words, limit):
    """Ids of live places with words in their names beginning with each of `words`
    (folded), at most `limit`: the FTS5 table's prefix index on the title column."""
    query = TextQuery(tuple((word,) for word in words), prefix_from=1)
    return matching(query, limit, title_only=True)


def matching(query, limit, *, title_only=False):
    """Ids of live places whose entry matches `query` (with title_only, in its title), at
    most `limit`."""
    if not query:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s LIMIT %s",  # noqa: S608
            [match(query, title_only=title_only), limit],
        )
        return [row[0] for row in cursor.fetchall()]


def ranked(queryset, query, limit):
    """Ids of the places in `queryset` matching `query`, best first (bm25, then newest
    first), at most `limit`. The full-text table is matched once and leads; the unary
    plus keeps the places' ids from being handed to it, which would match the words
    again for every place."""
    if not query:
        return []
    places, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s "  # noqa: S608 - names only
            f"AND +rowid IN ({places}) ORDER BY bm25({FTS}, {WEIGHTS}), rowid DESC LIMIT %s",
            [match(query), *params, limit],
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
