"""What every app's pages share: a page with an English version of its texts."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core import languages


class BilingualPage(Page):
    """A page with an English title and text next to the Swedish ones."""

    title_en = models.CharField(_("title (English)"), max_length=255, blank=True)
    body = RichTextField(_("text (Swedish)"), blank=True)
    body_en = RichTextField(_("text (English)"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("title_en"), FieldPanel("body_en")], _("English")),
    ]
    search_fields = Page.search_fields + [index.SearchField("body")]

    class Meta:
        abstract = True

    @property
    def content_language(self):
        """The language the page's text is shown in: English where the visitor chose English
        and there is an English text, else Swedish (with a note, in the visitor's language,
        when they chose another language)."""
        if translation.get_language() == "en" and self.body_en:
            return "en"
        return "sv"

    @property
    def content_direction(self):
        return languages.direction(self.content_language)

    @property
    def display_title(self):
        if self.content_language == "en" and self.title_en:
            return self.title_en
        return self.title

    @property
    def display_body(self):
        return self.body_en if self.content_language == "en" else self.body
