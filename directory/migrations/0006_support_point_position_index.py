"""A GiST index on the support point's position, for nearest-first ordering on
PostgreSQL (`ORDER BY point(longitude, latitude) <-> point(x, y)`). SQLite uses the
(latitude, longitude) B-tree index from the model's Meta instead."""

from django.db import migrations

INDEX = "directory_supportpoint_position_gist"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON directory_supportpointpage "
            "USING gist (point(longitude, latitude))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_directorypage_intro_en_directorypage_title_en")]

    operations = [migrations.RunPython(create, drop)]
