from django.db import migrations

from directory.vocabularies import LANGUAGES, TARGET_GROUPS, TOPICS


def create(apps, schema_editor):
    """The vocabularies as they were then: a Swedish and an English name on each entry
    (0013 turns the English names into translations)."""
    Language = apps.get_model("directory", "Language")
    TargetGroup = apps.get_model("directory", "TargetGroup")
    HelpTopic = apps.get_model("directory", "HelpTopic")
    for code, name, name_en in LANGUAGES:
        Language.objects.update_or_create(code=code, defaults={"name": name, "name_en": name_en})
    for slug, name, name_en in TARGET_GROUPS:
        TargetGroup.objects.update_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en}
        )
    for order, (slug, name, name_en) in enumerate(TOPICS):
        HelpTopic.objects.update_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "sort_order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
