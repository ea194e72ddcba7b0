"""One directory search: filters first, then full-text search, then ordering by distance
(when a location is known), relevance or name; pagination and the objects a result list
shows, loaded in a fixed number of queries.

The cost stays flat as the directory grows (100,000 support points nationally):

- A result list holds at most MAX_RESULTS places, in order (nearest, best or by name).
  Counting stops there too: nobody reads further, and counting or ranking every match of
  a very common word is what makes a search slow.
- Nearest first: on PostgreSQL a GiST index on point(longitude × KNN_LON_SCALE, latitude)
  answers `ORDER BY … <-> origin LIMIT k` by walking the index; the candidates are then
  re-ranked by great-circle distance, fetching more until the order is provably exact.
  On SQLite an expanding bounding box on the (latitude, longitude) index does the same.
- Text on PostgreSQL: the GIN indexes of Wagtail's search entries are probed first. A
  selective query gives a short list of ids, which is filtered and ranked. A very common
  word (more than TEXT_PROBE_LIMIT matches) restricts little: it is checked per row, by
  the entry's unique index, while the filtered places are walked nearest first (or in
  table order), and only the first MAX_RESULTS found are ranked.
  SQLite uses Wagtail's database backend (FTS5) directly.
"""

import hashlib
import math
import re
from functools import cached_property

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import timezone

from core import cache
from directory.filters import SupportPointFilterSet
from directory.models import SupportPointPage
from geography import location
from geography.geometry import EARTH_RADIUS_KM, bounding_box

PAGE_SIZE = 20
# A result list never holds more than this (ordered) many places.
MAX_RESULTS = 500
MAX_TERMS = 8
NEAREST_ALTERNATIVES = 5
# More text matches than this: the word is too common to restrict the search by itself.
TEXT_PROBE_LIMIT = 1000
# SQL below interpolates only constants of this module (table names, the scale, the
# per-word template); every value is a query parameter.
# The GiST index expression (migration 0006) and the nearest-first ORDER BY use the same
# scaled longitude: a degree of longitude is about half a degree of latitude in Sweden.
KNN_LON_SCALE = 0.5
TABLE = SupportPointPage._meta.db_table
POSITION = f'point("{TABLE}"."longitude" * {KNN_LON_SCALE}, "{TABLE}"."latitude")'
# Planar distance in the scaled space × this ≤ great-circle distance (in degrees of
# latitude) for points in Sweden (cos(69°) / KNN_LON_SCALE ≈ 0.72, with margin).
PLANAR_LOWER_BOUND = 0.6
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
TSQUERY = "to_tsquery('swedish', %s)"


def clean_query(text):
    """Words only: search syntax characters (quotes, brackets, operators) become spaces;
    at most MAX_TERMS words."""
    return " ".join(re.sub(r"[^\w\s]", " ", text or "").split()[:MAX_TERMS])


def is_postgresql():
    return connection.vendor == "postgresql"


# --- Full-text matching -------------------------------------------------------------------


def _tsquery(text):
    """Wagtail's tsquery for an AND search of plain words: 'w1' & 'w2' (swedish)."""
    return " & ".join("'" + term.replace("'", "''") + "'" for term in text.split())


def _entry_match(alias, text):
    """SQL (and params) for a search entry matching every word of `text`: one GIN probe
    per word on title or body, then Wagtail's own condition on the combined vector."""
    word = f"({alias}.title @@ to_tsquery('swedish', %s) OR {alias}.body @@ {TSQUERY})"
    per_word = [word for _word in text.split()]
    params = [p for word in text.split() for p in (_tsquery(word), _tsquery(word))]
    sql = " AND ".join(
        [*per_word, f"({alias}.title || {alias}.body) @@ to_tsquery('swedish', %s)"]
    )
    return sql, [*params, _tsquery(text)]


def _content_type_id():
    return ContentType.objects.get_for_model(SupportPointPage).pk


def _rank_sql(alias):
    return (
        f"ts_rank({alias}.title, to_tsquery('swedish', %s)) * {alias}.title_norm"
        f" + ts_rank({alias}.body, to_tsquery('swedish', %s))"
    )


