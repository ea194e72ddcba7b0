"""What a result card says of a place: the facts a list shows (name, organisation, address,
notices, topics, languages, position, hours, whether it is full and what it lends), and
what is true at the moment of asking (how far away, open or closed, full today). Plain
data, no database: the directory's lists, the organisation page, the JSON list and the map
all show places through this.
"""

import datetime
from dataclasses import dataclass

from directory import freshness, hours
from directory.choices import LENDING

# What a place lends, by the name the filters, the API and the cards use (the model
# field without "lends_"): [(kind, model field), …] in the order of LENDING.
LENDING_KINDS = [(field.removeprefix("lends_"), field) for field, _label in LENDING]


def lending_of(place):
    """((kind, how many), …) of what a place (a support point, or anything with its
    lends_* fields) lends, the kinds it has none of left out."""
    return tuple(
        (kind, getattr(place, field)) for kind, field in LENDING_KINDS if getattr(place, field)
    )


def full_on(full, full_until, day):
    """Full on `day`: ticked, and either until further notice or until a day not yet
    past (the same rule as directory.models.Capacity.is_full)."""
    return bool(full) and (full_until is None or day <= full_until)


@dataclass(frozen=True)
class Card:
    """The facts of one listed place; the same for every visitor until the place, its
    organisation or the vocabularies change."""

    pk: int
    url: str
    title: str
    organisation: str
    street_address: str
    locality: str
    municipality: str  # its code
    latitude: float
    longitude: float
    temporary_notice: str
    last_verified: datetime.date | None
    topics: tuple = ()
    languages: tuple = ()
    weekly: tuple = ()  # hours.WeeklyRow
    exceptions: tuple = ()  # hours.ExceptionRow
    # Full as the editors set it; whether it is full on a given day is decided when the
    # card is listed (Listed.full), as `full_until` runs out without anyone publishing.
    full: bool = False
    full_until: datetime.date | None = None
    lending: tuple = ()  # ((kind, how many), …): lending_of
    # Changes whenever any of the above may have: what a rendered card is cached by.
    version: str = ""

    @property
    def may_be_outdated(self):
        return bool(self.last_verified) and freshness.may_be_outdated(self.last_verified)

    def is_full(self, day):
        return full_on(self.full, self.full_until, day)


@dataclass(frozen=True)
class Listed:
    """A card in a list at one moment: its distance from the person (or None), what its
    opening hours say now and whether it is full today."""

    card: Card
    distance_km: float | None
    hours: hours.HoursSummary
    full: bool = False


def listed(card, now, distance_km=None):
    today = hours.local_wall_time(now).date()
    return Listed(
        card, distance_km, hours.summary(now, card.weekly, card.exceptions), card.is_full(today)
    )
