"""Suggestions as a person types in the search box: help topics, languages and
municipalities whose names or search words begin with the words typed (the last one may
be unfinished), then support points whose names do. Choosing a topic, language or
municipality sets that filter; choosing a place opens its page.

The vocabularies' part is matched in Python on a list kept in the cache until they change;
the places' part asks the search entries for names (each database its own way:
names_beginning).
"""

from collections import defaultdict

from django.conf import settings
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
    """[(kind, filter value, {language: name}, (name words), (search words))], the names
    and search words of every language an entry is translated into."""
    found = []
    for kind, model, key in (
        ("topic", HelpTopic, "slug"),
        ("language", Language, "code"),
    ):
        order = ("sort_order", "name") if model is HelpTopic else ("name",)
        translations = defaultdict(list)
        for row in model.all_locales.values_list(
            "translation_key", "locale__language_code", *VOCABULARY_SEARCH_FIELDS
        ):
            translations[row[0]].append(row[1:])
        for value, translation_key in model.objects.order_by(*order).values_list(
            key, "translation_key"
        ):
            rows = translations[translation_key]
            names = " ".join(name for _language, name, _search in rows)
            search = " ".join(text for _language, _name, text in rows)
            found.append(
                (
                    kind,
                    value,
                    {language: name for language, name, _search in rows},
                    tuple(words.fold(w) for w in words.words(names)),
                    tuple(words.fold(w) for w in words.words(search)),
                )
            )
    for code, name in Municipality.objects.order_by("name").values_list("code", "name"):
        folded = tuple(words.fold(w) for w in words.words(name))
        found.append(("municipality", code, {settings.LANGUAGE_CODE: name}, folded, ()))
    return found


def _vocabulary():
    return cache.remember(cache.VOCABULARIES, "search-suggestion-terms", _entries)


def _begins(typed, tokens):
    """Does every typed word begin some token?"""
    return all(any(token.startswith(word) for token in tokens) for word in typed)


def vocabulary_suggestions(typed):
    """[(kind, value, label)], names matching before search words."""
    language = translation.get_language()
    by_name, by_words = [], []
    for kind, value, names, name_tokens, word_tokens in _vocabulary():
        label = names.get(language) or names[settings.LANGUAGE_CODE]
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
