"""Wagtail admin hooks of the networks app."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from networks import admin_views, views
from networks.models import ReferralPage
from networks.network_admin import network_viewset
from networks.referrals import can_handle_referrals


@hooks.register("on_serve_page")
def serve_referral_form(next_serve):
    """The referral page's own view (its form) in place of Wagtail's plain serve."""

    def serve(page, request, args, kwargs):
        if isinstance(page, ReferralPage):
            return views.serve_referral_page(page, request)
        return next_serve(page, request, args, kwargs)

    return serve


# --- Referrals (coordinators) ----------------------------------------------------------

referral_urls = [
    path("", admin_views.index, name="index"),
    path("export/", admin_views.export, name="export"),
    path("new/", admin_views.create, name="create"),
    path("<int:pk>/", admin_views.detail, name="detail"),
    path("<int:pk>/history/", admin_views.history, name="history"),
    path("<int:pk>/export/", admin_views.export_one, name="export_one"),
    path("<int:pk>/data/", admin_views.data, name="data"),
    path("<int:pk>/data.json", admin_views.data_json, name="data_json"),
    path("<int:pk>/erase/", admin_views.erase, name="erase"),
    *[
        path(f"<int:pk>/{action}/", admin_views.act, {"action": action}, name=action)
        for action in admin_views.ACTIONS
    ],
]


@hooks.register("register_admin_urls")
def register_referral_urls():
    return [path("referrals/", include((referral_urls, "networks_referrals")))]


class ReferralsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_handle_referrals(request.user)


@hooks.register("register_admin_menu_item")
def register_referrals_menu_item():
    return ReferralsMenuItem(
        _("Referrals"),
        reverse("networks_referrals:index"),
        name="referrals",
        icon_name="mail",
        order=250,
    )


class NewReferralsPanel(Component):
    name = "new_referrals"
    order = 50
    template_name = "networks/admin/dashboard_panel.html"

    def __init__(self, count):
        self.count = count

    def get_context_data(self, parent_context):
        return {"count": self.count}


@hooks.register("construct_homepage_panels")
def add_new_referrals_panel(request, panels):
    if can_handle_referrals(request.user):
        panels.append(NewReferralsPanel(admin_views.new_count(request.user)))


# --- Networks (administrators) -------------------------------------------------------


@hooks.register("register_admin_viewset")
def register_network_viewset():
    return network_viewset
