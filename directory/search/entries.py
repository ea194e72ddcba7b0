"""The rows of the directory's full-text index (SearchEntry): what each live support point
is found by, written from the committed pages.

A place's entry holds the search terms (directory.search.words) of its title, and as its
body those of its description, its organisation's name, and the names and search words of
its topics, languages, target groups and accessibility features, in Swedish and English.
Places that are not live have no entry.

Freshness (directory.signals): a change to a place, its organisation, its topics,
languages or target groups, their names or search words, or an accessibility feature's
search words schedules the entries to be written again once the transaction commits (at
once outside one), from what was committed; more than IN_REQUEST places at a time are
written in a background task. Bulk writes that skip Django's signals need
`manage.py rebuild_search_index` afterwards.
"""

import threading
from collections import defaultdict

from django.apps import apps as installed_apps
from django.conf import settings
from django.db import transaction
from django.utils import translation
from django_tasks import task

from core import cache
from directory.choices import ACCESSIBILITY_FEATURES
from directory.models import VOCABULARY_SEARCH_FIELDS
from directory.search.words import indexed

# What a place's topics, languages and target groups add to its entry.
VOCABULARY_RELATIONS = ("topics", "languages", "target_groups")
# Entries written per statement.
BATCH = 1000
# More places than this are rewritten in a background task, not in the request.
IN_REQUEST = 1000


def _models(apps):
    return (
        apps.get_model("directory", "SearchEntry"),
        apps.get_model("directory", "SupportPointPage"),
        apps.get_model("wagtailcore", "Page"),
    )


def _vocabulary_words(point_model, relation, pks):
    """{place pk: [names and search words of its terms of `relation`, in every language
    each term is translated into]}."""
    field = point_model._meta.get_field(relation)
    place, term = field.m2m_field_name(), field.m2m_reverse_field_name()
    rows = list(
        field.remote_field.through.objects.filter(**{f"{place}_id__in": pks}).values_list(
            f"{place}_id", f"{term}__translation_key"
        )
    )
    found = defaultdict(list)
    if not rows:
        return found
    texts = defaultdict(list)
    translations = field.remote_field.model._base_manager.filter(
        translation_key__in={key for _pk, key in rows}
    )
    for key, *words in translations.values_list("translation_key", *VOCABULARY_SEARCH_FIELDS):
        texts[key] += words
    for pk, key in rows:
        found[pk] += texts[key]
    return found


def _feature_words(apps):
    """{feature field: its labels (Swedish, English) and search words in every language}."""
    words = defaultdict(list)
    for feature, search_words in apps.get_model(
        "directory", "AccessibilityFeature"
    ).objects.values_list("feature", "search_words"):
        words[feature].append(search_words)
    labels = {}
    for field, label in ACCESSIBILITY_FEATURES:
        with translation.override("sv"):
            swedish = str(label)
        labels[field] = [swedish, str(label), *words.get(field, [])]
    return labels


def texts(pks, apps=installed_apps):
    """{pk: (title terms, body terms)} of the live Swedish support points among `pks`
    (directory.search.words); a place's translations have no entries of their own."""
    _entry, point_model, page_model = _models(apps)
    features = _feature_words(apps)
    points = list(
        point_model.objects.filter(
            pk__in=pks, live=True, locale__language_code=settings.LANGUAGE_CODE
        ).values_list("pk", "title", "description", "path", *features)
    )
    parents = dict(
        page_model.objects.filter(path__in={row[3][:-4] for row in points}).values_list(
            "path", "title"
        )
    )
    vocabulary = [_vocabulary_words(point_model, name, pks) for name in VOCABULARY_RELATIONS]
    found = {}
    for pk, title, description, path, *has_feature in points:
        body = [description, parents.get(path[:-4], "")]
        for words in vocabulary:
            body += words[pk]
        for field, has in zip(features, has_feature, strict=True):
            body += features[field] if has else []
        found[pk] = (indexed(title), indexed(*body))
    return found


def refresh(pks, apps=installed_apps):
    """Write the entries of these places from the database: live ones (re)written, the
    others removed."""
    entry_model = _models(apps)[0]
    pks = sorted(set(pks))
    for start in range(0, len(pks), BATCH):
        batch = pks[start : start + BATCH]
        found = texts(batch, apps)
        with transaction.atomic():
            entry_model.objects.filter(page_id__in=set(batch) - set(found)).delete()
            entry_model.objects.bulk_create(
                [
                    entry_model(page_id=pk, title=title, body=body)
                    for pk, (title, body) in found.items()
                ],
                update_conflicts=True,
                unique_fields=["page"],
                update_fields=["title", "body"],
            )


def rebuild(apps=installed_apps):
    """Every entry written again from the live support points → how many."""
    entry_model, point_model, _page = _models(apps)
    entry_model.objects.all().delete()
    pks = list(
        point_model.objects.filter(
            live=True, locale__language_code=settings.LANGUAGE_CODE
        ).values_list("pk", flat=True)
    )
    refresh(pks, apps)
    return len(pks)


# Places whose entries to write at the next commit, per thread (its database connection).
_pending = threading.local()


def schedule(pks):
    """Write these places' entries once the current transaction commits (at once outside
    one); many at a time go to a background task. Like directory.mapcells.schedule: one
    write per place per transaction, and a failure is logged, not raised into a request
    whose content is already committed (`manage.py rebuild_search_index` repairs)."""
    pending = _pending.__dict__.setdefault("pks", set())
    pending.update(pks)
    transaction.on_commit(_write_pending, robust=True)


def _write_pending():
    pks, _pending.pks = getattr(_pending, "pks", set()), set()
    if len(pks) > IN_REQUEST:
        for start in range(0, len(pks), IN_REQUEST * 10):
            refresh_in_background.enqueue(sorted(pks)[start : start + IN_REQUEST * 10])
    elif pks:
        refresh_in_background.call(sorted(pks))


@task()
def refresh_in_background(pks):
    """Write these places' entries (a topic many places offer was renamed), then drop the
    searches answered from the old ones (words' matches are kept in the cache)."""
    refresh(pks)
    cache.changed(cache.PLACES)
    return len(pks)
