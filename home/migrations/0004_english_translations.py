"""The English texts that were columns next to the Swedish ones (title_en, body_en,
intro_en) become English translations of their pages, in an English page tree, as
Wagtail's internationalisation keeps them. A page's ancestors are translated too (with
their Swedish text where they had no English), since a translation needs a parent in
its own tree. Historical models only: nodes are added as Wagtail's own migrations add
the root page, with treebeard's paths written out."""

from django.db import migrations
from django.db.models import F

# (app, model, {old English column: field of the translation})
ENGLISH_COLUMNS = [
    ("home", "homepage", {"title_en": "title", "body_en": "body"}),
    ("home", "standardpage", {"title_en": "title", "body_en": "body"}),
    ("networks", "referralpage", {"title_en": "title", "body_en": "body"}),
    ("directory", "directorypage", {"title_en": "title", "intro_en": "intro"}),
]
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4


def _step(number):
    digits = ""
    while number:
        number, digit = divmod(number, len(ALPHABET))
        digits = ALPHABET[digit] + digits
    return digits.rjust(STEPLEN, "0")


def _next_child_path(page_model, parent):
    last = (
        page_model.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    number = int(last[-STEPLEN:], len(ALPHABET)) + 1 if last else 1
    return parent.path + _step(number)


def _free_slug(page_model, parent, slug):
    siblings = set(
        page_model.objects.filter(
            path__startswith=parent.path, depth=parent.depth + 1
        ).values_list("slug", flat=True)
    )
    candidate, number = slug, 1
    while candidate in siblings:
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def english_translations(apps, schema_editor):
    page_model = apps.get_model("wagtailcore", "Page")
    locale_model = apps.get_model("wagtailcore", "Locale")
    swedish = locale_model.objects.filter(language_code="sv").first()
    if swedish is None:
        return
    english_texts = {}
    for app, model_name, columns in ENGLISH_COLUMNS:
        for row in apps.get_model(app, model_name).objects.filter(locale=swedish):
            texts = {field: getattr(row, column) for column, field in columns.items()}
            if any(texts.values()):
                english_texts[row.pk] = {field: text for field, text in texts.items() if text}
    if not english_texts:
        return
    english, _created = locale_model.objects.get_or_create(language_code="en")

    def translation_of(page):
        """The English page of this Swedish page, made (with its ancestors') if need be."""
        if page.depth == 1:
            return page  # the root belongs to no language
        found = page_model.objects.filter(
            translation_key=page.translation_key, locale=english
        ).first()
        if found:
            return found
        parent = translation_of(page_model.objects.get(path=page.path[:-STEPLEN]))
        content_type = page.content_type
        model = apps.get_model(content_type.app_label, content_type.model)
        copy = model.objects.get(pk=page.pk)
        for field, text in english_texts.get(page.pk, {}).items():
            setattr(copy, field, text)
        # Wagtail's own rule for a translated page: top-level slugs carry the language.
        slug = f"{page.slug}-en" if page.depth == 2 else page.slug
        copy.slug = _free_slug(page_model, parent, slug)
        copy.pk = copy.id = None
        copy._state.adding = True
        copy.locale = english
        copy.path = _next_child_path(page_model, parent)
        copy.depth = parent.depth + 1
        copy.numchild = 0
        copy.url_path = f"{parent.url_path}{copy.slug}/"
        copy.draft_title = copy.title
        copy.latest_revision = copy.live_revision = copy.alias_of = None
        copy.has_unpublished_changes = False
        copy.locked, copy.locked_at, copy.locked_by = False, None, None
        copy.save()
        page_model.objects.filter(pk=parent.pk).update(numchild=F("numchild") + 1)
        return copy

    for page in page_model.objects.filter(pk__in=english_texts).order_by("path"):
        translation_of(page)
    # What the cache remembers of the tree (Wagtail's site roots, the routes) predates them.
    from wagtail.models import Site

    from core import cache

    Site.clear_site_root_paths_cache()
    cache.changed(cache.PAGES)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_pages_for_accessibility_and_easy_read"),
        ("directory", "0014_vocabulary_managers"),
        ("networks", "0009_referral_terms_in_swedish"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(english_translations, migrations.RunPython.noop)]
