"""The map's per-cell counts of live support points (directory.mapcells), counted from the
points already there so existing databases need no extra step."""

from django.db import migrations, models


def count_cells(apps, schema_editor):
    from directory import mapcells

    mapcells.rebuild(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0006_support_point_position_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="MapCell",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("cell_x", models.IntegerField()),
                ("cell_y", models.IntegerField()),
                ("count", models.PositiveIntegerField()),
                ("sum_latitude", models.FloatField()),
                ("sum_longitude", models.FloatField()),
                ("first_id", models.IntegerField()),
            ],
            options={
                "indexes": [
                    models.Index(fields=["cell_y", "cell_x"], name="directory_mapcell_row")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("cell_x", "cell_y"), name="directory_mapcell_cell"
                    )
                ],
            },
        ),
        migrations.RunPython(count_cells, migrations.RunPython.noop),
    ]
