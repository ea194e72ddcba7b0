"""manage.py compile_translations: .po → .mo for the project's own catalogues.

Pure Python (polib), so a fresh machine needs no GNU gettext. Skips catalogues whose .mo
is already newer than the .po.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# Django's own messages in the languages Django has no catalogue for (config: LOCALE_PATHS).
DJANGO_MESSAGES = "locale-django/*/LC_MESSAGES/*.po"
SKIP = {".venv", "node_modules", "staticfiles", ".git"}


class Command(BaseCommand):
    help = "Compile the project's translation catalogues (locale/*/LC_MESSAGES/*.po)."

    def handle(self, *args, **options):
        compiled = 0
        root = Path(settings.BASE_DIR)
        found = [*root.rglob("locale/*/LC_MESSAGES/*.po"), *root.glob(DJANGO_MESSAGES)]
        for po_path in found:
            if SKIP & set(po_path.relative_to(settings.BASE_DIR).parts):
                continue
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            try:
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            except (OSError, ValueError) as error:
                raise CommandError(f"Could not compile {po_path}: {error}") from error
            compiled += 1
        self.stdout.write(f"Translations compiled: {compiled} catalogue(s) updated.")
