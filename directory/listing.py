"""The cards of listed places (directory.cards), loaded from the database and kept in the
cache per place: a card's key holds the place's content version (when it and its
organisation were last published, when it was last confirmed) and the language, so a
change to one place drops that place's card only. The names of topics and languages on a
card come from the vocabularies and follow their stamp (core.cache).

A list of twenty costs one small query for the versions and one cache read; places whose
card is missing are loaded in six light queries.
"""

from collections import defaultdict

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.utils import translation
from wagtail.models import Page

from core import cache
from directory import hours
from directory.cards import Card, listed
from directory.models import OpeningException, OpeningHours, SupportPointPage
from directory.vocabulary_labels import labels_by_place

# What a card shows of a place: loaded without the rest of the page's fields.
CARD_FIELDS = (
    "title", "url_path", "path", "depth", "live", "latitude", "longitude", "street_address",
    "locality", "temporary_notice", "last_verified", "municipality__code",
)  # fmt: skip


def listed_cards(pairs, now, request):
    """[(id, distance_km), …] → [cards.Listed, …] in the same order; places that are gone
    (deleted, unpublished) are left out."""
    ids = [pk for pk, _distance in pairs]
    keys = _card_keys(ids, request)
    stamp, found = cache.lookup(cache.VOCABULARIES, keys.values())
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        loaded = {keys[card.pk]: card for card in load_cards(missing, request)}
        cache.store(cache.VOCABULARIES, stamp, loaded)
        found.update(loaded)
    return [
        listed(found[keys[pk]], now, distance)
        for pk, distance in pairs
        if pk in keys and keys[pk] in found
    ]


def _card_keys(ids, request):
    """{id: cache key} of the live places among `ids`, each key naming the place's
    content version."""
    parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
    organisation_published = Page.objects.filter(path=parent_path).values("last_published_at")
    rows = (
        SupportPointPage.objects.live()
        .filter(pk__in=ids)
        .annotate(organisation_published=Subquery(organisation_published[:1]))
        .values_list("pk", "last_published_at", "last_verified", "organisation_published")
    )
    prefix = f"card:{request.get_host()}:{translation.get_language()}"
    return {
        pk: f"{prefix}:{pk}:{_stamp(published)}:{verified}:{_stamp(organisation)}"
        for pk, published, verified, organisation in rows
    }


def _stamp(moment):
    return moment.timestamp() if moment else "-"


def load_cards(ids, request):
    """The cards of the support points `ids` (any order), from the database."""
    points = (
        SupportPointPage.objects.filter(pk__in=ids)
        .select_related("municipality")
        .only(*CARD_FIELDS)
    )
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
    points = list(points)
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
        )
        for point in points
    ]
