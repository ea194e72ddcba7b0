"""The directory search, the one way into it: DirectorySearch(GET parameters) applies the
filters, then matches the text in the directory's own full-text index (SearchEntry), then
orders by distance (when a location is known), relevance or name, and gives pages of
(id, distance) pairs; directory.listing turns them into result cards.

One implementation per database, each in its own module with the same functions:
directory.search.postgresql (tsvector and GIN, KNN on a GiST index) and
directory.search.sqlite (FTS5, a bounding box on the position index). The entries are
written by directory.search.entries.

The cost stays flat as the directory grows: a result list holds at most MAX_RESULTS
places, in order (nearest, best or by name), and counting stops there too: nobody reads
further, and counting or ranking every match of a very common word is what makes a
search slow.
"""

import hashlib
from functools import cached_property

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connection
from django.utils import timezone

from core import cache
from directory.filters import SupportPointFilterSet
from directory.models import SupportPointPage
from directory.search import postgresql, spelling, sqlite, words
from geography import location
from geography.location import nearest_first

PAGE_SIZE = 20
# A result list never holds more than this (ordered) many places.
MAX_RESULTS = 500
MAX_TERMS = 8
NEAREST_ALTERNATIVES = 5


def clean_query(text):
    """Words only (hyphens and apostrophes inside a word kept): search syntax characters
    (quotes, brackets, operators) are left out; at most MAX_TERMS words."""
    return " ".join(words.WORD.findall(text or "")[:MAX_TERMS])


def is_postgresql():
    return connection.vendor == "postgresql"


def backend():
    """The implementation for the database in use."""
    return postgresql if is_postgresql() else sqlite


def ranked_ids(queryset, text, limit=MAX_RESULTS):
    """Ids of the support points in `queryset` matching `text` (what a person typed, or a
    words.TextQuery), best first, at most `limit`."""
    if isinstance(text, str):
        text = words.parse(clean_query(text))
    if not is_postgresql():
        return sqlite.ranked(queryset, text, limit)
    candidates = text_candidates(queryset, text, probe_text(text))
    return postgresql.rank(candidates, text)[:limit]


def nearest(queryset, origin, k):
    """[(id, km), …]: the k places of `queryset` nearest to `origin`, nearest first (ties
    by id), by great-circle distance."""
    return backend().nearest(queryset, origin, k) if k > 0 else []


def probe_text(text):
    """PostgreSQL: ids of live places matching the TextQuery, all of them or
    TEXT_PROBE_LIMIT + 1 when there are more (too common to restrict the search by
    itself). The same for every visitor, so kept in the cache until content changes:
    people search for the same few words (BankID, Swish, 1177) all day."""
    digest = hashlib.sha256(text.key.encode()).hexdigest()
    return cache.remember(
        cache.PLACES,
        f"directory-probe:{digest}",
        lambda: postgresql.matching(text, postgresql.TEXT_PROBE_LIMIT + 1),
    )


