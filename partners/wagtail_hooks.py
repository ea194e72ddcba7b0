"""Wagtail admin hooks of the partners app: the "Partners" menu group (partner editors,
information reports), the "Out-of-date listings" report, the editors' "your listings"
dashboard panel with its actions, and the history entry of a "still correct"."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from directory.models import InformationReport
from partners import admin_views, freshness, outdated_report, roles
from partners.editors_admin import PartnerEditorsViewSet
from partners.information_reports import (
    InformationReportPermissionPolicy,
    InformationReportViewSet,
)

# Registered before the report viewset, so Wagtail uses this policy instead of a default.
register_permission_policy(InformationReport, InformationReportPermissionPolicy(InformationReport))


class PartnersMenu(ViewSetGroup):
    """Partner editors (coordinators, moderators, administrators) and information reports
    (also each organisation's own editors); each item shown only to those allowed."""

    menu_label = _("Partners")
    menu_name = "partners"
    menu_icon = "group"
    menu_order = 270
    items = (PartnerEditorsViewSet, InformationReportViewSet)


# register_snippet, not register_admin_viewset: it waits until the models are loaded and
# keeps the report snippet registered wherever snippets are looked up.
register_snippet(PartnersMenu)


dashboard_urls = [
    path("listings/<int:pk>/still-correct/", admin_views.confirm_listing, name="confirm"),
    path("reports/<int:pk>/handled/", admin_views.report_handled, name="report_handled"),
    # Where the out-of-date listings were before they became a report (bookmarks).
    path(
        "out-of-date/",
        RedirectView.as_view(pattern_name=outdated_report.INDEX_URL_NAME, query_string=True),
    ),
]


@hooks.register("register_admin_urls")
def register_partner_urls():
    report = outdated_report.OutdatedListingsReport
    return [
        path("partners/", include((dashboard_urls, "partners_admin"))),
        path(
            "reports/out-of-date-listings/",
            report.as_view(),
            name=outdated_report.INDEX_URL_NAME,
        ),
        path(
            "reports/out-of-date-listings/results/",
            report.as_view(results_only=True),
            name=outdated_report.RESULTS_URL_NAME,
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_outdated_report_menu_item():
    return outdated_report.menu_item()


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
    """How many listings the out-of-date report holds, with a link to it."""

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
        panels.append(OutdatedPanel(outdated_report.outdated_count(request.user)))


@hooks.register("register_log_actions")
def register_still_correct_action(actions):
    actions.register_action(
        freshness.CONFIRM_ACTION,
        _("Confirmed still correct"),
        _("Confirmed that the information is still correct"),
    )
