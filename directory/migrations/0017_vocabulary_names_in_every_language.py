"""The vocabularies' names in Arabic, Persian/Dari, Somali, Tigrinya and Ukrainian, added
as translations where an entry has none in that language (directory.vocabulary_names).
The search entries are written again: they include these names, and words are now
indexed under their stems in the other languages Snowball stems (directory.search.words)."""

from django.db import migrations


def translated_names(apps, schema_editor):
    from directory.search import entries
    from directory.vocabularies import add_translated_names

    add_translated_names(*(apps.get_model("directory", name) for name in NAMES))
    entries.rebuild(apps)


NAMES = ("Language", "TargetGroup", "HelpTopic")


class Migration(migrations.Migration):
    dependencies = [("directory", "0016_accessibility_feature_translations")]

    operations = [migrations.RunPython(translated_names, migrations.RunPython.noop)]