def probe_text(text):
    """Ids of live support points whose search entry matches `text` (PostgreSQL): all of
    them, or TEXT_PROBE_LIMIT + 1 when there are more (the word is too common to restrict
    the search by itself). The same for every visitor, so kept in the cache until content
    changes: people search for the same few words (BankID, Swish, 1177) all day."""
    digest = hashlib.sha256(text.encode()).hexdigest()
    return cache.remember(cache.PLACES, f"directory-probe:{digest}", lambda: _probe_text(text))


def _probe_text(text):
    match, params = _entry_match("e", text)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.object_id FROM wagtailsearch_indexentry e "  # noqa: S608
            "JOIN wagtailcore_page w ON w.id = e.object_id::int AND w.live "
            f"WHERE e.content_type_id = %s AND {match} LIMIT %s",
            [_content_type_id(), *params, TEXT_PROBE_LIMIT + 1],
        )
        return [int(row[0]) for row in cursor.fetchall()]


def with_text(queryset, text):
    """The queryset restricted to places whose search entry matches `text`, checked per row
    through the entry's unique (content_type, object_id) index (PostgreSQL). OFFSET 0
    keeps the check per row: a join would match the word in every entry first."""
    tsquery = _tsquery(text)
    return queryset.extra(  # noqa: S610 - constants and parameters only
        where=[
            "EXISTS (SELECT 1 FROM wagtailsearch_indexentry e WHERE e.content_type_id = %s "  # noqa: S608
            f'AND e.object_id = ("{TABLE}"."page_ptr_id")::text '
            "AND (e.title || e.body) @@ to_tsquery('swedish', %s) OFFSET 0)"
        ],
        params=[_content_type_id(), tsquery],
    )


def rank(ids, text):
    """`ids` best first for `text` (PostgreSQL; Wagtail's weighting of title and body)."""
    if not ids:
        return []
    tsquery = _tsquery(text)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.object_id FROM wagtailsearch_indexentry e "  # noqa: S608
            f"WHERE e.content_type_id = %s AND e.object_id = ANY(%s) "
            f"ORDER BY {_rank_sql('e')} DESC, e.object_id::int DESC",
            [_content_type_id(), [str(pk) for pk in ids], tsquery, tsquery],
        )
        return [int(row[0]) for row in cursor.fetchall()]


def ranked_ids(queryset, text, limit=MAX_RESULTS, *, probed=None, narrowed=True):
    """Ids of the support points in `queryset` matching `text`, best first (at most
    `limit`). `probed` is probe_text(text) when already known; `narrowed` False says the
    queryset is every live support point."""
    if not is_postgresql():
        return _sqlite_ranked_ids(queryset, text, limit)
    return rank(text_candidates(queryset, text, limit, probed, narrowed), text)[:limit]


def text_candidates(queryset, text, limit=MAX_RESULTS, probed=None, narrowed=True):
    """The (at most `limit`) ids ranked_ids ranks, in no order (PostgreSQL)."""
    probed = probe_text(text) if probed is None else probed
    if not narrowed:
        return probed[:limit]
    if len(probed) <= TEXT_PROBE_LIMIT:
        return list(queryset.filter(pk__in=probed).values_list("pk", flat=True))
    return list(with_text(queryset, text).values_list("pk", flat=True)[:limit])


def _sqlite_ranked_ids(queryset, text, limit):
    """SQLite: the FTS5 table of Wagtail's database search backend matched once and ranked
    as Wagtail ranks (bm25, then newest id), restricted to `queryset`. Wagtail's own query
    lets SQLite match the full-text table again for every search entry, and again to score
    every place: seconds per search at 10,000 places. CROSS JOIN keeps the full-text table
    first; the words are plain (clean_query), so quoting them is enough."""
    match = "{title body} : (" + " AND ".join(f'"{word}"' for word in text.split()) + ")"
    places, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.object_id FROM wagtailsearch_indexentry_fts "  # noqa: S608
            "CROSS JOIN wagtailsearch_indexentry e ON wagtailsearch_indexentry_fts.rowid = e.id "
            "WHERE wagtailsearch_indexentry_fts MATCH %s AND e.content_type_id = %s "
            f"AND CAST(e.object_id AS INTEGER) IN ({places}) "
            "ORDER BY bm25(wagtailsearch_indexentry_fts), CAST(e.object_id AS INTEGER) DESC "
            "LIMIT %s",
            [match, _content_type_id(), *params, limit],
        )
        return [int(row[0]) for row in cursor.fetchall()]


