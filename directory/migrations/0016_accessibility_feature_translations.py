"""The accessibility features' search words become translatable like the other
vocabularies (wagtail-localize): each row gets a locale and a translation key, today's
English search words become English translations, and the `search_words_en` column goes."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def english_becomes_a_translation(apps, schema_editor):
    feature_model = apps.get_model("directory", "AccessibilityFeature")
    locale_model = apps.get_model("wagtailcore", "Locale")
    swedish = locale_model.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    if swedish is None:
        return
    english, _created = locale_model.objects.get_or_create(language_code="en")
    for row in feature_model.objects.all():
        row.locale, row.translation_key = swedish, uuid.uuid4()
        row.save(update_fields=["locale", "translation_key"])
        if row.search_words_en:
            feature_model.objects.create(
                feature=row.feature,
                search_words=row.search_words_en,
                locale=english,
                translation_key=row.translation_key,
            )


def english_back_into_a_column(apps, schema_editor):
    feature_model = apps.get_model("directory", "AccessibilityFeature")
    for row in feature_model.objects.filter(locale__language_code="en"):
        feature_model.objects.filter(
            translation_key=row.translation_key, locale__language_code=settings.LANGUAGE_CODE
        ).update(search_words_en=row.search_words)
    feature_model.objects.exclude(locale__language_code=settings.LANGUAGE_CODE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0015_pages_in_every_language"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="accessibilityfeature",
            name="locale",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AddField(
            model_name="accessibilityfeature",
            name="translation_key",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.AlterField(
            model_name="accessibilityfeature",
            name="feature",
            field=models.CharField(
                choices=[
                    ("step_free_entrance", "Step-free entrance"),
                    ("accessible_toilet", "Accessible toilet"),
                    ("hearing_loop", "Hearing loop"),
                    ("large_screen", "Large screen or magnifier"),
                    ("screen_reader", "Screen reader available"),
                    ("quiet_room", "Quiet room"),
                    ("interpreter_on_request", "Interpreter on request"),
                ],
                max_length=40,
                verbose_name="accessibility feature",
            ),
        ),
        migrations.RunPython(english_becomes_a_translation, english_back_into_a_column),
        migrations.AlterField(
            model_name="accessibilityfeature",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterField(
            model_name="accessibilityfeature",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.RemoveField(model_name="accessibilityfeature", name="search_words_en"),
        migrations.AlterUniqueTogether(
            name="accessibilityfeature",
            unique_together={("translation_key", "locale"), ("feature", "locale")},
        ),
    ]
