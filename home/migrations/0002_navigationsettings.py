import django.db.models.deletion
from django.db import migrations, models

# The pages the navigation linked to before it was a setting: found by type and slug.
SLUGS = {"about_page": "om-tjansten", "privacy_page": "integritet"}


def fill(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    Page = apps.get_model("wagtailcore", "Page")
    NavigationSettings = apps.get_model("home", "NavigationSettings")
    for site in Site.objects.all():
        root = site.root_page
        live = Page.objects.filter(path__startswith=root.path, live=True).order_by("path")
        found = {
            "directory_page": live.filter(content_type__model="directorypage").first(),
            "referral_page": live.filter(content_type__model="referralpage").first(),
            **{field: live.filter(slug=slug).first() for field, slug in SLUGS.items()},
        }
        NavigationSettings.objects.update_or_create(site=site, defaults=found)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("directory", "0009_municipality_in_geography"),
        ("networks", "0007_reference_data_in_geography"),
    ]

    operations = [
        migrations.CreateModel(
            name="NavigationSettings",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "about_page",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="wagtailcore.page",
                        verbose_name="about the service",
                    ),
                ),
                (
                    "directory_page",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="wagtailcore.page",
                        verbose_name="find help (the directory)",
                    ),
                ),
                (
                    "privacy_page",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="wagtailcore.page",
                        verbose_name="privacy",
                    ),
                ),
                (
                    "referral_page",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="wagtailcore.page",
                        verbose_name="ask to be contacted",
                    ),
                ),
                (
                    "site",
                    models.OneToOneField(
                        editable=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        to="wagtailcore.site",
                    ),
                ),
            ],
            options={"verbose_name": "navigation"},
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
