"""Search entries written again: words are now indexed under their stems in the other
languages Snowball stems as well (directory.search.words)."""

from django.db import migrations


def search_entries(apps, schema_editor):
    from directory.search import entries

    entries.rebuild(apps)


class Migration(migrations.Migration):
    dependencies = [("directory", "0016_accessibility_feature_translations")]

    operations = [migrations.RunPython(search_entries, migrations.RunPython.noop)]
