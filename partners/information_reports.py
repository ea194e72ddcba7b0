"""Residents' reports of wrong information in the Wagtail admin (a snippet listing under
Partners → Information reports): each person sees and handles only the reports about the
listings they look after (partners.roles.visible_reports). A report may carry the
reporter's contact details, so another area's report is a 404 by URL too."""

from django.http import Http404
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views import snippets as snippet_views

from directory.models import InformationReport
from partners import roles

# What an organisation's editors may do with the reports about their own listings: read
# them and mark them handled. Deleting stays with those given the model permission.
EDITOR_ACTIONS = frozenset({"view", "change"})


class InformationReportPermissionPolicy(ModelPermissionPolicy):
    """The model permissions of the reviewer groups (coordinators, county moderators) and
    administrators, and besides them every partner editor may read and handle reports;
    per report, only those partners.roles.visible_reports gives the user."""

    def user_has_permission(self, user, action):
        if super().user_has_permission(user, action):
            return True
        return (
            action in EDITOR_ACTIONS
            and user.is_active
            and roles.editable_organisations(user).exists()
        )

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and roles.visible_reports(user).filter(pk=instance.pk).exists()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return InformationReport.objects.none()
        return roles.visible_reports(user)


class OwnReportsOnly:
    """Object-level access on the server for every view that takes a report's id."""

    def get_object(self, *args, **kwargs):
        report = super().get_object(*args, **kwargs)
        if not roles.visible_reports(self.request.user).filter(pk=report.pk).exists():
            raise Http404
        return report


class InformationReportViewSet(snippet_views.SnippetViewSet):
    model = InformationReport
    icon = "warning"
    menu_name = "information-reports"
    # Shown in the "Partners" menu group, so not in the general "Snippets" menu.
    menu_item_is_registered = True
    list_display = ["page", "message", "created", "handled"]
    list_filter = ["handled"]
    ordering = ["handled", "-created"]
    copy_view_enabled = False
    edit_view_class = type("EditView", (OwnReportsOnly, snippet_views.EditView), {})
    delete_view_class = type("DeleteView", (OwnReportsOnly, snippet_views.DeleteView), {})
    history_view_class = type("HistoryView", (OwnReportsOnly, snippet_views.HistoryView), {})
    usage_view_class = type("UsageView", (OwnReportsOnly, snippet_views.UsageView), {})

    def get_queryset(self, request):
        return roles.visible_reports(request.user)
