"""Admin: information reports as a snippet viewset, so editors and coordinators can read
them and mark them handled — each person only the reports about listings they look after
(a report may carry the reporter's contact details)."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as views

from directory.models import InformationReport
from partners import access


class OwnReportsOnly:
    """Object-level access on the server: another area's report is a 404 by URL too."""

    def get_object(self, *args, **kwargs):
        report = super().get_object(*args, **kwargs)
        if not access.visible_reports(self.request.user).filter(pk=report.pk).exists():
            raise Http404
        return report


class InformationReportViewSet(views.SnippetViewSet):
    model = InformationReport
    icon = "warning"
    menu_label = _("Information reports")
    add_to_admin_menu = True
    list_display = ["page", "message", "created", "handled"]
    list_filter = ["handled"]
    ordering = ["handled", "-created"]
    copy_view_enabled = False
    edit_view_class = type("EditView", (OwnReportsOnly, views.EditView), {})
    delete_view_class = type("DeleteView", (OwnReportsOnly, views.DeleteView), {})
    history_view_class = type("HistoryView", (OwnReportsOnly, views.HistoryView), {})
    usage_view_class = type("UsageView", (OwnReportsOnly, views.UsageView), {})

    def get_queryset(self, request):
        return access.visible_reports(request.user)


register_snippet(InformationReportViewSet)
