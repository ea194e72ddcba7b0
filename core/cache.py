"""Values every visitor shares, kept in Django's cache (CACHE_URL) until the content they
were made from changes. README "Caching" tells the whole story; this is its middle part.

Content has version stamps in the cache, named for what they cover:

- PAGES: the page tree, its sites and view restrictions (Wagtail's routing, the
  navigation setting);
- PLACES: support points and organisations as a whole (which places match a word, how
  many match a filter, which are open this minute, the map's answers);
- VOCABULARIES: help topics, languages, target groups, municipalities and postal codes
  (the search form's option lists, chosen terms, the names on result cards);
- one stamp per object where a value is about one object (a place's result card).

A value is stored with the stamps it was made under and is a miss once any of them
changes: `changed(name)` drops everything made from that content and nothing else. Every
value also expires after PAGE_CACHE_SECONDS, which bounds how stale a value can be in a
process that does not share the cache (the per-process default). Apps say which of their
models change which stamps (their signals modules).
"""

import uuid

from django.conf import settings
from django.core.cache import cache

PAGES = "pages"
PLACES = "places"
VOCABULARIES = "vocabularies"


def seconds():
    return settings.PAGE_CACHE_SECONDS


def _stamp_key(name):
    return f"stamp:{name}"


def lookup(wanted):
    """`wanted`: {key: (stamp names)} → (the stamps now, {key: value} of the keys whose
    value was stored under those stamps), in one cache read."""
    names = {name for names in wanted.values() for name in names}
    found = cache.get_many([*(_stamp_key(name) for name in names), *wanted])
    stamps = _stamps(names, found)
    values = {}
    for key, entry in found.items():
        if entry[0] == tuple(stamps[name] for name in wanted[key]):
            values[key] = entry[1]
    return stamps, values


def stamps_of(*names):
    """{name: its current stamp}, for keys made elsewhere (a template's {% cache %})."""
    return _stamps(names, cache.get_many([_stamp_key(name) for name in names]))


def _stamps(names, found):
    """The stamps of `names` among the values `found` in the cache (taken out of it); a
    stamp never set or evicted gets a new one, so nothing stored before counts."""
    stamps = {name: found.pop(_stamp_key(name), None) for name in names}
    missing = [name for name, stamp in stamps.items() if stamp is None]
    if missing:
        stamps.update(_new_stamps(missing))
    return stamps


def store(values, wanted, stamps):
    """Keep each {key: value} under the stamps lookup() gave for the names wanted[key]."""
    cache.set_many(
        {
            key: (tuple(stamps[name] for name in wanted[key]), value)
            for key, value in values.items()
        },
        seconds(),
    )


def remember(name, key, compute):
    """compute()'s value, kept until the content named `name` changes or `seconds()`
    pass."""
    wanted = {key: (name,)}
    stamps, found = lookup(wanted)
    if key in found:
        return found[key]
    value = compute()
    store({key: value}, wanted, stamps)
    return value


def _new_stamps(names):
    stamps = {name: uuid.uuid4().hex for name in names}
    cache.set_many({_stamp_key(name): stamp for name, stamp in stamps.items()}, timeout=None)
    return stamps


def changed(*names, **_signal_kwargs):
    """The content with these names changed: what was made from it is dropped. Connect it
    to a signal with functools.partial(changed, NAME)."""
    _new_stamps(names)
