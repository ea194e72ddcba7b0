"""Admin: information reports as a snippet viewset, so editors and coordinators can read
them and mark them handled."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from directory.models import InformationReport


class InformationReportViewSet(SnippetViewSet):
    model = InformationReport
    icon = "warning"
    menu_label = _("Information reports")
    add_to_admin_menu = True
    list_display = ["page", "message", "created", "handled"]
    list_filter = ["handled"]
    ordering = ["handled", "-created"]


register_snippet(InformationReportViewSet)
