"""manage.py rebuild_map_cells: recount the map's cells (directory.mapcells) from scratch."""

from django.core.management.base import BaseCommand

from directory import mapcells
from home import page_cache


class Command(BaseCommand):
    help = (
        "Recount the live support points per map grid cell; needed after bulk writes "
        "that skip Django's signals (the table is otherwise kept current)."
    )

    def handle(self, *args, **options):
        cells = mapcells.rebuild()
        page_cache.invalidate()  # cached map answers may have used the old counts
        if options["verbosity"]:
            self.stdout.write(f"{cells} map cells.")
