"""The directory search on PostgreSQL: a TextQuery (directory.search.words) matched in
the search entries' weighted tsvector of terms (GIN index; migrations 0010 and 0011),
nearest first by the GiST index on the places' positions (migration 0006).

Text: the GIN index is probed first (matching). A selective query gives a short list of
ids, which the caller filters and ranks. A very common word (more than TEXT_PROBE_LIMIT
matches) restricts little: it is checked per row instead (restrict), by the entry's
primary key, while the filtered places are walked nearest first or in table order, and
only the first results found are ranked.

Nearest first: `ORDER BY position <-> origin LIMIT k` walks the GiST index on
point(longitude × KNN_LON_SCALE, latitude); the candidates are then re-ranked by
great-circle distance, fetching more until the order is provably exact.
"""

import math

from django.db.models import BooleanField, FloatField
from django.db.models.expressions import RawSQL

from directory.models import SearchEntry, SupportPointPage
from geography.geometry import EARTH_RADIUS_KM
from geography.location import nearest_first

# More text matches than this: the word is too common to restrict the search by itself.
TEXT_PROBE_LIMIT = 1000
# The GiST index expression (migration 0006) and the nearest-first ORDER BY use the same
# scaled longitude: a degree of longitude is about half a degree of latitude in Sweden.
KNN_LON_SCALE = 0.5
TABLE = SupportPointPage._meta.db_table
POSITION = f'point("{TABLE}"."longitude" * {KNN_LON_SCALE}, "{TABLE}"."latitude")'
# Planar distance in the scaled space × this ≤ great-circle distance (in degrees of
# latitude) for points in Sweden (cos(69°) / KNN_LON_SCALE ≈ 0.72, with margin).
PLANAR_LOWER_BOUND = 0.6
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
QUERY = "to_tsquery('simple', %s)"
# Only constants of this module are interpolated into SQL; every value is a parameter.
MATCHES = f"document @@ {QUERY}"
SCORE = f"ts_rank(document, {QUERY})"
IN_ARRAY = "page_id = ANY(%s)"
# A per-row check: OFFSET 0 keeps PostgreSQL from turning it into a join that would match
# a common word in every entry first.
MATCHES_PER_ROW = (
    f"EXISTS (SELECT 1 FROM {SearchEntry._meta.db_table} e "  # noqa: S608 - names only
    f'WHERE e.page_id = "{TABLE}"."page_ptr_id" AND e.document @@ {QUERY} OFFSET 0)'
)


def tsquery(query):
    """The tsquery of a TextQuery: each word one of its terms (longer ones also as the start
    of a word), every word or any: ('t1':* | 'c1':*) & 't2'."""

    def lexeme(term):
        flags = "*" if query.is_prefix(term) else ""
        quoted = "'" + term.replace("'", "''").replace("\\", "\\\\") + "'"
        return f"{quoted}:{flags}" if flags else quoted

    joiner = " & " if query.every else " | "
    return joiner.join(
        "(" + " | ".join(lexeme(term) for term in alternatives) + ")"
        for alternatives in query.words
    )


def matching(query, limit):
    """Ids of live places whose entry matches `query`, at most `limit`."""
    if not query:
        return []
    condition = RawSQL(  # noqa: S611
        MATCHES, [tsquery(query)], output_field=BooleanField()
    )
    return list(SearchEntry.objects.filter(condition).values_list("page_id", flat=True)[:limit])


def names_beginning(words, limit):
    """Ids of live places whose name begins with the first of `words` (folded, as the
    entries' titles hold them) and has words beginning with the others, at most `limit`.
    A prefix of the name walks the title's pattern index (migration 0012) and stops at
    `limit`; a word's prefix anywhere in the vector would match too many words to be
    fast."""
    entries = SearchEntry.objects.filter(title__startswith=words[0])
    for word in words[1:]:
        entries = entries.filter(title__contains=" " + word)
    # In no order: the index keeps byte order, so sorting by the collation would read every
    # match before the first few.
    return list(entries.order_by().values_list("page_id", flat=True)[:limit])


def restrict(queryset, query):
    """`queryset` narrowed to places matching `query`, checked place by place."""
    condition = RawSQL(MATCHES_PER_ROW, [tsquery(query)], output_field=BooleanField())  # noqa: S611
    return queryset.filter(condition)


def rank(ids, query):
    """`ids` best first for `query` (more words, and title words, count more), then newest
    first."""
    if not ids:
        return []
    score = RawSQL(SCORE, [tsquery(query)], output_field=FloatField())  # noqa: S611
    # One array parameter: an IN list of hundreds of ids costs more to build than to run.
    listed = RawSQL(IN_ARRAY, [list(ids)], output_field=BooleanField())  # noqa: S611
    entries = SearchEntry.objects.filter(listed).annotate(score=score)
    return list(entries.order_by("-score", "-page_id").values_list("page_id", flat=True))


def nearest(queryset, origin, k):
    """[(id, km), …]: the k places of `queryset` nearest to `origin`, nearest first."""
    planar = RawSQL(  # noqa: S611
        f"{POSITION} <-> point(%s, %s)", (origin.longitude * KNN_LON_SCALE, origin.latitude)
    )
    fetch = max(2 * k, k + 50)
    while True:
        rows = list(
            queryset.annotate(_planar=planar)
            .order_by("_planar")
            .values_list("pk", "latitude", "longitude", "_planar")[:fetch]
        )
        pairs = nearest_first([row[:3] for row in rows], origin)
        if len(rows) < fetch:
            return pairs[:k]
        # Everything not fetched is at least this far away (great circle, km).
        beyond = rows[-1][3] * PLANAR_LOWER_BOUND * KM_PER_DEGREE
        if pairs[k - 1][1] <= beyond:
            return pairs[:k]
        fetch *= 4
