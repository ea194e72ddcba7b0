"""Values every visitor shares, kept in Django's cache (CACHE_URL) until the content they
were made from changes. README "Caching" tells the whole story; this is its middle part.

Content comes in kinds, and each kind has a version stamp in the cache:

- PLACES: support points and organisations (which places match a word, how many match
  a filter, which are open this minute, the map's answers);
- VOCABULARIES: help topics, languages, target groups, municipalities and postal codes
  (the search form's option lists, chosen terms, the names on result cards).

A value is stored together with the stamp of its kind, and a value whose stamp is not the
current one is a miss: changing a kind (`changed`) drops everything made from it and
nothing else. Every value also expires after PAGE_CACHE_SECONDS, which bounds how stale a
value can be in a process that does not share the cache (the per-process default).
Apps say which of their models belong to which kind (their signals modules).
"""

import uuid

from django.conf import settings
from django.core.cache import cache

PLACES = "places"
VOCABULARIES = "vocabularies"
KINDS = (PLACES, VOCABULARIES)


def seconds():
    return settings.PAGE_CACHE_SECONDS


def _stamp_key(kind):
    return f"stamp:{kind}"


def lookup(kind, keys):
    """(the kind's current stamp, {key: value} of the `keys` stored under it), in one
    cache read."""
    stamp_key = _stamp_key(kind)
    found = cache.get_many([stamp_key, *keys])
    stamp = found.pop(stamp_key, None)
    return stamp, {key: entry[1] for key, entry in found.items() if entry[0] == stamp}


def store(kind, stamp, values):
    """Keep each {key: value} under the stamp `stamp` of `kind` (as lookup gave it)."""
    cache.set_many({key: (stamp, value) for key, value in values.items()}, seconds())


def remember(kind, key, compute):
    """compute()'s value, kept until content of `kind` changes or `seconds()` pass."""
    stamp, found = lookup(kind, [key])
    if key in found:
        return found[key]
    value = compute()
    store(kind, stamp, {key: value})
    return value


def changed(*kinds, **_signal_kwargs):
    """Content of these kinds changed: what was made from it is dropped. Connect it to a
    signal with functools.partial(changed, KIND)."""
    cache.set_many({_stamp_key(kind): uuid.uuid4().hex for kind in kinds}, timeout=None)
