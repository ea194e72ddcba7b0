"""What every app's pages share.

Pages are written in Swedish, the site's own language, and translated the Wagtail way:
each language has a tree of its own (WAGTAIL_I18N_ENABLED, wagtail-localize). A visitor
keeps the language they chose on every page: a Swedish page without a translation in
that language is linked and served under the language's prefix (/ar/hitta-hjalp/…,
core.page_routes), in Swedish, with a note.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page, PageManager
from wagtail.search import index

from core import cache, languages


class SourceLanguagePageManager(PageManager):
    """The Swedish pages only: one per place or organisation, however many translations
    it has (`Model.originals`). Wagtail itself needs `objects` to hold every page."""

    def get_queryset(self):
        # By the Swedish locale's id (kept in the cache with the page tree), not by a join
        # to the locales: the planner knows how many rows an id matches and keeps the
        # plans it makes without the condition.
        return super().get_queryset().filter(locale_id=source_locale_id())


def source_locale_id():
    """The Swedish locale's id; None before it exists (an empty database matches nothing)."""
    return cache.remember(
        cache.PAGES,
        "source-locale-id",
        lambda: (
            Locale.objects.filter(language_code=settings.LANGUAGE_CODE)
            .values_list("pk", flat=True)
            .first()
        ),
    )


class TranslatedPageMixin:
    """A page that knows its language and is linked in the visitor's."""

    @property
    def content_language(self):
        """The language of the page's text: its tree's, except in an alias (the copy
        wagtail-localize makes of a parent not yet translated), which shows its source's."""
        page = self.alias_of if self.alias_of_id else self
        return page.locale.language_code

    @property
    def content_direction(self):
        return languages.direction(self.content_language)

    @property
    def is_original(self):
        """In the Swedish tree (not a translation or an alias in another language's)?"""
        return self.locale_id == source_locale_id()

    @property
    def in_visitors_language(self):
        return self.content_language == translation.get_language()

    def get_url_parts(self, request=None):
        """Wagtail's URL, except that a Swedish page is linked under the visitor's
        language prefix, so that the visitor stays in their language (the router shows
        the page's translation there if it has one)."""
        parts = super().get_url_parts(request)
        language = translation.get_language()
        if parts is None or parts[2] is None or language in (None, settings.LANGUAGE_CODE):
            return parts
        # The language of the tree the page is in, as Wagtail found it (no query).
        tree_language = self._get_relevant_site_root_paths(request)[0].language_code
        if tree_language != settings.LANGUAGE_CODE:
            return parts
        site_id, root_url, path = parts
        with translation.override(language):
            return site_id, root_url, reverse("wagtail_serve", args=(path.lstrip("/"),))


class TextPage(TranslatedPageMixin, Page):
    """A page of a title and a text, in the language of its tree."""

    body = RichTextField(_("text"), blank=True)

    content_panels = Page.content_panels + ["body"]
    search_fields = Page.search_fields + [index.SearchField("body")]

    class Meta:
        abstract = True