def text_candidates(queryset, text, probed, narrowed=True):
    """PostgreSQL: the (at most MAX_RESULTS) ids of `queryset` matching the TextQuery,
    unranked.
    `narrowed` False says the queryset is every live support point."""
    if not narrowed:
        return probed[:MAX_RESULTS]
    if len(probed) <= postgresql.TEXT_PROBE_LIMIT:
        return list(queryset.filter(pk__in=probed).values_list("pk", flat=True))
    return list(postgresql.restrict(queryset, text).values_list("pk", flat=True)[:MAX_RESULTS])


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
    """The directory's results for a set of GET parameters.

    The text is matched as words.parse reads it (every word that carries meaning). When
    no place matches every word as typed, the results shown are those of the spelling
    correction (spelling.correction), or else those matching most of the words, best
    first; `shown` is the search whose results are listed and says which (`fallback`)."""

    def __init__(self, data=None, *, now=None, origin=None, text=None, fallback=""):
        self.data = data if data is not None else {}
        self.now = now or timezone.now()
        self.filterset = SupportPointFilterSet(self.data, now=self.now)
        self.cleaned = self.filterset.cleaned_data
        self.errors = self.filterset.errors
        self.typed = clean_query(self.cleaned.get("q", ""))
        self.text = words.parse(self.typed) if text is None else text
        self.fallback = fallback
        self.location = origin or location.resolve(self.cleaned)

    def _variant(self, text, fallback):
        other = DirectorySearch.__new__(DirectorySearch)
        other.__dict__.update(
            {name: getattr(self, name) for name in ("data", "now", "filterset", "cleaned")}
        )
        other.errors, other.typed, other.location = self.errors, self.typed, self.location
        other.text, other.fallback = text, fallback
        return other

    @cached_property
    def correction(self):
        """(corrected TextQuery, its words to show) when a typed word looks misspelt."""
        if not self.text or self.fallback:
            return None
        return spelling.correction(self.text)

    @cached_property
    def shown(self):
        """The search whose results are listed: this one, unless no place matches every
        word as typed; then the correction's, if any place matches it, or the places
        matching any of the words, if there are."""
        if not self.text or self.fallback or self.own_count:
            return self
        candidates = []
        if self.correction:
            candidates.append(self._variant(self.correction[0], "corrected"))
        if len(self.text.words) > 1:
            candidates.append(self._variant(self.text.any_word(), "partial"))
        return next((other for other in candidates if other.own_count), self)

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
        return probe_text(self.text) if self.text and is_postgresql() else None

    @cached_property
    def candidates(self):
        """PostgreSQL, with a text query: the (at most MAX_RESULTS) ids listed, unranked."""
        return text_candidates(self.filterset.qs, self.text, self.probed, self.narrowed)

    @cached_property
    def search_ids(self):
        """Ranked ids (at most MAX_RESULTS) when there is a text query, else None."""
        if not self.text:
            return None
        if not is_postgresql():
            return sqlite.ranked(self.filterset.qs, self.text, MAX_RESULTS)
        return postgresql.rank(self.candidates, self.text)

    @property
    def matches(self):
        """The matching support points (unordered queryset; for a text query, the at most
        MAX_RESULTS listed). The map needs no order: without a location the places are not
        ranked for it."""
        return self.shown.own_matches

    @cached_property
    def own_matches(self):
        if not self.text:
            return self.filterset.qs
        if self.location is None and is_postgresql():
            listed = self.candidates
        else:
            listed = [pk for pk, _distance in self.own_ordered[:MAX_RESULTS]]
        return SupportPointPage.originals.filter(pk__in=listed)

    @property
    def ordered(self):
        """(id, distance_km) pairs in result order, at most MAX_RESULTS: a list, or a lazy
        sequence when the order needs the database (nearest first, or by name)."""
        return self.shown.own_ordered

    @cached_property
    def own_ordered(self):
        filtered = self.filterset.qs
        if not self.text:
            if self.location is None:
                return _ByName(filtered, timeless=self.timeless)
            return _Nearest(filtered, self.location, timeless=self.timeless)
        if self.location is None or not self.text.every:
            # Best first (places matching only some words: also with a location).
            return self._with_distances(self.search_ids)
        if not is_postgresql():
            rows = SupportPointPage.originals.filter(pk__in=self.search_ids)
        elif len(self.probed) > postgresql.TEXT_PROBE_LIMIT:
            # A very common word: walk nearest first, checking the word per place.
            known = None if self.narrowed else MAX_RESULTS
            return _Nearest(
                postgresql.restrict(filtered, self.text), self.location, count=known,
                timeless=self.timeless,
                walk=lambda: postgresql.restrict(self.filterset.per_place_queryset(), self.text),
            )  # fmt: skip
        else:
            rows = filtered.filter(pk__in=self.probed)
        pairs = nearest_first(rows.values_list("pk", "latitude", "longitude"), self.location)
        return pairs[:MAX_RESULTS]

    def _with_distances(self, ids):
        if self.location is None:
            return [(pk, None) for pk in ids]
        rows = SupportPointPage.originals.filter(pk__in=ids)
        positions = {
            pk: (lat, lon) for pk, lat, lon in rows.values_list("pk", "latitude", "longitude")
        }
        return [(pk, self.location.distance_km(*positions[pk])) for pk in ids if pk in positions]

    @cached_property
    def own_count(self):
        return len(self.own_ordered)

    @property
    def count(self):
        return self.shown.own_count

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
