"""The demand and handling pages: who asks for help, with what and where, and how the
networks answer (figures.tables.Figures)."""

from django.utils.translation import gettext as _

from figures import labels, privacy
from figures.cells import Table, add_months, add_shares, mean_days, percent, total_of


class DemandTables:
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
            [str(self.period), privacy.display(privacy.protect(total_of(total)))],
            [str(self.previous), privacy.display(privacy.protect(total_of(total_before)))],
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
        add_shares(contact)
        contact.note = _(
            "The promise to the resident: a helper gets in touch within the working days "
            "their network promises (three unless the network has set another number)."
        )
        outcome = self.breakdown("outcome", _("How referrals ended"), "outcome", _("Outcome"))
        add_shares(outcome)
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
                privacy.display(privacy.protect(total_of(forwarded))),
                privacy.display(privacy.protect(total_of(forwarded_before))),
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
                    mean_days(self.referrals(dimension).get("", (0, 0.0))),
                    mean_days(self.referrals(dimension, period=self.previous).get("", (0, 0.0))),
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
                    percent(share),
                    mean_days(hours.get(pk, (0, 0.0))),
                ]
            )
        return table
