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
    AccessibilityFeature,
    HelpTopic,
    Language,
    OrganisationPage,
    SupportPointPage,
    TargetGroup,
)
from directory.search.words import STOP_WORDS, TextQuery, term, words

# Terms shorter than this are never corrected (too many words are one letter apart).
CORRECT_FROM = 4
VOCABULARY_FIELDS = ("name", "name_en", "search_words", "search_words_en")


def max_edits(term_):
    return 1 if len(term_) <= 5 else 2


def _texts():
    for model in (HelpTopic, Language, TargetGroup):
        for row in model.objects.values_list(*VOCABULARY_FIELDS):
            yield from row
    for row in AccessibilityFeature.objects.values_list("search_words", "search_words_en"):
        yield from row
    for _field, label in ACCESSIBILITY_FEATURES:
        yield str(label)
    for model in (SupportPointPage, OrganisationPage):
        yield from model.objects.live().order_by().values_list("title", flat=True).distinct()


def _build():
    """(the terms in order, {term: the word it was first seen as}), for every word of the
    dictionary's texts."""
    found = {}
    for text in _texts():
        for word in words(text):
            if word not in STOP_WORDS:
                found.setdefault(term(word), word)
    return sorted(found), found


def dictionary():
    """(the terms in order, {term: a word it stands for}); kept in the cache (core.cache)
    until places or vocabularies change."""
    return cache.remember(cache.PLACES, "search-dictionary", _build)


def _known(term_, terms):
    """Is `term_` a term of the dictionary, or the start of one (as matching allows)?"""
    at = bisect.bisect_left(terms, term_)
    return at < len(terms) and terms[at].startswith(term_)


def correction(query):
    """(the corrected TextQuery, its words to show) when a word of `query` is unknown and
    close to a known one, else None."""
    terms, known = dictionary()
    changed, corrected, shown = False, [], list(query.typed)
    for position, alternatives in enumerate(query.words):
        own = alternatives[0]
        best = None
        if len(own) >= CORRECT_FROM and not _known(own, terms):
            best = process.extractOne(
                own, terms, scorer=Levenshtein.distance, score_cutoff=max_edits(own)
            )
        if best is None:
            corrected.append(alternatives)
        else:
            changed = True
            corrected.append((best[0],))
            shown[position] = known[best[0]]
    if not changed:
        return None
    return TextQuery(tuple(corrected), query.every, tuple(shown)), " ".join(shown)
