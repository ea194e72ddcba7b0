"""The vocabularies become translatable (wagtail-localize): every entry gets a locale and
a translation key, today's English names, descriptions and search words become English
translations, and the `*_en` columns go. Also creates the site's seven locales."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

VOCABULARIES = ("HelpTopic", "Language", "TargetGroup")


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def english_becomes_a_translation(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    swedish = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    english = Locale.objects.get(language_code="en")
    for name in VOCABULARIES:
        model = apps.get_model("directory", name)
        for entry in model._base_manager.all():
            entry.locale = swedish
            entry.translation_key = uuid.uuid4()
            entry.save(update_fields=["locale", "translation_key"])
        for entry in model._base_manager.filter(locale=swedish):
            if not entry.name_en:
                continue
            translated = model(
                locale=english,
                translation_key=entry.translation_key,
                name=entry.name_en,
                search_words=entry.search_words_en,
            )
            for field in ("slug", "code", "sort_order"):
                if hasattr(entry, field):
                    setattr(translated, field, getattr(entry, field))
            if name == "HelpTopic":
                translated.description = entry.description_en
            translated.save()


def english_back_into_columns(apps, schema_editor):
    for name in VOCABULARIES:
        model = apps.get_model("directory", name)
        for entry in model._base_manager.filter(locale__language_code="en"):
            original = model._base_manager.get(
                translation_key=entry.translation_key, locale__language_code=settings.LANGUAGE_CODE
            )
            original.name_en, original.search_words_en = entry.name, entry.search_words
            if name == "HelpTopic":
                original.description_en = entry.description
            original.save()
        model._base_manager.exclude(locale__language_code=settings.LANGUAGE_CODE).delete()


def search_entries(apps, schema_editor):
    from directory.search import entries

    entries.rebuild(apps)


def _translatable(name):
    return [
        migrations.AddField(
            model_name=name,
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
            model_name=name,
            name="translation_key",
            field=models.UUIDField(null=True, editable=False),
        ),
    ]


def _settled(name):
    return [
        migrations.AlterField(
            model_name=name,
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
            model_name=name,
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.RemoveField(model_name=name, name="name_en"),
        migrations.RemoveField(model_name=name, name="search_words_en"),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0012_search_entry_title"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(create_locales, migrations.RunPython.noop),
        *[op for name in VOCABULARIES for op in _translatable(name)],
        # Unique per language from now on (each translation repeats its entry's slug or code).
        migrations.AlterField(
            model_name="helptopic", name="slug", field=models.SlugField(max_length=60)
        ),
        migrations.AlterField(
            model_name="targetgroup", name="slug", field=models.SlugField(max_length=60)
        ),
        migrations.AlterField(
            model_name="language", name="code", field=models.CharField(max_length=8)
        ),
        migrations.RunPython(english_becomes_a_translation, english_back_into_columns),
        *[op for name in VOCABULARIES for op in _settled(name)],
        migrations.RemoveField(model_name="helptopic", name="description_en"),
        migrations.AlterUniqueTogether(
            name="helptopic", unique_together={("translation_key", "locale"), ("slug", "locale")}
        ),
        migrations.AlterUniqueTogether(
            name="language", unique_together={("translation_key", "locale"), ("code", "locale")}
        ),
        migrations.AlterUniqueTogether(
            name="targetgroup", unique_together={("translation_key", "locale"), ("slug", "locale")}
        ),
        migrations.RunPython(search_entries, migrations.RunPython.noop),
    ]
