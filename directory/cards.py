"""What a result card says of a place: the facts a list shows (name, organisation, address,
notices, topics, languages, position, hours), and what is true at the moment of asking
(how far away, open or closed). Plain data, no database: the directory's lists, the
organisation page, the JSON list and the map all show places through this.
"""

import datetime
from dataclasses import dataclass

from directory import freshness, hours


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
    # Changes whenever any of the above may have: what a rendered card is cached by.
    version: str = ""

    @property
    def may_be_outdated(self):
        return bool(self.last_verified) and freshness.may_be_outdated(self.last_verified)


@dataclass(frozen=True)
class Listed:
    """A card in a list at one moment: its distance from the person (or None) and what its
    opening hours say now."""

    card: Card
    distance_km: float | None
    hours: hours.HoursSummary


def listed(card, now, distance_km=None):
    return Listed(card, distance_km, hours.summary(now, card.weekly, card.exceptions))
