"""One directory search: filters first, then full-text search (Wagtail's database
backend), then ordering by distance (when a location is known), relevance or name;
pagination and the objects a result list shows, loaded in a fixed number of queries."""

import re
from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Paginator
from django.utils import timezone
from wagtail.models import Page

from directory import hours, location
from directory.filters import SupportPointFilterSet
from directory.models import SupportPointPage

PAGE_SIZE = 20
# Ranking cost grows with the number of matches; more than this is not a useful list.
MAX_SEARCH_MATCHES = 500
NEAREST_ALTERNATIVES = 5


def clean_query(text):
    """Words only: search syntax characters (quotes, brackets, operators) become spaces."""
    return " ".join(re.sub(r"[^\w\s]", " ", text or "").split())


def ranked_ids(queryset, text):
    """Ids of the support points in `queryset` matching `text`, best first."""
    base = SupportPointPage.objects.live().filter(id__in=queryset.values("pk"))
    results = base.search(text, operator="and")[:MAX_SEARCH_MATCHES]
    return [point.pk for point in results]


@dataclass
class Hit:
    """One support point in a result list."""

    page: SupportPointPage
    organisation: Page | None
    distance_km: float | None
    hours: hours.HoursSummary


def load_hits(entries, now):
    """[(id, distance_km), …] → [Hit, …] in the same order, in six queries."""
    ids = [pk for pk, _distance in entries]
    points = {
        point.pk: point
        for point in SupportPointPage.objects.filter(pk__in=ids)
        .select_related("municipality")
        .prefetch_related("topics", "languages", "opening_hours", "opening_exceptions")
    }
    parent_paths = {point.path[: -Page.steplen] for point in points.values()}
    organisations = {page.path: page for page in Page.objects.filter(path__in=parent_paths)}
    hits = []
    for pk, distance in entries:
        point = points.get(pk)
        if point is None:
            continue
        summary = hours.summary(now, point.opening_hours.all(), point.opening_exceptions.all())
        hits.append(Hit(point, organisations.get(point.path[: -Page.steplen]), distance, summary))
    return hits


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
    def search_ids(self):
        """Ranked ids when there is a text query, else None."""
        if not self.query:
            return None
        return ranked_ids(self.filterset.qs, self.query)

    @cached_property
    def matches(self):
        """All matching support points (unordered queryset)."""
        if self.search_ids is None:
            return self.filterset.qs
        return SupportPointPage.objects.filter(pk__in=self.search_ids)

    @cached_property
    def ordered(self):
        """(id, distance_km) pairs in result order: a list, or a lazy sequence when neither
        a location nor a text query orders them (then the database sorts by name)."""
        if self.location is not None:
            rows = self.matches.values_list("pk", "latitude", "longitude")
            pairs = [(pk, self.location.distance_km(lat, lon)) for pk, lat, lon in rows]
            return sorted(pairs, key=lambda pair: (pair[1], pair[0]))
        if self.search_ids is not None:
            return [(pk, None) for pk in self.search_ids]
        return _Unlocated(self.matches.order_by("title", "pk").values_list("pk", flat=True))

    @cached_property
    def count(self):
        return len(self.ordered)

    def paginate(self, number, per_page=PAGE_SIZE):
        """The requested page (clamped to the existing ones) → (page, hits)."""
        paginator = Paginator(self.ordered, per_page)
        try:
            number = int(number)
        except (TypeError, ValueError):
            number = 1
        page = paginator.page(min(max(number, 1), paginator.num_pages))
        return page, load_hits(list(page.object_list), self.now)

    @cached_property
    def relaxed(self):
        """With no results: the search without its strictest filter (the one whose
        removal brings back the most results) → (filter label, hits), or None."""
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
        _page, hits = best.paginate(1, NEAREST_ALTERNATIVES)
        return self.filterset.filters[best_name].label, hits


class _Unlocated:
    """A queryset of ids that pagination slices into (id, None) pairs."""

    def __init__(self, queryset):
        self.queryset = queryset

    @cached_property
    def _count(self):
        return self.queryset.count()

    def __len__(self):
        return self._count

    def count(self):
        return self._count

    def __getitem__(self, index):
        return [(pk, None) for pk in self.queryset[index]]
