"""Spelling: a word of a query that the directory does not know, corrected to the nearest
word it does ("bankd" → "bankid").

The dictionary is what people look for: the names and search words of the help topics,
languages, target groups and accessibility features, and the words of the live places'
and their organisations' names. It is built from the database, the same on both
databases, and kept in the cache until places or vocabularies change. Words are compared
as search terms (directory.search.words) by edit distance (rapidfuzz): one letter wrong,
missing or extra in a short word, two in a longer one.
"""

import bisect

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from core import cache
from directory.choices import ACCESSIBILITY_FEATURES
from directory.models import (
    VOCABULARY_SEARCH_FIELDS,
    AccessibilityFeature,
    HelpTopic,
    Language,
    OrganisationPage,
    SupportPointPage,
    TargetGroup,
)
from directory.search.words import STOP_WORDS, TextQuery, alternatives, fold, words

# Terms shorter than this are never corrected (too many words are one letter apart).
CORRECT_FROM = 4


def max_edits(word):
    return 1 if len(word) <= 5 else 2


def _texts():
    for model in (HelpTopic, Language, TargetGroup):
        for row in model.all_locales.values_list(*VOCABULARY_SEARCH_FIELDS):
            yield from row
    yield from AccessibilityFeature.objects.values_list("search_words", flat=True)
    for _field, label in ACCESSIBILITY_FEATURES:
        yield str(label)
    for model in (SupportPointPage, OrganisationPage):
        yield from model.objects.live().order_by().values_list("title", flat=True).distinct()


def _build():
    """(the words in order, {word: as it was first seen}), every word of the dictionary's
    texts folded (directory.search.words)."""
    found = {}
    for text in _texts():
        for word in words(text):
            if word not in STOP_WORDS:
                found.setdefault(fold(word), word)
    return sorted(found), found


def dictionary():
    """(the folded words in order, {folded word: as seen}); kept in the cache (core.cache)
    until places or vocabularies change."""
    return cache.remember(cache.PLACES, "search-dictionary", _build)


def _known(word, known):
    """Is `word` in the dictionary, or the start of a word in it (as matching allows)?"""
    at = bisect.bisect_left(known, word)
    return at < len(known) and known[at].startswith(word)


def _common_ends(a, b):
    """How many letters two words share at their start and at their end."""
    start = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    end = next(
        (i for i, (x, y) in enumerate(zip(reversed(a), reversed(b), strict=False)) if x != y),
        min(len(a), len(b)),
    )
    return start + end


def nearest(word, known):
    """The dictionary word closest to `word` within max_edits, or None; of equally close
    ones, the one sharing most letters at the start and end ("bankd" is "bankid" rather
    than "bank")."""
    found = process.extract(
        word, known, scorer=Levenshtein.distance, score_cutoff=max_edits(word), limit=20
    )
    if not found:
        return None
    return min(found, key=lambda hit: (hit[1], -_common_ends(word, hit[0]), hit[0]))[0]


def correction(query):
    """(the corrected TextQuery, its words to show) when a word of `query` is unknown and
    close to a known one, else None."""
    ordered, seen = dictionary()
    changed, corrected, shown = False, [], list(query.typed)
    for position, terms in enumerate(query.words):
        own = terms[0]  # the word itself, folded
        best = None
        if len(own) >= CORRECT_FROM and not _known(own, ordered):
            best = nearest(own, ordered)
        if best is None:
            corrected.append(terms)
        else:
            changed = True
            corrected.append(alternatives(seen[best]))
            shown[position] = seen[best]
    if not changed:
        return None
    return TextQuery(tuple(corrected), query.every, tuple(shown), query.prefix_from), " ".join(
        shown
    )
