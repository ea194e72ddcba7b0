"""manage.py rebuild_search_index: write the directory's full-text index from scratch."""

from django.core.management.base import BaseCommand

from core import cache
from directory.search import entries


class Command(BaseCommand):
    help = (
        "Write every live support point's search entry again; needed after bulk writes "
        "that skip Django's signals (the index is otherwise kept current)."
    )

    def handle(self, *args, **options):
        count = entries.rebuild()
        cache.changed(cache.PLACES)  # searches kept in the cache used the old entries
        if options["verbosity"]:
            self.stdout.write(f"{count} support points indexed.")
