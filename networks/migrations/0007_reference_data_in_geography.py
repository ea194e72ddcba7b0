"""Networks and referrals point at geography's Municipality (same table, renamed by 0006);
this app no longer holds municipalities or postal codes. Only Django's picture of the
models changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0006_reference_data_moves_to_geography"),
        ("geography", "0001_initial"),
        ("directory", "0009_municipality_in_geography"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="network",
                    name="municipalities",
                    field=models.ManyToManyField(
                        related_name="networks",
                        to="geography.municipality",
                        verbose_name="municipalities served",
                    ),
                ),
                migrations.AlterField(
                    model_name="referral",
                    name="municipality",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="referrals",
                        to="geography.municipality",
                        verbose_name="municipality",
                    ),
                ),
                migrations.DeleteModel(name="PostalCode"),
                migrations.DeleteModel(name="Municipality"),
            ],
            database_operations=[],
        ),
    ]
