from django.db import migrations

from geography.reference import create_municipalities


def create(apps, schema_editor):
    create_municipalities(apps.get_model("networks", "Municipality"))


class Migration(migrations.Migration):
    dependencies = [("networks", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
