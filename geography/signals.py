"""Municipalities belong to the vocabularies kept in the cache (core.cache): a change drops
what was made from them (connected in GeographyConfig.ready). Postal codes are replaced
in bulk by their importer, which says so itself."""

from functools import partial

from django.db.models.signals import post_delete, post_save

from core import cache
from geography.models import Municipality

vocabularies_changed = partial(cache.changed, cache.VOCABULARIES)


def connect():
    for signal in (post_save, post_delete):
        signal.connect(
            vocabularies_changed, sender=Municipality, dispatch_uid=f"vocabularies-{signal}"
        )
