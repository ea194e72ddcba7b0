"""When the page tree changes (connected in CoreConfig.ready): cached copies of the pages
concerned are purged (core.http_cache) and what was made from the tree is dropped
(core.cache, PAGES: Wagtail's remembered routing, the navigation)."""

from functools import partial

from django.apps import apps
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from core import cache, http_cache

pages_changed = partial(cache.changed, cache.PAGES)


def _changed(sender, instance, **kwargs):
    pages_changed()
    http_cache.purge_pages([instance])


def _moved(sender, instance, url_path_before, url_path_after, **kwargs):
    """The page's new URLs, and the old ones of it and the pages below it (404 now)."""
    pages_changed()
    purge_urls_from_cache(sorted(http_cache.old_urls(instance, url_path_before, url_path_after)))
    http_cache.purge_pages([instance])


def _slug_changed(sender, instance, instance_before, **kwargs):
    pages_changed()
    before, after = instance_before.url_path, instance.url_path
    purge_urls_from_cache(sorted(http_cache.old_urls(instance, before, after)))


def _restricted(sender, instance, **kwargs):
    """A restriction covers the page and everything below it."""
    pages_changed()
    http_cache.purge_pages(Page.objects.descendant_of(instance.page, inclusive=True).specific())


def connect():
    """Per page model (a delete signal on other models would make Django delete their
    rows one by one), and for sites, locales and view restrictions."""
    for model in apps.get_models():
        if issubclass(model, Page):
            label = model._meta.label
            for signal in (page_published, page_unpublished, pre_delete):
                signal.connect(_changed, sender=model, dispatch_uid=f"pages-{label}")
            post_page_move.connect(_moved, sender=model, dispatch_uid=f"pages-moved-{label}")
            page_slug_changed.connect(
                _slug_changed, sender=model, dispatch_uid=f"pages-slug-{label}"
            )
    for signal in (post_save, post_delete):
        signal.connect(_restricted, sender=PageViewRestriction, dispatch_uid=f"pages-{signal}")
        for model in (Site, Locale):
            signal.connect(pages_changed, sender=model, dispatch_uid=f"pages-{signal}-{model}")
