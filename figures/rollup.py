"""Counting the statistics (`manage.py update_figures`, daily): every referral and every
live support point once, into the roll-up's cells (figures.models.Cell).

The count is rebuilt whole each time, so a referral whose status changed is counted as it
is now. What retention removes from referrals is not lost: accessibility needs were added
to aggregate counts before removal (networks.retention), and a referral without its
position is measured from its municipality's centre.
"""

import datetime
import functools
import logging
import math
import time
from collections import defaultdict

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Min, OuterRef, Subquery
from django.utils import timezone

from directory.choices import ACCESSIBILITY_FEATURES, HELP_MODES
from directory.freshness import may_be_outdated
from directory.models import OpeningHours, SupportPointPage
from figures.models import Cell, Run
from geography.models import Municipality
from networks.deadlines import response_deadline
from networks.models import (
    CLOSED_STATUSES,
    AnonymisedNeedCount,
    Referral,
    ReferralEvent,
)

logger = logging.getLogger("figures.rollup")

# The place features the supply counts: accessibility and ways help is given.
FEATURES = [name for name, _label in ACCESSIBILITY_FEATURES + HELP_MODES]
# Time to first contact and to closing, in whole days: the buckets' upper bounds.
DAY_BUCKETS = ((1, "0"), (3, "1-2"), (6, "3-5"), (11, "6-10"))
LAST_BUCKET = "11+"
# Dimensions counted once per referral whatever the topic filter: they name the topic.
TOPIC_VALUED = ("topic", "topic_far")
BATCH = 5000


def gap_distance_km():
    """A topic is within reach when a live place offering it is this close."""
    return settings.FIGURES_GAP_DISTANCE_KM


def day_bucket(hours):
    days = hours / 24
    for bound, label in DAY_BUCKETS:
        if days < bound:
            return label
    return LAST_BUCKET


@functools.cache
def _deadline(day):
    return response_deadline(datetime.datetime.combine(day, datetime.time(12), _zone()))


@functools.cache
def _zone():
    return timezone.get_current_timezone()


def contact_class(created_day, first_contact, today, due_on=None):
    """in_time / late for a referral made on `created_day` and contacted at
    `first_contact`; waiting / overdue for one not contacted yet. `due_on` is the
    network's own deadline, when the referral has one."""
    deadline = due_on or _deadline(created_day)
    if first_contact is not None:
        return "in_time" if first_contact.astimezone(_zone()).date() <= deadline else "late"
    return "overdue" if today > deadline else "waiting"


