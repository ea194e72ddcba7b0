"""Translations keep the facts of their Swedish page (connected in CoreConfig.ready).

A translation made with wagtail-localize copies the page's facts (hours, position,
phone, accessibility features: every field that is not text) when it is made. When the
Swedish page is published again, each of its translations is written again from it:
the facts as they are now, the texts as translated (a text changed since it was
translated shows in Swedish until a translator translates it). A translation that is
live is published; one in draft stays a draft. Done after the commit, so that a failure
here never undoes the publishing of the Swedish page; it is logged, and "Sync translated
pages" in the admin does the same by hand.
"""

from django.db import transaction
from wagtail.models import Page
from wagtail.signals import page_published
from wagtail_localize.models import TranslationSource

from core.models import source_locale_id


def update_translations(page_id):
    page = Page.objects.filter(pk=page_id).specific().first()
    if page is None:
        return
    source = TranslationSource.objects.get_for_instance_or_none(page)
    if source is None:
        return  # never translated with wagtail-localize
    source.update_from_db()
    for translation in source.translations.filter(enabled=True).select_related("target_locale"):
        target = page.get_translation_or_none(translation.target_locale)
        if target is not None:
            translation.save_target(publish=target.live)


def _published(sender, instance, **kwargs):
    if instance.locale_id == source_locale_id():
        transaction.on_commit(lambda: update_translations(instance.pk), robust=True)


def connect():
    page_published.connect(_published, dispatch_uid="translations-keep-facts")
