"""manage.py rebuild_map_cells: recount the map's cells (directory.mapcells) from scratch."""

from django.core.management.base import BaseCommand

from core import cache
from directory import mapcells


class Command(BaseCommand):
    help = (
        "Recount the live support points per map grid cell; needed after bulk writes "
        "that skip Django's signals (the table is otherwise kept current)."
    )

    def handle(self, *args, **options):
        cells = mapcells.rebuild()
        cache.changed(cache.PLACES)  # map answers kept in the cache used the old counts
        if options["verbosity"]:
            self.stdout.write(f"{cells} map cells.")
