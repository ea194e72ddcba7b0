"""What keeps the directory's derived data in step (connected in DirectoryConfig.ready):
the map's counted cells (directory.mapcells), the search entries (directory.search.entries)
and the values kept in the cache (core.cache) for places as a whole, for each place (its
result card) and for the vocabularies."""

from functools import partial

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from wagtail.signals import page_published, page_unpublished, post_page_move

from core import cache
from directory import mapcells
from directory.listing import place_stamp
from directory.models import (
    AccessibilityFeature,
    HelpTopic,
    Language,
    OpeningException,
    OpeningHours,
    OrganisationPage,
    SupportPointPage,
    TargetGroup,
)
from directory.search import entries

# A page save that changes only these (a draft, a lock) changes nothing the public sees.
REVISION_FIELDS = {
    "draft_title", "has_unpublished_changes", "latest_revision", "latest_revision_created_at",
    "locked", "locked_at", "locked_by", "live_revision",
}  # fmt: skip

vocabularies_changed = partial(cache.changed, cache.VOCABULARIES)


def places_changed(pks, *, text=True):
    """These places changed: their cards, and what was made from all places, are dropped;
    their search entries are written again unless `text` is False (their text is the
    same)."""
    pks = list(pks)
    cache.changed(cache.PLACES, *(place_stamp(pk) for pk in pks))
    if text:
        entries.schedule(pks)


def _affected(instance):
    """The places a change to this page reaches: itself, or an organisation's places."""
    if isinstance(instance, OrganisationPage):
        return SupportPointPage.originals.child_of(instance).values_list("pk", flat=True)
    return [instance.pk]


def _page_changed(sender, instance, **kwargs):
    places_changed(_affected(instance))


def _page_saved(sender, instance, update_fields=None, **kwargs):
    if update_fields is None or set(update_fields) - REVISION_FIELDS:
        places_changed(_affected(instance))


def _hours_changed(sender, instance, **kwargs):
    places_changed([instance.page_id], text=False)


def _terms_changed(sender, instance, action, pk_set=None, reverse=False, **kwargs):
    if action.startswith("post_"):
        places = (pk_set or ()) if reverse else [instance.pk]
        places_changed(places)


# How a support point refers to each vocabulary.
TERM_RELATIONS = {HelpTopic: "topics", Language: "languages", TargetGroup: "target_groups"}


def _term_changed(sender, instance, **kwargs):
    """A topic, language or target group (or a translation of one) renamed, given other
    search words or about to be deleted: the places that have it are found by its words
    in every language (their entries are written once the change is committed)."""
    relation = TERM_RELATIONS[sender]
    places = SupportPointPage.originals.filter(
        **{f"{relation}__translation_key": instance.translation_key}
    )
    entries.schedule(places.values_list("pk", flat=True).distinct())


def _feature_words_changed(sender, instance, **kwargs):
    places = SupportPointPage.originals.filter(**{instance.feature: True})
    entries.schedule(places.values_list("pk", flat=True))


def connect():
    mapcells.connect_signals()
    for model in (SupportPointPage, OrganisationPage):
        post_save.connect(_page_saved, sender=model, dispatch_uid=f"places-saved-{model}")
        for signal in (post_delete, page_published, page_unpublished, post_page_move):
            signal.connect(_page_changed, sender=model, dispatch_uid=f"places-{signal}-{model}")
    for model in (OpeningHours, OpeningException):
        for signal in (post_save, post_delete):
            signal.connect(_hours_changed, sender=model, dispatch_uid=f"places-{signal}-{model}")
    for relation in ("topics", "languages", "target_groups"):
        m2m_changed.connect(
            _terms_changed,
            sender=getattr(SupportPointPage, relation).through,
            dispatch_uid=f"places-{relation}",
        )
    for model in (HelpTopic, Language, TargetGroup):
        for signal in (post_save, pre_delete):
            signal.connect(_term_changed, sender=model, dispatch_uid=f"search-{signal}-{model}")
    post_save.connect(
        _feature_words_changed, sender=AccessibilityFeature, dispatch_uid="search-features"
    )
    for model in (HelpTopic, Language, TargetGroup):
        for signal in (post_save, post_delete):
            signal.connect(
                vocabularies_changed, sender=model, dispatch_uid=f"vocabularies-{signal}-{model}"
            )
