"""The statistics' tables, read from the roll-up (figures.models.Cell) for one reader's
scope and filters: demand, handling, supply and gaps. Counts of referrals are protected
(figures.privacy) before anything leaves this module; supply counts places, not people.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from figures import labels, privacy
from figures.models import Cell
from figures.rollup import TOPIC_VALUED, gap_distance_km
from geography import population
from geography.models import Municipality
from networks.models import Network

# Which place features meet an accessibility need (any one of them will do).
NEED_FEATURES = {
    "hearing": ["hearing_loop"],
    "sight": ["large_screen", "screen_reader"],
    "reading": ["by_phone", "by_video"],
    "moving": ["step_free_entrance", "home_visit"],
    "time": ["quiet_room"],
    "home": ["home_visit", "by_phone", "by_video"],
}
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


class Figures:
    """The figures one reader may see (their access.Scope), filtered."""

    def __init__(self, scope, filters):
        self.scope = scope
        self.filters = filters
        self.period = filters.period
        self.previous = filters.period.previous()

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
        detail = "municipality" in by or "network" in by
        cells = self._referral_cells(dimension, period or self.period, any_topic, detail)
        return self._sum(cells, by)

    def supply(self, dimension, by=("value",)):
        return self._sum(self._supply_cells(dimension), by)

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

    # --- Demand ------------------------------------------------------------------------------

    def demand(self):
        total = self.referrals("total", ("month",))
        total_before = self.referrals("total", ("month",), period=self.previous)
        summary = Table(
            "summary",
            _("Referrals in the period"),
            [_("Period"), _("Referrals")],
            chart=None,
        )
        summary.rows = [
            [str(self.period), privacy.display(privacy.protect(_total(total)))],
            [str(self.previous), privacy.display(privacy.protect(_total(total_before)))],
        ]
        months = Table(
            "months", _("Referrals per month"), [_("Month"), _("Referrals")], chart="line"
        )
        month = self.period.first
        while month <= self.period.last:
            shown = privacy.protect(total.get(month, (0, 0))[0])
            months.rows.append([f"{month:%Y-%m}", privacy.display(shown)])
            months.values.append((f"{month:%Y-%m}", shown))
            month = add_months(month, 1)
        weeks = Table(
            "weeks", _("Referrals per week"), [_("Week starting"), _("Referrals")], chart="line"
        )
        for monday, (count, _hours) in sorted(self.referrals("week").items()):
            shown = privacy.protect(count)
            weeks.rows.append([monday, privacy.display(shown)])
            weeks.values.append((monday, shown))
        by_municipality = self.breakdown(
            "municipality",
            _("Referrals by municipality"),
            "total",
            _("Municipality"),
            by="municipality",
            choices=self._municipality_choices(),
        )
        tables = [summary, months, weeks]
        if self.filters.topic is None:
            tables.append(
                self.breakdown("topic", _("Referrals by help topic"), "topic", _("Help topic"))
            )
        needs = self.breakdown(
            "need", _("Referrals by accessibility need"), "need", _("Accessibility need")
        )
        needs.note = _(
            "A referral may state several needs. Needs are counted before the personal data "
            "is removed, so they stay in the figures afterwards."
        )
        tables += [
            by_municipality,
            self.breakdown(
                "language", _("Referrals by preferred language"), "language", _("Language")
            ),
            self.breakdown(
                "interpreter",
                _("Referrals needing an interpreter"),
                "interpreter",
                _("Needs an interpreter"),
            ),
            needs,
            self.breakdown("age_band", _("Referrals by age"), "age_band", _("Age")),
            self.breakdown("gender", _("Referrals by gender"), "gender", _("Gender")),
            self.breakdown(
                "for_whom", _("Referrals by whom the help is for"), "for_whom", _("For whom")
            ),
            self.breakdown("source", _("Referrals by how they came in"), "source", _("Source")),
        ]
        topics = labels.choices("topic")
        if self.filters.topic is not None:
            topics = [
                (value, name) for value, name in topics if value == str(self.filters.topic.pk)
            ]
        ages = labels.choices("age_band")
        tables.append(
            self.crossing(
                "topic_age",
                _("Help topic × age"),
                _("Help topic"),
                topics,
                ages,
                {
                    (str(topic), age): counts
                    for (topic, age), counts in self.referrals(
                        "age_band", ("topic", "value"), any_topic=True
                    ).items()
                },
            )
        )
        languages = labels.choices("language")
        tables.append(
            self.crossing(
                "language_municipality",
                _("Language × municipality"),
                _("Language"),
                languages,
                self._municipality_choices(),
                {
                    (language, municipality): counts
                    for (municipality, language), counts in self.referrals(
                        "language", ("municipality", "value")
                    ).items()
                },
            )
        )
        genders = labels.choices("gender")
        tables.append(
            self.crossing(
                "gender_age",
                _("Gender × age"),
                _("Gender"),
                genders,
                ages,
                {
                    tuple(value.split("/", 1)): counts
                    for value, counts in self.referrals("gender_age").items()
                },
            )
        )
        return tables

    # --- Handling ----------------------------------------------------------------------------

    def handling(self):
        contact = self.breakdown("contact", _("First contact"), "contact", _("First contact"))
        _add_shares(contact)
        contact.note = _(
            "The promise to the resident: a helper gets in touch within three working days."
        )
        outcome = self.breakdown("outcome", _("How referrals ended"), "outcome", _("Outcome"))
        _add_shares(outcome)
        forwarded = self.referrals("forwarded")
        forwarded_before = self.referrals("forwarded", period=self.previous)
        moved = Table(
            "forwarded",
            _("Referrals forwarded to another network"),
            self._count_headings(_("Forwarded")),
            chart=None,
        )
        moved.rows.append(
            [
                _("Forwarded"),
                privacy.display(privacy.protect(_total(forwarded))),
                privacy.display(privacy.protect(_total(forwarded_before))),
            ]
        )
        times = Table(
            "times",
            _("Average time"),
            [
                _("Measure"),
                _("Days %(period)s") % {"period": self.period},
                _("Previous period %(period)s") % {"period": self.previous},
            ],
            chart=None,
        )
        for dimension, name in (
            ("contact_hours", _("From request to first contact")),
            ("close_hours", _("From request to closing")),
        ):
            times.rows.append(
                [
                    name,
                    _mean_days(self.referrals(dimension).get("", (0, 0.0))),
                    _mean_days(self.referrals(dimension, period=self.previous).get("", (0, 0.0))),
                ]
            )
        times.note = _("An average is shown only when it is based on at least 5 referrals.")
        return [
            contact,
            times,
            self.breakdown("contact_days", _("Time to first contact"), "contact_days", _("Time")),
            outcome,
            moved,
            self.breakdown("close_days", _("Time to closing"), "close_days", _("Time")),
            self._handling_by_municipality(),
        ]

    def _handling_by_municipality(self):
        totals = self.referrals("total", ("municipality",))
        contact = self.referrals("contact", ("municipality", "value"))
        hours = self.referrals("contact_hours", ("municipality",))
        table = Table(
            "handling_municipality",
            _("First contact by municipality"),
            [
                _("Municipality"),
                _("Referrals"),
                _("Contacted within the promised time"),
                _("Share within the promised time"),
                _("Average days to first contact"),
            ],
            chart=None,
        )
        for pk, name in self._municipality_choices():
            total = privacy.protect(totals.get(pk, (0, 0))[0])
            in_time = privacy.protect(contact.get((pk, "in_time"), (0, 0))[0])
            share = privacy.share(in_time, total)
            table.rows.append(
                [
                    name,
                    privacy.display(total),
                    privacy.display(in_time),
                    _percent(share),
                    _mean_days(hours.get(pk, (0, 0.0))),
                ]
            )
        return table

    # --- Supply ------------------------------------------------------------------------------

    def supply_by_municipality(self):
        places = self.supply("places", ("municipality",))
        hours = self.supply("hours", ("municipality",))
        drop_in = self.supply("drop_in_hours", ("municipality",))
        outdated = self.supply("outdated", ("municipality",))
        older = population.people_aged(OLDER_FROM_AGE)
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

    def supply_tables(self):
        loaded = population.loaded_year() is not None
        rows = self.supply_by_municipality()
        table = Table(
            "supply_municipality",
            _("Support points and opening hours by municipality"),
            [
                _("Municipality"),
                _("Live support points"),
                _("Opening hours per week"),
                _("Drop-in hours per week"),
                _("Out of date"),
                _("Share out of date"),
                _("Hours per week per 1,000 residents aged 65 and over"),
            ],
        )
        for row in rows:
            table.rows.append(
                [
                    row["municipality"].name,
                    _number(row["places"]),
                    _number(row["hours"]),
                    _number(row["drop_in"]),
                    _number(row["outdated"]),
                    _percent(
                        round(100 * row["outdated"] / row["places"]) if row["places"] else None
                    ),
                    _per_thousand(row["per_thousand"], loaded),
                ]
            )
            table.values.append((row["municipality"].name, round(row["hours"])))
        if not loaded:
            table.note = _population_note()
        tables = [table]
        for key, title, dimension, label in (
            ("supply_topic", _("Support points by help topic"), "topic", _("Help topic")),
            (
                "supply_language",
                _("Support points by language offered"),
                "language",
                _("Language"),
            ),
            (
                "supply_feature",
                _("Support points by accessibility and way of helping"),
                "feature",
                _("Feature"),
            ),
        ):
            counts = self.supply(dimension)
            supply = Table(key, title, [label, _("Live support points")])
            for value, name in labels.choices(dimension):
                count = counts.get(value, (0, 0))[0]
                if dimension == "language" and not count:
                    continue
                supply.rows.append([name, _number(count)])
                supply.values.append((name, count))
            tables.append(supply)
        return tables

    # --- Gaps ------------------------------------------------------------------------------

    def gaps(self):
        municipalities = dict(self._municipality_choices())
        languages = dict(labels.choices("language"))
        topics = dict(labels.choices("topic"))
        needs = dict(labels.choices("need"))

        asked = self.referrals("language", ("municipality", "value"))
        offered = self.supply("language", ("municipality", "value"))
        language_gaps = Table(
            "gap_language",
            _("Languages asked for that no support point in the municipality offers"),
            [_("Municipality"), _("Language"), _("Referrals")],
            chart=None,
        )
        for (pk, value), (count, _h) in sorted(asked.items(), key=lambda item: -item[1][0]):
            if pk in municipalities and not offered.get((pk, value), (0, 0))[0]:
                language_gaps.rows.append(
                    [
                        municipalities[pk],
                        languages.get(value, value),
                        privacy.display(privacy.protect(count)),
                    ]
                )

        far = self.referrals("topic_far", ("municipality", "value"))
        topic_gaps = Table(
            "gap_topic",
            _("Help topics asked for with no support point within %(km)s km")
            % {"km": gap_distance_km()},
            [_("Municipality"), _("Help topic"), _("Referrals")],
            chart=None,
        )
        for (pk, value), (count, _h) in sorted(far.items(), key=lambda item: -item[1][0]):
            if pk in municipalities:
                topic_gaps.rows.append(
                    [
                        municipalities[pk],
                        topics.get(value, value),
                        privacy.display(privacy.protect(count)),
                    ]
                )
        topic_gaps.note = _(
            "Measured from where the person lives when they gave an address, else from the "
            "municipality's centre (always, once personal data has been removed)."
        )

        stated = self.referrals("need", ("municipality", "value"))
        features = self.supply("feature", ("municipality", "value"))
        need_gaps = Table(
            "gap_need",
            _("Accessibility needs no support point in the municipality meets"),
            [_("Municipality"), _("Accessibility need"), _("Referrals")],
            chart=None,
        )
        for (pk, need), (count, _h) in sorted(stated.items(), key=lambda item: -item[1][0]):
            meeting = sum(
                features.get((pk, name), (0, 0))[0] for name in NEED_FEATURES.get(need, [])
            )
            if pk in municipalities and not meeting:
                need_gaps.rows.append(
                    [
                        municipalities[pk],
                        needs.get(need, need),
                        privacy.display(privacy.protect(count)),
                    ]
                )

        loaded = population.loaded_year() is not None
        rows = self.supply_by_municipality()
        rows.sort(
            key=lambda row: (row["per_thousand"] is None, row["per_thousand"] or 0, row["hours"])
        )
        fewest = Table(
            "gap_hours",
            _("Help hours per 1,000 residents aged 65 and over, fewest first"),
            [
                _("Municipality"),
                _("Opening hours per week"),
                _("Hours per week per 1,000 residents aged 65 and over"),
            ],
        )
        for row in rows:
            fewest.rows.append(
                [
                    row["municipality"].name,
                    _number(row["hours"]),
                    _per_thousand(row["per_thousand"], loaded),
                ]
            )
            fewest.values.append(
                (
                    row["municipality"].name,
                    round(row["per_thousand"], 1)
                    if loaded and row["per_thousand"] is not None
                    else round(row["hours"]),
                )
            )
        if not loaded:
            fewest.title = _("Help hours per week by municipality, fewest first")
            fewest.note = _population_note()

        outcomes = self.referrals("outcome", ("municipality", "value"))
        unhelped = Table(
            "gap_unhelped",
            _("Referrals that ended without help"),
            [
                _("Municipality"),
                _("Could not reach"),
                _("Withdrawn"),
                _("Closed in all"),
                _("Share without help"),
            ],
        )
        for pk, name in self._municipality_choices():
            unreachable = privacy.protect(outcomes.get((pk, "unreachable"), (0, 0))[0])
            withdrawn = privacy.protect(outcomes.get((pk, "withdrawn"), (0, 0))[0])
            closed = privacy.protect(
                sum(
                    outcomes.get((pk, value), (0, 0))[0]
                    for value in ("resolved", "unreachable", "withdrawn")
                )
            )
            without = None if unreachable is None or withdrawn is None else unreachable + withdrawn
            unhelped.rows.append(
                [
                    name,
                    privacy.display(unreachable),
                    privacy.display(withdrawn),
                    privacy.display(closed),
                    _percent(privacy.share(without, closed)),
                ]
            )
            unhelped.values.append((name, privacy.share(without, closed)))
        return [fewest, language_gaps, topic_gaps, need_gaps, unhelped]

    # --- The map ------------------------------------------------------------------------

    def map_table(self, shade):
        """Each network's service area shaded by a figure of the municipalities it serves
        (in the reader's scope), with the same figures as a table."""
        loaded = population.loaded_year() is not None
        note = ""
        if shade == "hours_per_older" and not loaded:
            shade = "hours"
            note = _population_note()
        supply = {row["municipality"].pk: row for row in self.supply_by_municipality()}
        older = population.people_aged(OLDER_FROM_AGE) if loaded else {}
        totals = self.referrals("total", ("municipality",))
        outcomes = self.referrals("outcome", ("municipality", "value"))
        networks = Network.objects.order_by("name").prefetch_related("municipalities")
        if self.scope.network_ids is not None:
            networks = networks.filter(pk__in=self.scope.network_ids)
        if self.filters.network is not None:
            networks = networks.filter(pk=self.filters.network.pk)
        title = dict(SHADE_TITLES)[shade]
        table = Table(
            "map", title, [_("Network"), _("Municipalities"), title], chart="map", note=note
        )
        for network in networks:
            served = [m for m in network.municipalities.all() if m.pk in supply]
            if not served:
                continue
            ids = [m.pk for m in served]
            hours = sum(supply[pk]["hours"] for pk in ids)
            if shade == "hours_per_older":
                people = sum(older.get(pk, 0) for pk in ids)
                value = round(hours * 1000 / people, 1) if people else None
                shown = "–" if value is None else number_format(value, decimal_pos=1)
            elif shade == "hours":
                value = round(hours)
                shown = _number(value)
            elif shade == "places":
                value = sum(supply[pk]["places"] for pk in ids)
                shown = _number(value)
            elif shade == "referrals":
                value = privacy.protect(sum(totals.get(pk, (0, 0))[0] for pk in ids))
                shown = privacy.display(value)
            else:
                closed = privacy.protect(
                    sum(
                        outcomes.get((pk, outcome), (0, 0))[0]
                        for pk in ids
                        for outcome in ("resolved", "unreachable", "withdrawn")
                    )
                )
                without = privacy.protect(
                    sum(
                        outcomes.get((pk, outcome), (0, 0))[0]
                        for pk in ids
                        for outcome in ("unreachable", "withdrawn")
                    )
                )
                value = privacy.share(without, closed)
                shown = _percent(value)
            names = ", ".join(m.name for m in served)
            table.rows.append([network.name, names, shown])
            table.values.append((names, value))
            if network.service_area:
                table.areas.append((names, network.service_area, value))
        return table


def _total(counts):
    return sum(count for count, _hours in counts.values())


def _add_shares(table):
    """A share column computed from the published numbers."""
    whole = sum(value or 0 for _name, value in table.values)
    table.headings.insert(2, _("Share"))
    for row, (_name, value) in zip(table.rows, table.values, strict=True):
        row.insert(2, _percent(privacy.share(value, whole)))


def _mean_days(counts):
    count, hours = counts
    if count < privacy.SMALLEST_SHOWN:
        return "–"
    return number_format(hours / count / 24, decimal_pos=1)


def _percent(share):
    return "–" if share is None else f"{share} %"


def _number(value):
    return number_format(round(value), force_grouping=True)


def _per_thousand(value, loaded):
    if not loaded:
        return _("population not loaded")
    return "–" if value is None else number_format(value, decimal_pos=1)


def _population_note():
    return _(
        "Population figures have not been loaded (manage.py load_population), so the "
        "figures per resident cannot be shown yet."
    )


SHADE_TITLES = [
    ("hours_per_older", gettext_lazy("Help hours per week per 1,000 residents aged 65 and over")),
    ("hours", gettext_lazy("Opening hours per week")),
    ("places", gettext_lazy("Live support points")),
    ("referrals", gettext_lazy("Referrals in the period")),
    ("unhelped", gettext_lazy("Share of referrals that ended without help (%)")),
]

SECTIONS = {
    "demand": gettext_lazy("Demand"),
    "handling": gettext_lazy("Handling"),
    "supply": gettext_lazy("Supply"),
    "gaps": gettext_lazy("Gaps"),
}
