from django.db import migrations

from directory.vocabularies import create_vocabularies


def create(apps, schema_editor):
    create_vocabularies(
        apps.get_model("directory", "Language"),
        apps.get_model("directory", "TargetGroup"),
        apps.get_model("directory", "HelpTopic"),
    )


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
