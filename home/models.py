"""Content pages: the home page and plain pages (about, privacy). Texts are Swedish with
an optional English version shown when the visitor has chosen English."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


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
    def display_title(self):
        if translation.get_language() == "en" and self.title_en:
            return self.title_en
        return self.title

    @property
    def display_body(self):
        if translation.get_language() == "en" and self.body_en:
            return self.body_en
        return self.body


class HomePage(BilingualPage):
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    def get_context(self, request, *args, **kwargs):
        from directory.models import HelpTopic

        context = super().get_context(request, *args, **kwargs)
        context["topics"] = HelpTopic.objects.all()
        return context

    class Meta:
        verbose_name = _("home page")


class StandardPage(BilingualPage):
    """About, privacy and other plain text pages."""

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
