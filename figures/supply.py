"""The supply and gaps pages and the map: where help is offered, and where demand meets
no supply (figures.tables.Figures)."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from figures import labels, privacy
from figures.cells import (
    Table,
    number,
    per_thousand,
    percent,
    population_note,
)
from figures.rollup import gap_distance_km
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

SHADE_TITLES = [
    ("hours_per_older", gettext_lazy("Help hours per week per 1,000 residents aged 65 and over")),
    ("hours", gettext_lazy("Opening hours per week")),
    ("places", gettext_lazy("Live support points")),
    ("referrals", gettext_lazy("Referrals in the period")),
    ("unhelped", gettext_lazy("Share of referrals that ended without help (%)")),
]


class SupplyTables:
    def supply_tables(self):
        loaded = self.population_loaded()
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
                    number(row["places"]),
                    number(row["hours"]),
                    number(row["drop_in"]),
                    number(row["outdated"]),
                    percent(
                        round(100 * row["outdated"] / row["places"]) if row["places"] else None
                    ),
                    per_thousand(row["per_thousand"], loaded),
                ]
            )
            table.values.append((row["municipality"].name, round(row["hours"])))
        if not loaded:
            table.note = population_note()
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
                supply.rows.append([name, number(count)])
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

        loaded = self.population_loaded()
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
                    number(row["hours"]),
                    per_thousand(row["per_thousand"], loaded),
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
            fewest.note = population_note()

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
                    percent(privacy.share(without, closed)),
                ]
            )
            unhelped.values.append((name, privacy.share(without, closed)))
        return [fewest, language_gaps, topic_gaps, need_gaps, unhelped]

    # --- The map ------------------------------------------------------------------------

    def map_table(self, shade):
        """Each network's service area shaded by a figure of the municipalities it serves
        (in the reader's scope), with the same figures as a table."""
        loaded = self.population_loaded()
        note = ""
        if shade == "hours_per_older" and not loaded:
            shade = "hours"
            note = population_note()
        supply = {row["municipality"].pk: row for row in self.supply_by_municipality()}
        older = self.older_residents()
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
                shown = number(value)
            elif shade == "places":
                value = sum(supply[pk]["places"] for pk in ids)
                shown = number(value)
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
                shown = percent(value)
            names = ", ".join(m.name for m in served)
            table.rows.append([network.name, names, shown])
            table.values.append((names, value))
            if network.service_area:
                table.areas.append((names, network.service_area, value))
        return table
