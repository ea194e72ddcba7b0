"""The cards of listed places (directory.cards), loaded from the database and kept in the
cache per place and language: a card is valid while its place's own stamp
(`place_stamp`, changed by directory.signals when the place, its hours, its topics or its
organisation change) and the vocabularies' stamp (the names of its topics and languages)
are what they were when it was made. A change to one place drops that place's card only.

What changes with the day rather than with a publish (open now, full today as a
`full_until` runs out) is decided when a card is listed (cards.listed), never kept.

A list of twenty costs one cache read; places whose card is missing are loaded in six
light queries.
"""

from collections import defaultdict
from dataclasses import replace

from django.utils import translation
from wagtail.models import Page

from core import cache
from directory import hours
from directory.cards import LENDING_KINDS, Card, lending_of, listed
from directory.models import OpeningException, OpeningHours, SupportPointPage
from directory.vocabulary_labels import labels_by_place

# What a card shows of a place: loaded without the rest of the page's fields.
CARD_FIELDS = (
    "title", "url_path", "path", "depth", "live", "latitude", "longitude", "street_address",
    "locality", "temporary_notice", "last_verified", "municipality__code", "full",
    "full_until", *(field for _kind, field in LENDING_KINDS),
)  # fmt: skip


def place_stamp(pk):
    """The name of one place's stamp (core.cache)."""
    return f"place:{pk}"


def listed_cards(pairs, now, request):
    """[(id, distance_km), …] → [cards.Listed, …] in the same order; places that are gone
    (deleted, unpublished) are left out."""
    prefix = f"card:{request.get_host()}:{translation.get_language()}"
    keys = {pk: f"{prefix}:{pk}" for pk, _distance in pairs}
    wanted = {key: (cache.VOCABULARIES, place_stamp(pk)) for pk, key in keys.items()}
    stamps, found = cache.lookup(wanted)
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        loaded = {
            keys[card.pk]: replace(
                card, version=".".join(stamps[n] for n in wanted[keys[card.pk]])
            )
            for card in load_cards(missing, request)
        }
        cache.store(loaded, wanted, stamps)
        found.update(loaded)
    return [listed(found[keys[pk]], now, distance) for pk, distance in pairs if keys[pk] in found]


def load_cards(ids, request):
    """The cards of the live support points among `ids` (any order), from the database."""
    points = list(
        SupportPointPage.originals.live()
        .filter(pk__in=ids)
        .select_related("municipality")
        .only(*CARD_FIELDS)
    )
    ids = [point.pk for point in points]
    weekly, exceptions = defaultdict(list), defaultdict(list)
    for page_id, *row in OpeningHours.objects.filter(page_id__in=ids).values_list(
        "page_id", *hours.WeeklyRow._fields
    ):
        weekly[page_id].append(hours.WeeklyRow(*row))
    for page_id, *row in OpeningException.objects.filter(page_id__in=ids).values_list(
        "page_id", *hours.ExceptionRow._fields
    ):
        exceptions[page_id].append(hours.ExceptionRow(*row))
    topics = labels_by_place("topics", ids)
    languages = labels_by_place("languages", ids)
    organisations = dict(
        Page.objects.filter(path__in={p.path[: -Page.steplen] for p in points}).values_list(
            "path", "title"
        )
    )
    return [
        Card(
            pk=point.pk,
            url=point.get_url(request),
            title=point.title,
            organisation=organisations.get(point.path[: -Page.steplen], ""),
            street_address=point.street_address,
            locality=point.locality,
            municipality=point.municipality.code,
            latitude=point.latitude,
            longitude=point.longitude,
            temporary_notice=point.temporary_notice,
            last_verified=point.last_verified,
            topics=tuple(topics.get(point.pk, ())),
            languages=tuple(languages.get(point.pk, ())),
            weekly=tuple(weekly[point.pk]),
            exceptions=tuple(exceptions[point.pk]),
            full=point.full,
            full_until=point.full_until,
            lending=lending_of(point),
        )
        for point in points
    ]