class Reach:
    """Whether a live place offering a topic lies within the gap distance of a position;
    places are kept in a grid of cells as wide as the distance, so a question looks at
    the nine cells around the position only. Answers are remembered per kilometre."""

    def __init__(self, places, distance_km):
        self.distance = distance_km
        self.lat_step = distance_km / 111.2
        self.lon_step = distance_km / (111.2 * math.cos(math.radians(57.5)))
        self.grid = defaultdict(list)  # (topic, x, y) → [(lat, lon)]
        for lat, lon, topic_ids in places:
            for topic_id in topic_ids:
                self.grid[(topic_id, *self._cell(lat, lon))].append((lat, lon))
        self.answers = {}

    def _cell(self, lat, lon):
        return int(lat // self.lat_step), int(lon // self.lon_step)

    def within(self, topic_id, lat, lon):
        key = (topic_id, round(lat, 2), round(lon, 2))
        if key not in self.answers:
            self.answers[key] = self._search(topic_id, lat, lon)
        return self.answers[key]

    def _search(self, topic_id, lat, lon):
        y, x = self._cell(lat, lon)
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for place_lat, place_lon in self.grid.get((topic_id, y + dy, x + dx), ()):
                    if _km(lat, lon, place_lat, place_lon) <= self.distance:
                        return True
        return False


def _km(lat1, lon1, lat2, lon2):
    """Distance over the earth's surface (haversine), in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(a))


# --- Supply ------------------------------------------------------------------------------


def _weekly_hours():
    """{support point id: opening hours per week}."""
    hours = defaultdict(float)
    rows = OpeningHours.objects.values_list("page_id", "opens", "closes")
    for page_id, opens, closes in rows.iterator(chunk_size=BATCH):
        start = opens.hour * 60 + opens.minute
        end = closes.hour * 60 + closes.minute
        hours[page_id] += max(end - start, 0) / 60
    return hours


def _links(field, column):
    """{support point id: [related ids]} for one of the points' many-to-many fields."""
    through = getattr(SupportPointPage, field).through
    found = defaultdict(list)
    rows = through.objects.values_list("supportpointpage_id", column)
    for point_id, related_id in rows.iterator(chunk_size=BATCH):
        found[point_id].append(related_id)
    return found


def count_supply(cells, today):
    """Add the live places' cells; returns (places, [(lat, lon, topic ids)])."""
    hours = _weekly_hours()
    topics = _links("topics", "helptopic_id")
    languages = _links("languages", "language_id")
    points = SupportPointPage.originals.live().values_list(
        "pk", "municipality_id", "latitude", "longitude", "drop_in", "last_verified", *FEATURES
    )
    places = []
    for pk, municipality_id, lat, lon, drop_in, verified, *features in points.iterator(
        chunk_size=BATCH
    ):
        point_topics = topics.get(pk, [])
        places.append((lat, lon, point_topics))
        week = hours.get(pk, 0.0)
        facts = [("places", "", 0.0), ("hours", "", week)]
        if drop_in:
            facts.append(("drop_in_hours", "", week))
        if may_be_outdated(verified, today):
            facts.append(("outdated", "", 0.0))
        facts += [("language", str(language_id), 0.0) for language_id in languages.get(pk, [])]
        facts += [
            ("feature", name, 0.0) for name, has in zip(FEATURES, features, strict=True) if has
        ]
        for topic_id in [None, *point_topics]:
            key = (None, None, municipality_id, topic_id)
            for dimension, value, total in facts:
                cells[(*key, dimension, value)].add(total)
        for topic_id in point_topics:
            cells[(None, None, municipality_id, None, "topic", str(topic_id))].add(0.0)
    return len(places), places


# --- Demand and handling ----------------------------------------------------------------


class Tally:
    __slots__ = ("count", "total")

    def __init__(self):
        self.count = 0
        self.total = 0.0

    def add(self, total, count=1):
        self.count += count
        self.total += total


def _referral_rows():
    first_contact = (
        ReferralEvent.objects.filter(referral=OuterRef("pk"), kind=ReferralEvent.Kind.STATUS)
        .values("referral")
        .annotate(first=Min("at"))
        .values("first")
    )
    return (
        Referral.objects.order_by("pk")
        .annotate(first_contact=Subquery(first_contact))
        .values_list(
            "pk",
            "created_at",
            "network_id",
            "municipality_id",
            "language_id",
            "needs_interpreter",
            "accessibility_needs",
            "age_band",
            "gender",
            "for_whom",
            "source",
            "status",
            "closed_at",
            "first_contact",
            "latitude",
            "longitude",
            "due_on",
        )  # fmt: skip
        .iterator(chunk_size=BATCH)
    )


def _referral_topics():
    """{referral id: [topic ids]}."""
    found = defaultdict(list)
    through = Referral.topics.through.objects.values_list("referral_id", "helptopic_id")
    for referral_id, topic_id in through.iterator(chunk_size=BATCH):
        found[referral_id].append(topic_id)
    return found


def _facts(row, today, forwarded):
    """[(dimension, value, hours)] of one referral (the same under every topic)."""
    (pk, created, _network, municipality_id, language_id, interpreter, needs, age, gender,
     for_whom, source, status, closed_at, first_contact, lat, lon, due_on) = row  # fmt: skip
    local = created.astimezone(_zone()).date()
    monday = local - datetime.timedelta(days=local.weekday())
    if first_contact is None and status in CLOSED_STATUSES:
        first_contact = closed_at
    age = age or "unknown"
    gender = gender or "unknown"
    facts = [
        ("total", "", 0.0),
        ("week", monday.isoformat(), 0.0),
        ("language", str(language_id), 0.0),
        ("interpreter", "yes" if interpreter else "no", 0.0),
        ("age_band", age, 0.0),
        ("gender", gender, 0.0),
        ("gender_age", f"{gender}/{age}", 0.0),
        ("for_whom", for_whom or "unknown", 0.0),
        ("source", source, 0.0),
        ("outcome", status if status in CLOSED_STATUSES else "open", 0.0),
        ("contact", contact_class(local, first_contact, today, due_on), 0.0),
    ]
    facts += [("need", need, 0.0) for need in needs or [] if isinstance(need, str)]
    if first_contact is not None:
        hours = max((first_contact - created).total_seconds() / 3600, 0.0)
        facts += [("contact_hours", "", hours), ("contact_days", day_bucket(hours), 0.0)]
    if status in CLOSED_STATUSES and closed_at is not None:
        hours = max((closed_at - created).total_seconds() / 3600, 0.0)
        facts += [("close_hours", "", hours), ("close_days", day_bucket(hours), 0.0)]
    if pk in forwarded:
        facts.append(("forwarded", "", 0.0))
    return facts


def count_referrals(cells, places, today):
    """Add every referral's cells; returns how many referrals were counted."""
    forwarded = set(
        ReferralEvent.objects.filter(kind=ReferralEvent.Kind.FORWARDED).values_list(
            "referral_id", flat=True
        )
    )
    topics = _referral_topics()
    centres = {pk: (lat, lon) for pk, lat, lon in Municipality.objects.values_list(
        "pk", "latitude", "longitude")}  # fmt: skip
    reach = Reach(places, gap_distance_km())
    counted = 0
    for row in _referral_rows():
        counted += 1
        pk, created, network_id, municipality_id = row[:4]
        lat, lon = row[14], row[15]
        if lat is None or lon is None:
            lat, lon = centres.get(municipality_id, (None, None))
        month = created.astimezone(_zone()).date().replace(day=1)
        topic_ids = topics.get(pk, [])
        facts = _facts(row, today, forwarded)
        for topic_id in [None, *topic_ids]:
            key = (month, network_id, municipality_id, topic_id)
            for dimension, value, total in facts:
                cells[(*key, dimension, value)].add(total)
        everything = (month, network_id, municipality_id, None)
        for topic_id in topic_ids:
            cells[(*everything, "topic", str(topic_id))].add(0.0)
            if lat is not None and not reach.within(topic_id, lat, lon):
                cells[(*everything, "topic_far", str(topic_id))].add(0.0)
    for (
        month,
        network_id,
        municipality_id,
        topic_id,
        need,
        count,
    ) in AnonymisedNeedCount.objects.values_list(
        "month", "network_id", "municipality_id", "topic_id", "need", "count"
    ).iterator(chunk_size=BATCH):
        cells[(month, network_id, municipality_id, topic_id, "need", need)].add(0.0, count)
    return counted


def add_county_totals(cells):
    """The whole county's referral cells (no network, no municipality) beside the detailed
    ones: what the unfiltered county-wide pages read, a few hundred cells per month."""
    county = defaultdict(Tally)
    for (month, network_id, _municipality, topic_id, dimension, value), tally in cells.items():
        if month is not None and network_id is not None:
            county[(month, None, None, topic_id, dimension, value)].add(tally.total, tally.count)
    cells.update(county)


COLUMNS = ["month", "network_id", "municipality_id", "topic_id", "dimension", "value",
           "count", "total"]  # fmt: skip


def _write(cells):
    """Replace every cell (in the caller's transaction). PostgreSQL empties the table with
    TRUNCATE, which leaves no millions of dead rows for autovacuum to clear (readers wait
    the few seconds until the commit), and takes the cells by COPY, which writes millions
    in seconds; other databases delete and bulk_create."""
    rows = ((*key, tally.count, tally.total) for key, tally in cells.items())
    if connection.vendor == "postgresql":
        table = Cell._meta.db_table
        with connection.cursor() as cursor:
            # TRUNCATE refuses while foreign-key checks of earlier writes in the same
            # transaction wait (a second count in one transaction): run them first.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute(f"TRUNCATE {table}")
            copy = f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN"
            with cursor.cursor.copy(copy) as writer:
                for row in rows:
                    writer.write_row(row)
            # Fresh statistics for the planner: without them it reads a whole month's
            # detailed cells where the county's few hundred would do.
            cursor.execute(f"ANALYZE {table}")
        return
    Cell.objects.all().delete()
    Cell.objects.bulk_create(
        (Cell(**dict(zip(COLUMNS, row, strict=True))) for row in rows), batch_size=BATCH
    )


def update(today=None):
    """Count everything again and replace the roll-up in one transaction."""
    started = time.monotonic()
    today = today or timezone.localdate()
    cells = defaultdict(Tally)
    point_count, places = count_supply(cells, today)
    referral_count = count_referrals(cells, places, today)
    add_county_totals(cells)
    counted = time.monotonic()
    with transaction.atomic():
        _write(cells)
        run = Run.objects.create(
            finished_at=timezone.now(),
            referrals=referral_count,
            support_points=point_count,
            seconds=time.monotonic() - started,
        )
    logger.info(
        "update_figures referrals=%d support_points=%d cells=%d counting_s=%.1f writing_s=%.1f",
        referral_count,
        point_count,
        len(cells),
        counted - started,
        run.seconds - (counted - started),
    )
    return run


def freshness():
    """The latest run, or None when the figures were never counted."""
    return Run.objects.order_by("-finished_at").first()
