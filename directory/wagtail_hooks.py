"""The directory in Wagtail: the directory page is served with its search, and its
vocabularies (help topics, languages, target groups, and the accessibility features'
search words) are snippets administrators edit in the "Directory vocabularies" menu
group, together with the municipalities (geography)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from directory import views
from directory.models import (
    AccessibilityFeature,
    DirectoryPage,
    HelpTopic,
    Language,
    TargetGroup,
)
from geography.wagtail_hooks import (
    REFERENCE_DATA_MENU_HOOK,
    TermDeleteBulkAction,
    TermPermissionPolicy,
    TermViewSet,
)


@hooks.register("on_serve_page")
def serve_directory_with_search(next_serve):
    """The directory page's own view (its search) in place of Wagtail's plain serve."""

    def serve(page, request, args, kwargs):
        if isinstance(page, DirectoryPage):
            return views.directory_page(request, page)
        return next_serve(page, request, args, kwargs)

    return serve


@hooks.register("construct_reports_menu")
def translations_report_for_translators(request, menu_items):
    """wagtail-localize's translations report, for those who may translate (it shows it to
    everyone in the admin)."""
    if not request.user.has_perm("wagtail_localize.submit_translation"):
        report = reverse("wagtail_localize:translations_report")
        menu_items[:] = [item for item in menu_items if item.url != report]


class HelpTopicViewSet(TermViewSet):
    model = HelpTopic
    icon = "help"
    menu_name = "help-topics"
    list_display = ["name", "slug", "sort_order", "locale"]
    search_fields = ["name", "slug", "search_words"]
    ordering = ["sort_order", "name"]


class LanguageViewSet(TermViewSet):
    model = Language
    icon = "globe"
    menu_name = "languages"
    list_display = ["name", "code", "locale"]
    search_fields = ["name", "code", "search_words"]
    ordering = ["name"]


class TargetGroupViewSet(TermViewSet):
    model = TargetGroup
    icon = "group"
    menu_name = "target-groups"
    list_display = ["name", "slug", "locale"]
    search_fields = ["name", "slug", "search_words"]
    ordering = ["name"]


class AccessibilityFeatureViewSet(SnippetViewSet):
    """The search words of the accessibility features: one row per feature and language,
    the Swedish ones made by a migration, translated with wagtail-localize, edited here."""

    model = AccessibilityFeature
    icon = "view"
    menu_name = "accessibility-features"
    list_display = ["feature", "search_words", "locale"]
    search_backend_name = None
    search_fields = ["search_words"]


class VocabulariesMenu(SnippetViewSetGroup):
    """Administrators only: no one else has the vocabularies' model permissions."""

    menu_label = _("Directory vocabularies")
    menu_name = "vocabularies"
    menu_icon = "tag"
    menu_order = 8000  # before Reports and Settings
    submenu_hook = REFERENCE_DATA_MENU_HOOK  # municipalities join from geography
    items = (HelpTopicViewSet, LanguageViewSet, TargetGroupViewSet, AccessibilityFeatureViewSet)


class VocabularyDeleteBulkAction(TermDeleteBulkAction):
    models = [HelpTopic, Language, TargetGroup]


for _model in VocabularyDeleteBulkAction.models:
    register_permission_policy(_model, TermPermissionPolicy(_model))
register_snippet(VocabulariesMenu)
hooks.register("register_bulk_action", VocabularyDeleteBulkAction, order=1)
