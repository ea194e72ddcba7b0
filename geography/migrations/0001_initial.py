"""Municipalities and postal codes, taken over from the networks app with their tables
(renamed by networks 0006) and their content types, so that permissions stay."""

from django.db import migrations, models

MOVED = ("municipality", "postalcode")


def take_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="networks", model__in=MOVED).update(app_label="geography")


def give_back_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="geography", model__in=MOVED).update(app_label="networks")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("networks", "0006_reference_data_moves_to_geography"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Municipality",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("code", models.CharField(max_length=4, unique=True, verbose_name="code")),
                        ("name", models.CharField(max_length=100, verbose_name="name")),
                        ("latitude", models.FloatField(verbose_name="latitude of the centre")),
                        ("longitude", models.FloatField(verbose_name="longitude of the centre")),
                    ],
                    options={
                        "verbose_name": "municipality",
                        "verbose_name_plural": "municipalities",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="PostalCode",
                    fields=[
                        (
                            "code",
                            models.CharField(
                                max_length=5,
                                primary_key=True,
                                serialize=False,
                                verbose_name="postal code",
                            ),
                        ),
                        (
                            "locality",
                            models.CharField(blank=True, max_length=100, verbose_name="locality"),
                        ),
                        (
                            "municipality_code",
                            models.CharField(
                                db_index=True, max_length=4, verbose_name="municipality code"
                            ),
                        ),
                        (
                            "municipality_name",
                            models.CharField(
                                blank=True, max_length=100, verbose_name="municipality name"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "postal code",
                        "verbose_name_plural": "postal codes",
                        "ordering": ["code"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(take_content_types, give_back_content_types),
    ]
