"""Wagtail admin hooks of the networks app."""

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.permissions import policy_registry, register_permission_policy

from networks import views
from networks.models import Referral, ReferralPage, ReferralStatus
from networks.referral_admin.permissions import ReferralPermissionPolicy
from networks.referral_admin.viewsets import referrals_menu_group

# Before the viewset is registered (it would otherwise fall back to model permissions).
register_permission_policy(Referral, ReferralPermissionPolicy(Referral))


@hooks.register("on_serve_page")
def serve_referral_form(next_serve):
    """The referral page's own view (its form) in place of Wagtail's plain serve."""

    def serve(page, request, args, kwargs):
        if isinstance(page, ReferralPage):
            return views.serve_referral_page(page, request)
        return next_serve(page, request, args, kwargs)

    return serve


# --- Referrals (coordinators) and networks (administrators) ----------------------------


@hooks.register("register_admin_viewset")
def register_referrals_menu_group():
    return referrals_menu_group


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
    """The number of new referrals waiting in the user's networks."""
    policy = policy_registry.get_by_type(Referral)
    if policy.user_has_permission(request.user, "view"):
        waiting = policy.instances_user_has_permission_for(request.user, "view")
        panels.append(NewReferralsPanel(waiting.filter(status=ReferralStatus.NEW).count()))
