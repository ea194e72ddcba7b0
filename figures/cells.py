"""Reading the statistics' roll-up (figures.models.Cell) for one reader's scope and
filters: periods, tables, the sums behind them and the building blocks every section
uses. Counts of referrals are protected (figures.privacy) before they leave as a table;
supply counts places, not people."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from figures import labels, privacy
from figures.models import Cell
from figures.rollup import TOPIC_VALUED
from geography import population
from geography.models import Municipality
from networks.models import Network

OLDER_FROM_AGE = 65


def first_of_month(day):
    return day.replace(day=1)


def add_months(month, count):
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """Whole months from `first` to `last` (both the first day of their month)."""

    first: datetime.date
    last: datetime.date

    @classmethod
    def ending(cls, last, months=12):
        last = first_of_month(last)
        return cls(add_months(last, 1 - months), last)

    @property
    def months(self):
        return (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1

    def previous(self):
        return Period(add_months(self.first, -self.months), add_months(self.first, -1))

    def __str__(self):
        if self.first == self.last:
            return f"{self.first:%Y-%m}"
        return f"{self.first:%Y-%m} – {self.last:%Y-%m}"


@dataclass
class Table:
    """One table: column headings and rows of cells, as shown and as downloaded.

    `values` holds each row's numbers for charts (None where suppressed); `chart` says
    how to draw it ("bar", "line", "map" or None)."""

    key: str
    title: str
    headings: list
    rows: list = field(default_factory=list)  # [[label, cell, cell, ...]]
    values: list = field(default_factory=list)  # [(label, number or None)]
    chart: str | None = "bar"
    note: str = ""
    areas: list = field(default_factory=list)  # [(label, GeoJSON geometry, value)] of a map

    def export_rows(self):
        keys = [f"c{index}" for index in range(len(self.headings))]
        return keys, [dict(zip(keys, map(str, row), strict=True)) for row in self.rows]


@dataclass
class Filters:
    period: Period
    municipality: Municipality | None = None
    network: Network | None = None
    topic: object | None = None  # a HelpTopic


class CellReader:
    """The figures one reader may see (their access.Scope), filtered."""

    def __init__(self, scope, filters):
        self.scope = scope
        self.filters = filters
        self.period = filters.period
        self.previous = filters.period.previous()
        self._sums = {}  # several tables of a page read the same sums

    # --- Reading the roll-up ------------------------------------------------------------

    def _referral_cells(self, dimension, period, any_topic=False, detail=False):
        """The cells to sum: the county's own cells (no network) when the reader sees the
        whole county unfiltered and nothing is split by place, else the detailed ones."""
        cells = Cell.objects.filter(
            dimension=dimension, month__gte=period.first, month__lte=period.last
        )
        topic = self.filters.topic
        if dimension in TOPIC_VALUED:
            cells = cells.filter(topic__isnull=True)
            if topic is not None:
                cells = cells.filter(value=str(topic.pk))
        elif any_topic:
            cells = cells.filter(topic__isnull=False)
            if topic is not None:
                cells = cells.filter(topic=topic)
        else:
            cells = cells.filter(topic=topic) if topic else cells.filter(topic__isnull=True)
        narrowed = self.filters.network is not None or self.filters.municipality is not None
        if not (detail or narrowed or not self.scope.whole_county):
            return cells.filter(network__isnull=True)
        cells = cells.filter(network__isnull=False)
        if self.scope.network_ids is not None:
            cells = cells.filter(network_id__in=self.scope.network_ids)
        if self.filters.network is not None:
            cells = cells.filter(network=self.filters.network)
        if self.filters.municipality is not None:
            cells = cells.filter(municipality=self.filters.municipality)
        return cells

    def _supply_cells(self, dimension):
        cells = Cell.objects.filter(
            dimension=dimension, month__isnull=True, municipality__in=self.municipality_ids()
        )
        topic = self.filters.topic
        if dimension == "topic":
            cells = cells.filter(topic__isnull=True)
            if topic is not None:
                cells = cells.filter(value=str(topic.pk))
        else:
            cells = cells.filter(topic=topic) if topic else cells.filter(topic__isnull=True)
        return cells

    @staticmethod
    def _sum(cells, by):
        found = {}
        for row in cells.values(*by).annotate(n=Sum("count"), t=Sum("total")).order_by():
            key = row[by[0]] if len(by) == 1 else tuple(row[name] for name in by)
            found[key] = (row["n"] or 0, row["t"] or 0.0)
        return found

    def referrals(self, dimension, by=("value",), period=None, any_topic=False):
        """{key: (count, hours)} of the referral cells, summed by `by`."""
        period = period or self.period
        key = ("referrals", dimension, by, period, any_topic)
        if key not in self._sums:
            detail = "municipality" in by or "network" in by
            cells = self._referral_cells(dimension, period, any_topic, detail)
            self._sums[key] = self._sum(cells, by)
        return self._sums[key]

    def supply(self, dimension, by=("value",)):
        key = ("supply", dimension, by)
        if key not in self._sums:
            self._sums[key] = self._sum(self._supply_cells(dimension), by)
        return self._sums[key]

    def municipalities(self):
        """The municipalities the tables list: those in scope, narrowed by the filters."""
        found = Municipality.objects.order_by("name")
        if self.scope.municipality_ids is not None:
            found = found.filter(pk__in=self.scope.municipality_ids)
        if self.filters.network is not None:
            found = found.filter(networks=self.filters.network)
        if self.filters.municipality is not None:
            found = found.filter(pk=self.filters.municipality.pk)
        return list(found)

    def municipality_ids(self):
        return [municipality.pk for municipality in self.municipalities()]

    # --- Building tables ---------------------------------------------------------------------

    def _count_headings(self, label):
        return [
            label,
            _("Referrals %(period)s") % {"period": self.period},
            _("Previous period %(period)s") % {"period": self.previous},
        ]

    def breakdown(self, key, title, dimension, label, by="value", choices=None):
        """Referrals by one dimension, this period and the previous one."""
        now = self.referrals(dimension, (by,))
        before = self.referrals(dimension, (by,), period=self.previous)
        choices = choices if choices is not None else labels.choices(dimension)
        table = Table(key, title, self._count_headings(label))
        for value, name in choices:
            count = now.get(value, (0, 0))[0]
            earlier = before.get(value, (0, 0))[0]
            if not count and not earlier and dimension in ("language", "topic", "need"):
                continue  # the long vocabularies list only what was asked for
            shown = privacy.protect(count)
            table.rows.append(
                [name, privacy.display(shown), privacy.display(privacy.protect(earlier))]
            )
            table.values.append((name, shown))
        return table

    def _municipality_choices(self):
        return [(municipality.pk, municipality.name) for municipality in self.municipalities()]

    @staticmethod
    def crossing(key, title, heading, rows, columns, found):
        """A two-way table of one period; `found` is {(row value, column value): counts}."""
        counts = defaultdict(int)
        for pair, (count, _hours) in found.items():
            counts[pair] += count
        table = Table(key, title, [heading, *[name for _value, name in columns]], chart=None)
        for row_value, row_name in rows:
            cells = [privacy.protect(counts.get((row_value, col), 0)) for col, _n in columns]
            if not any(cells) and not any(cell is None for cell in cells):
                continue
            table.rows.append([row_name, *map(privacy.display, cells)])
        return table

    def older_residents(self):
        """{municipality id: residents aged 65 and over}; empty until population is loaded."""
        if "older" not in self._sums:
            self._sums["older"] = population.people_aged(OLDER_FROM_AGE)
        return self._sums["older"]

    def population_loaded(self):
        return bool(self.older_residents())

    def supply_by_municipality(self):
        """One row per municipality listed (the gaps page and its map both use them)."""
        if "by_municipality" not in self._sums:
            self._sums["by_municipality"] = self._supply_rows()
        return [dict(row) for row in self._sums["by_municipality"]]

    def _supply_rows(self):
        places = self.supply("places", ("municipality",))
        hours = self.supply("hours", ("municipality",))
        drop_in = self.supply("drop_in_hours", ("municipality",))
        outdated = self.supply("outdated", ("municipality",))
        older = self.older_residents()
        rows = []
        for municipality in self.municipalities():
            pk = municipality.pk
            count = places.get(pk, (0, 0))[0]
            weekly = hours.get(pk, (0, 0.0))[1]
            people = older.get(pk)
            rows.append(
                {
                    "municipality": municipality,
                    "places": count,
                    "hours": weekly,
                    "drop_in": drop_in.get(pk, (0, 0.0))[1],
                    "outdated": outdated.get(pk, (0, 0))[0],
                    "per_thousand": weekly * 1000 / people if people else None,
                }
            )
        return rows


def total_of(counts):
    return sum(count for count, _hours in counts.values())


def add_shares(table):
    """A share column computed from the published numbers."""
    whole = sum(value or 0 for _name, value in table.values)
    table.headings.insert(2, _("Share"))
    for row, (_name, value) in zip(table.rows, table.values, strict=True):
        row.insert(2, percent(privacy.share(value, whole)))


def mean_days(counts):
    count, hours = counts
    if count < privacy.SMALLEST_SHOWN:
        return "–"
    return number_format(hours / count / 24, decimal_pos=1)


def percent(share):
    return "–" if share is None else f"{share} %"


def number(value):
    return number_format(round(value), force_grouping=True)


def per_thousand(value, loaded):
    if not loaded:
        return _("population not loaded")
    return "–" if value is None else number_format(value, decimal_pos=1)


def population_note():
    return _(
        "Population figures have not been loaded (manage.py load_population), so the "
        "figures per resident cannot be shown yet."
    )
