"""The checks every view of the referral area shares, on the server.

- `referral_area` wraps each view (networks.referral_admin.viewsets): personal data is
  never cached nor shown in error reports, and a user without the permission gets a 403
  page, logged, instead of Wagtail's redirect to the dashboard.
- `ReferralObjectMixin` finds the referral named in the URL among those the user may see:
  a user who may see no referral at all is refused before anything is looked up; another
  network's referral, or none, is the same 404 either way, logged.
"""

from functools import wraps

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.text import capfirst
from django.views.generic import TemplateView
from wagtail.admin.views.generic import PermissionCheckedMixin, WagtailAdminTemplateMixin

from core import security_log
from networks.models import Referral


def referral_area(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.sensitive_post_parameters = "__ALL__"  # never in error reports
        try:
            response = view(request, *args, **kwargs)
        except PermissionDenied:
            match = request.resolver_match
            security_log.event(
                "referral_access_denied", request, view=match.url_name if match else "-"
            )
            response = TemplateResponse(request, "networks/admin/denied.html", status=403)
        add_never_cache_headers(response)
        return response

    return wrapped


class ReferralObjectMixin:
    """For views of one referral (with PermissionCheckedMixin); sets `self.object`."""

    model = Referral
    pk_url_kwarg = "pk"
    index_url_name = None
    inspect_url_name = None

    def get_object(self, queryset=None):
        policy = self.permission_policy
        user = self.request.user
        action = self.permission_required or "view"
        if not policy.user_has_permission(user, action):
            raise PermissionDenied
        pk = self.kwargs[self.pk_url_kwarg]
        referral = (
            policy.instances_user_has_permission_for(user, action)
            .select_related("network", "municipality", "language", "assigned_to", "created_by")
            .filter(pk=pk)
            .first()
        )
        if referral is None:
            security_log.event("referral_not_visible", self.request, referral=pk)
            raise Http404
        return referral

    def get_inspect_url(self):
        return reverse(self.inspect_url_name, args=(quote(self.object.pk),))

    def get_page_subtitle(self):
        return self.object.reference

    def referral_breadcrumbs(self):
        """Home › Referrals › the reference."""
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(self.index_url_name),
                "label": capfirst(Referral._meta.verbose_name_plural),
            },
            {"url": self.get_inspect_url(), "label": self.object.reference},
        ]

    def get_breadcrumbs_items(self):
        """… › this page."""
        return [
            *self.referral_breadcrumbs(),
            {"url": "", "label": self.get_page_title(), "sublabel": self.object.reference},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["referral"] = self.object
        context["inspect_url"] = self.get_inspect_url()
        return context


class ReferralPageView(
    ReferralObjectMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView
):
    """A page about one referral, in the admin's frame."""

    header_icon = "mail"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = self.get_object()