# --- Nearest first ----------------------------------------------------------------------


def nearest(queryset, origin, k):
    """[(id, km), …]: the k places of `queryset` nearest to `origin`, nearest first (ties
    by id), by great-circle distance."""
    if k <= 0:
        return []
    if is_postgresql():
        return _nearest_knn(queryset, origin, k)
    return _nearest_bbox(queryset, origin, k)


def _ranked(rows, origin):
    return sorted(
        ((pk, origin.distance_km(lat, lon)) for pk, lat, lon in rows),
        key=lambda pair: (pair[1], pair[0]),
    )


def _nearest_knn(queryset, origin, k):
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
        pairs = _ranked([row[:3] for row in rows], origin)
        if len(rows) < fetch:
            return pairs[:k]
        # Everything not fetched is at least this far away (great circle, km).
        beyond = rows[-1][3] * PLANAR_LOWER_BOUND * KM_PER_DEGREE
        if pairs[k - 1][1] <= beyond:
            return pairs[:k]
        fetch *= 4


def _nearest_bbox(queryset, origin, k):
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
        pairs = _ranked(box.values_list("pk", "latitude", "longitude"), origin)
        inside = [pair for pair in pairs if everything or pair[1] <= radius]
        if len(inside) >= k or everything:
            return inside[:k]
        radius *= 4


def capped_count(queryset, cap=None):
    """How many rows, counting no further than `cap` (MAX_RESULTS by default)."""
    return queryset.order_by().values("pk")[: cap or MAX_RESULTS].count()


def shared_count(queryset):
    """capped_count of a query that does not depend on the time: the same for every
    visitor, so kept in the cache until content changes (many people look at the same
    municipality or topic)."""
    try:
        sql = str(queryset.order_by().query)
    except EmptyResultSet:
        return 0
    digest = hashlib.sha256(sql.encode()).hexdigest()
    return cache.remember(
        cache.PLACES, f"directory-count:{digest}", lambda: capped_count(queryset)
    )


# --- The search ---------------------------------------------------------------------


