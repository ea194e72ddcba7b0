"""The rows of the directory's full-text index (SearchEntry): what each live support point
is found by, written from the committed pages.

A place's entry holds its title, and as its body its description, its organisation's name
and the Swedish and English names of its topics. Places that are not live have no entry.

Freshness (directory.signals): a change to a place, its organisation, its topics or its
opening state schedules its entry to be written again once the transaction commits (at
once outside one), from what was committed. Renaming a topic that many places offer
rewrites their entries in a background task. Bulk writes that skip Django's signals need
`manage.py rebuild_search_index` afterwards.
"""

import threading
from collections import defaultdict

from django.apps import apps as installed_apps
from django.db import transaction
from django_tasks import task

from core import cache

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


def texts(pks, apps=installed_apps):
    """{pk: (title, body)} of the live support points among `pks`."""
    _entry, point_model, page_model = _models(apps)
    points = list(
        point_model.objects.filter(pk__in=pks, live=True).values_list(
            "pk", "title", "description", "path"
        )
    )
    parents = dict(
        page_model.objects.filter(path__in={path[:-4] for *_rest, path in points}).values_list(
            "path", "title"
        )
    )
    topics = defaultdict(list)
    through = point_model.topics.through.objects.filter(supportpointpage_id__in=pks)
    for pk, name, name_en in through.values_list(
        "supportpointpage_id", "helptopic__name", "helptopic__name_en"
    ):
        topics[pk] += [name, name_en]
    return {
        pk: (title, " ".join(filter(None, [description, parents.get(path[:-4]), *topics[pk]])))
        for pk, title, description, path in points
    }


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
    pks = list(point_model.objects.filter(live=True).values_list("pk", flat=True))
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
