"""Wagtail admin hooks of the networks app."""

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.permissions import policy_registry, register_permission_policy

from networks import escalation, views
from networks.models import Referral, ReferralPage, ReferralStatus
from networks.referral_admin.permissions import ReferralPermissionPolicy
from networks.referral_admin.viewsets import referrals_menu_group

# Before the viewset is registered (it would otherwise fall back to model permissions).
register_permission_policy(Referral, ReferralPermissionPolicy(Referral))


@hooks.register("on_serve_page")
def serve_referral_form(next_serve):
    """The referral page's own views in place of Wagtail's plain serve: its form, and at
    its route ring-mig/ the short "call me" form.

    Wagtail's routing hands a routable page (view, args, kwargs) as `args`; the view is
    bound to the page routing found, which for a language without a translation of the
    page is the Swedish one, so it is told apart by its function, and `page` (the page in
    the visitor's language) is served."""

    def serve(page, request, args, kwargs):
        if isinstance(page, ReferralPage):
            view = args[0] if args else None
            if getattr(view, "__func__", None) is ReferralPage.call_me:
                return views.serve_call_me(page, request)
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

    def __init__(self, count, overdue):
        self.count = count
        self.overdue = overdue

    def get_context_data(self, parent_context):
        return {"count": self.count, "overdue": self.overdue}


@hooks.register("construct_homepage_panels")
def add_new_referrals_panel(request, panels):
    """The number of new referrals waiting in the user's networks, and how many of them
    are overdue."""
    policy = policy_registry.get_by_type(Referral)
    if policy.user_has_permission(request.user, "view"):
        visible = policy.instances_user_has_permission_for(request.user, "view")
        waiting = visible.filter(status=ReferralStatus.NEW)
        panels.append(NewReferralsPanel(waiting.count(), escalation.overdue(visible).count()))
