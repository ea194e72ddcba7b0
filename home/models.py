"""The site's own pages (the home page, plain pages such as about and privacy) and the
pages every page links to, chosen by editors (site settings). Written in Swedish and
translated in the admin (core.models)."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from core import cache
from core.http_cache import PublicPageMixin
from core.models import TextPage
from directory.models import HelpTopic


class HomePage(PublicPageMixin, TextPage):
    # One per language: the Swedish one is the site's root, the others its translations.
    parent_page_types = ["wagtailcore.Page"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topics"] = HelpTopic.objects.all()
        return context

    class Meta:
        verbose_name = _("home page")


class StandardPage(PublicPageMixin, TextPage):
    """About, privacy and other plain text pages."""

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


def _page(verbose_name):
    return models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=verbose_name,
    )


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting):
    """The pages the header and footer of every page link to."""

    directory_page = _page(_("find help (the directory)"))
    referral_page = _page(_("ask to be contacted"))
    about_page = _page(_("about the service"))
    privacy_page = _page(_("privacy"))
    accessibility_page = _page(_("accessibility statement"))
    easy_read_page = _page(_("easy-to-read Swedish (lättläst)"))
    figures_page = _page(_("digital help in figures (statistics)"))

    panels = [
        PageChooserPanel("directory_page", "directory.DirectoryPage"),
        PageChooserPanel("referral_page", "networks.ReferralPage"),
        PageChooserPanel("about_page"),
        PageChooserPanel("privacy_page"),
        PageChooserPanel("accessibility_page"),
        PageChooserPanel("easy_read_page"),
        PageChooserPanel("figures_page", "figures.FiguresPage"),
    ]
    select_related = [
        "directory_page",
        "referral_page",
        "about_page",
        "privacy_page",
        "accessibility_page",
        "easy_read_page",
        "figures_page",
    ]

    class Meta:
        verbose_name = _("navigation")

    @property
    def urls(self):
        """{field: URL} of the chosen pages that are live, in the visitor's language (a
        Swedish page under the language's prefix, core.models); kept with the page tree."""
        language = translation.get_language()
        return cache.remember(cache.PAGES, f"navigation:{self.pk}:{language}", self._urls)

    def _urls(self):
        return {
            field: page.specific.url
            for field in self.select_related
            if (page := getattr(self, field)) is not None and page.live
        }

    @classmethod
    def for_site(cls, site):
        """Every page shows it: kept in the cache until the page tree or this setting
        changes (core.cache, PAGES)."""
        parent = super().for_site
        return cache.remember(cache.PAGES, f"navigation:{site.pk}", lambda: parent(site))
