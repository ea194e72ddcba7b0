"""The referral area as a Wagtail ModelViewSet at /admin/referrals/, and the "Referrals"
menu group that holds it and the networks (networks.network_admin).

URLs (namespace networks_referrals):
  ""                         the listing (index); ?export=csv|xlsx downloads it
  new/                       register a referral taken by phone (add)
  <pk>/                      the referral's page (inspect)
  <pk>/history/              its history
  <pk>/status|assign|note|forward/   the actions (POST)
  <pk>/complete/             complete a call-me referral's details (POST)
  <pk>/data/, <pk>/data.json everything stored, for an access request
  <pk>/erase/                erase the personal data (GET asks, POST erases)

There is no generic edit, copy or delete of a referral.
"""

from django.contrib.auth.models import Permission
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from networks import exports
from networks.coordinator_forms import PhoneReferralForm
from networks.filters import ReferralFilter
from networks.models import Referral
from networks.network_admin import network_viewset
from networks.referral_admin.access import referral_area
from networks.referral_admin.data_request import (
    ReferralDataJsonView,
    ReferralDataView,
    ReferralEraseView,
)
from networks.referral_admin.history import ReferralHistoryView
from networks.referral_admin.listing import LIST_DISPLAY, ReferralIndexView
from networks.referral_admin.load import load_viewset
from networks.referral_admin.phone import PhoneReferralView
from networks.referral_admin.referral_page import (
    ACTION_FORMS,
    ReferralActionView,
    ReferralInspectView,
)


class ReferralViewSet(ModelViewSet):
    model = Referral
    icon = "mail"
    menu_label = _("All referrals")
    menu_name = "all-referrals"
    url_namespace = "networks_referrals"
    add_to_reference_index = False

    index_view_class = ReferralIndexView
    add_view_class = PhoneReferralView
    inspect_view_class = ReferralInspectView
    history_view_class = ReferralHistoryView
    inspect_view_enabled = True
    copy_view_enabled = False

    index_template_name = "networks/admin/index.html"
    index_results_template_name = "networks/admin/index_results.html"
    create_template_name = "networks/admin/create.html"
    inspect_template_name = "networks/admin/referral.html"

    list_display = LIST_DISPLAY
    list_per_page = 50
    filterset_class = ReferralFilter
    search_fields = ["reference"]
    list_export = exports.FIELDS
    export_headings = exports.HEADINGS
    export_filename = "referrals"

    def get_form_class(self, for_update=False):
        return PhoneReferralForm

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            edit_url_name=None,
            delete_url_name=None,
            usage_url_name=None,
            inspect_url_name=self.get_url_name("inspect"),
            **kwargs,
        )

    def construct_view(self, view_class, **kwargs):
        return referral_area(super().construct_view(view_class, **kwargs))

    def get_permissions_to_register(self):
        # Who sees a referral follows from the networks a user coordinates
        # (networks.referral_admin.permissions), not from group permissions.
        return Permission.objects.none()

    @property
    def url_finder_class(self):
        return type(
            "ReferralAdminURLFinder",
            (ModelAdminURLFinder,),
            {"edit_url_name": self.get_url_name("inspect")},
        )

    def page_view(self, view_class):
        # Each page keeps its own icon instead of the viewset's.
        return self.construct_view(view_class, header_icon=view_class.header_icon)

    def action_view(self, action):
        return self.construct_view(
            ReferralActionView, **self.get_inspect_view_kwargs(), action=action
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", self.add_view, name="add"),
            path("<int:pk>/", self.inspect_view, name="inspect"),
            path("<int:pk>/history/", self.history_view, name="history"),
            path("<int:pk>/history/results/", self.history_results_view, name="history_results"),
            *[path(f"<int:pk>/{a}/", self.action_view(a), name=a) for a in ACTION_FORMS],
            path("<int:pk>/data/", self.page_view(ReferralDataView), name="data"),
            path(
                "<int:pk>/data.json", self.construct_view(ReferralDataJsonView), name="data_json"
            ),
            path("<int:pk>/erase/", self.page_view(ReferralEraseView), name="erase"),
        ]


referral_viewset = ReferralViewSet("referrals")


class ReferralsMenuGroup(ModelViewSetGroup):
    """The "Referrals" menu: coordinators see the referrals of their networks, and
    administrators the networks too."""

    menu_label = _("Referrals")
    menu_name = "referrals"
    menu_icon = "mail"
    menu_order = 250
    items = (referral_viewset, load_viewset, network_viewset)


referrals_menu_group = ReferralsMenuGroup()
