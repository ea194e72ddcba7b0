"""A support point's municipality is geography's model now (same table, renamed by
networks 0006): only Django's picture of the foreign key changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0008_overnight_hours_index"),
        ("geography", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="supportpointpage",
                    name="municipality",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="support_points",
                        to="geography.municipality",
                        verbose_name="municipality",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