class DirectorySearch:
    """The directory's results for a set of GET parameters."""

    def __init__(self, data=None, *, now=None, origin=None):
        self.data = data if data is not None else {}
        self.now = now or timezone.now()
        self.filterset = SupportPointFilterSet(self.data, now=self.now)
        self.cleaned = self.filterset.cleaned_data
        self.errors = self.filterset.errors
        self.query = clean_query(self.cleaned.get("q", ""))
        self.location = origin or location.resolve(self.cleaned)

    @cached_property
    def timeless(self):
        """Are the results the same at any moment ("open now" is not)?"""
        return "open_now" not in self.filterset.active_filters()

    @cached_property
    def narrowed(self):
        """Does a filter (other than the text) narrow the results?"""
        return any(name != "q" for name in self.filterset.active_filters())

    @cached_property
    def probed(self):
        """PostgreSQL: live ids matching the text (TEXT_PROBE_LIMIT + 1 when common)."""
        return probe_text(self.query) if self.query and is_postgresql() else None

    @cached_property
    def candidates(self):
        """PostgreSQL, with a text query: the (at most MAX_RESULTS) ids listed, unranked."""
        return text_candidates(
            self.filterset.qs, self.query, probed=self.probed, narrowed=self.narrowed
        )

    @cached_property
    def search_ids(self):
        """Ranked ids (at most MAX_RESULTS) when there is a text query, else None."""
        if not self.query:
            return None
        if not is_postgresql():
            return ranked_ids(self.filterset.qs, self.query)
        return rank(self.candidates, self.query)

    @cached_property
    def matches(self):
        """The matching support points (unordered queryset; for a text query, the at most
        MAX_RESULTS listed). The map needs no order: without a location the places are not
        ranked for it."""
        if not self.query:
            return self.filterset.qs
        if self.location is None and is_postgresql():
            listed = self.candidates
        else:
            listed = [pk for pk, _distance in self.ordered[:MAX_RESULTS]]
        return SupportPointPage.objects.filter(pk__in=listed)

    @cached_property
    def ordered(self):
        """(id, distance_km) pairs in result order, at most MAX_RESULTS: a list, or a lazy
        sequence when the order needs the database (nearest first, or by name)."""
        filtered = self.filterset.qs
        if self.location is None:
            if self.query:
                return [(pk, None) for pk in self.search_ids]
            return _ByName(filtered, timeless=self.timeless)
        if not self.query:
            return _Nearest(filtered, self.location, timeless=self.timeless)
        if not is_postgresql():
            rows = SupportPointPage.objects.filter(pk__in=self.search_ids)
        elif len(self.probed) > TEXT_PROBE_LIMIT:
            # A very common word: walk nearest first, checking the word per place.
            known = None if self.narrowed else MAX_RESULTS
            return _Nearest(
                with_text(filtered, self.query), self.location, count=known,
                timeless=self.timeless,
                walk=lambda: with_text(self.filterset.per_place_queryset(), self.query),
            )  # fmt: skip
        else:
            rows = filtered.filter(pk__in=self.probed)
        pairs = _ranked(rows.values_list("pk", "latitude", "longitude"), self.location)
        return pairs[:MAX_RESULTS]

    @cached_property
    def count(self):
        return len(self.ordered)

    @property
    def count_is_capped(self):
        """True when there are more matches than a result list holds."""
        return self.count >= MAX_RESULTS

    def page(self, number, per_page=PAGE_SIZE):
        """The requested page of (id, distance_km) pairs, clamped to the existing ones."""
        paginator = Paginator(self.ordered, per_page)
        try:
            number = int(number)
        except (TypeError, ValueError):
            number = 1
        return paginator.page(min(max(number, 1), paginator.num_pages))

    @cached_property
    def relaxed(self):
        """With no results: the search without its strictest filter (the one whose
        removal brings back the most results) → (filter label, [(id, distance_km), …]
        of its first NEAREST_ALTERNATIVES), or None."""
        if self.count:
            return None
        best = None
        for name in self.filterset.active_filters():
            data = self.data.copy()
            data.pop(name, None)
            other = DirectorySearch(data, now=self.now, origin=self.location)
            if other.count and (best is None or other.count > best.count):
                best, best_name = other, name
        if best is None:
            return None
        pairs = list(best.page(1, NEAREST_ALTERNATIVES).object_list)
        return self.filterset.filters[best_name].label, pairs


class _Lazy:
    """A sequence of (id, distance) pairs that pagination slices; its length is the
    capped count of the queryset."""

    def __init__(self, queryset, count=None, *, timeless=False):
        self.queryset, self.timeless = queryset, timeless
        if count is not None:
            self._count = count

    @cached_property
    def _count(self):
        return shared_count(self.queryset) if self.timeless else capped_count(self.queryset)

    def __len__(self):
        return self._count

    def count(self):
        return self._count

    def __getitem__(self, index):
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop = index.start or 0, min(index.stop, MAX_RESULTS)
        return self.slice(start, stop) if stop > start else []


class _ByName(_Lazy):
    def slice(self, start, stop):
        ids = self.queryset.order_by("title", "pk").values_list("pk", flat=True)[start:stop]
        return [(pk, None) for pk in ids]


class _Nearest(_Lazy):
    """Nearest first. `walk`: a function giving the same places queried for walking the
    index, called only when a page of them is needed (counting does not)."""

    def __init__(self, queryset, origin, count=None, *, walk=None, **kwargs):
        super().__init__(queryset, count, **kwargs)
        self.origin, self._walk = origin, walk

    @cached_property
    def walk(self):
        return self.queryset if self._walk is None else self._walk()

    def slice(self, start, stop):
        return nearest(self.walk, self.origin, stop)[start:stop]
