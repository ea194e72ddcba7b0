"""Suggestions as a person types in the search box: help topics, languages and
municipalities whose names or search words begin with the words typed (the last one may
be unfinished), then support points whose names do. Choosing a topic, language or
municipality sets that filter; choosing a place opens its page.

The vocabularies' part is matched in Python on a list kept in the cache until they change;
the places' part asks the search entries for names (each database its own way:
names_beginning).
"""

from django.utils import translation
from wagtail.models import Page

from core import cache
from directory.models import VOCABULARY_SEARCH_FIELDS, HelpTopic, Language
from directory.search import backend, words
from geography.models import Municipality

MIN_LENGTH = 2
LIMIT = 8
PLACES = 5


def _entries():
    """[(kind, filter value, Swedish name, English name, (name words), (search words))]"""
    found = []
    for kind, model, key in (
        ("topic", HelpTopic, "slug"),
        ("language", Language, "code"),
    ):
        order = ("sort_order", "name") if model is HelpTopic else ("name",)
        for value, name, name_en, search, search_en in model.objects.order_by(*order).values_list(
            key, *VOCABULARY_SEARCH_FIELDS
        ):
            found.append(
                (
                    kind,
                    value,
                    name,
                    name_en,
                    tuple(words.fold(w) for w in words.words(f"{name} {name_en}")),
                    tuple(words.fold(w) for w in words.words(f"{search} {search_en}")),
                )
            )
    for code, name in Municipality.objects.order_by("name").values_list("code", "name"):
        folded = tuple(words.fold(w) for w in words.words(name))
        found.append(("municipality", code, name, name, folded, ()))
    return found


def _vocabulary():
    return cache.remember(cache.VOCABULARIES, "search-suggestion-terms", _entries)


def _begins(typed, tokens):
    """Does every typed word begin some token?"""
    return all(any(token.startswith(word) for token in tokens) for word in typed)


def vocabulary_suggestions(typed):
    """[(kind, value, label)], names matching before search words."""
    english = translation.get_language() == "en"
    by_name, by_words = [], []
    for kind, value, name, name_en, name_tokens, word_tokens in _vocabulary():
        label = name_en if english else name
        if _begins(typed, name_tokens):
            by_name.append((kind, value, label))
        elif _begins(typed, name_tokens + word_tokens):
            by_words.append((kind, value, label))
    return by_name + by_words


def place_suggestions(text, limit):
    """The live support points (pages) whose names begin with the typed words, by name,
    each name once."""
    kept = [words.fold(w) for w in words.words(text) if w not in words.STOP_WORDS]
    if not kept:
        return []
    ids = backend().names_beginning(kept, limit * 3)
    pages = {}
    for page in Page.objects.live().filter(pk__in=ids).order_by("title", "pk"):
        pages.setdefault(page.title, page)  # one of places with the same name
    return list(pages.values())[:limit]


def suggestions(text, request):
    """The suggestions for what is typed so far → [{"kind", "label", and "param" and
    "value", or "url"}], at most LIMIT, or [] for fewer than MIN_LENGTH letters."""
    typed = [words.fold(w) for w in words.words(text)]
    if sum(len(w) for w in typed) < MIN_LENGTH:
        return []
    found = [
        {"kind": kind, "label": label, "param": kind, "value": value}
        for kind, value, label in vocabulary_suggestions(typed)
    ][:LIMIT]
    room = min(PLACES, LIMIT - len(found))
    if room > 0:
        found += [
            {"kind": "place", "label": page.title, "url": page.get_url(request)}
            for page in place_suggestions(text, room)
        ]
    return found
