"""Wagtail admin hooks of the partners app: its URLs and menu items, the editors'
"your listings" dashboard panel, and the history entry of a "still correct"."""

from django.http import Http404
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views

from directory.models import InformationReport
from partners import admin_views, freshness, roles

partner_urls = [
    path("listings/<int:pk>/still-correct/", admin_views.confirm_listing, name="confirm"),
    path("reports/<int:pk>/handled/", admin_views.report_handled, name="report_handled"),
    path("editors/", admin_views.editors_index, name="editors"),
    path("editors/<int:pk>/", admin_views.organisation_editors, name="organisation_editors"),
    path(
        "editors/<int:pk>/remove/<int:user_pk>/",
        admin_views.remove_editor,
        name="remove_editor",
    ),
    path("out-of-date/", admin_views.outdated, name="outdated"),
]


@hooks.register("register_admin_urls")
def register_partner_urls():
    return [path("partners/", include((partner_urls, "partners_admin")))]


class ManagerMenuItem(MenuItem):
    def is_shown(self, request):
        return roles.can_manage_partners(request.user)


@hooks.register("register_admin_menu_item")
def register_editors_menu_item():
    return ManagerMenuItem(
        _("Partner editors"),
        reverse("partners_admin:editors"),
        name="partner-editors",
        icon_name="group",
        order=270,
    )


@hooks.register("register_admin_menu_item")
def register_outdated_menu_item():
    return ManagerMenuItem(
        _("Out-of-date listings"),
        reverse("partners_admin:outdated"),
        name="outdated-listings",
        icon_name="time",
        order=280,
    )


class ListingsPanel(Component):
    """The editor's organisations, their listings with age and a one-click "still
    correct", and open reports about them."""

    name = "partner_listings"
    order = 40
    template_name = "partners/admin/listings_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        organisations = [
            {"organisation": organisation, "listings": freshness.listings_of(organisation)}
            for organisation in roles.editable_organisations(self.user)
        ]
        return {
            "organisations": organisations,
            "reports": admin_views.reports_for_editor(self.user).order_by("-created"),
            "remind_after": freshness.REMIND_AFTER_MONTHS,
            "csrf_token": parent_context.get("csrf_token"),
            "request": parent_context.get("request"),
        }


class OutdatedPanel(Component):
    name = "outdated_listings"
    order = 60
    template_name = "partners/admin/outdated_panel.html"

    def __init__(self, count):
        self.count = count

    def get_context_data(self, parent_context):
        return {"count": self.count, "months": freshness.OUTDATED_AFTER_MONTHS}


@hooks.register("construct_homepage_panels")
def add_partner_panels(request, panels):
    if roles.editable_organisations(request.user).exists():
        panels.append(ListingsPanel(request.user))
    if roles.can_manage_partners(request.user):
        panels.append(OutdatedPanel(admin_views.outdated_count(request.user)))


@hooks.register("register_log_actions")
def register_still_correct_action(actions):
    actions.register_action(
        freshness.CONFIRM_ACTION,
        _("Confirmed still correct"),
        _("Confirmed that the information is still correct"),
    )


# --- Information reports: each person sees the reports about listings they look after --


class OwnReportsOnly:
    """Object-level access on the server: another area's report is a 404 by URL too (a
    report may carry the reporter's contact details)."""

    def get_object(self, *args, **kwargs):
        report = super().get_object(*args, **kwargs)
        if not roles.visible_reports(self.request.user).filter(pk=report.pk).exists():
            raise Http404
        return report


class InformationReportViewSet(snippet_views.SnippetViewSet):
    model = InformationReport
    icon = "warning"
    menu_label = _("Information reports")
    add_to_admin_menu = True
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


register_snippet(InformationReportViewSet)
