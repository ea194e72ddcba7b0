"""A person's request to see or erase their data: everything stored about one referral,
as a readable page and as a JSON file, and the erasure of its personal data (a
confirmation page, then a POST with the reason). Each is recorded and logged without
personal data; the anonymous statistical record stays."""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from wagtail.admin import messages
from wagtail.admin.views.generic import PermissionCheckedMixin

from core import security_log
from networks import dsar, referrals, retention
from networks.coordinator_forms import ErasureForm
from networks.models import ReferralEvent
from networks.referral_admin.access import ReferralObjectMixin, ReferralPageView


def record_data_export(request, referral, kind):
    referrals.record_access(referral, request.user, kind=ReferralEvent.Kind.DATA_EXPORT)
    security_log.event("dsar_export", request, referral=referral.pk, format=kind)


class ReferralDataView(ReferralPageView):
    """Readable (and printable) in the admin."""

    template_name = "networks/admin/data.html"
    header_icon = "doc-full"
    page_title = _("All data (access request)")

    def get(self, request, *args, **kwargs):
        record_data_export(request, self.object, "page")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = dsar.rows(self.object)
        context["events"] = dsar.events(self.object)
        return context


class ReferralDataJsonView(ReferralObjectMixin, PermissionCheckedMixin, View):
    """The same as a JSON file, to send to the person."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = self.get_object()

    def get(self, request, *args, **kwargs):
        record_data_export(request, self.object, "json")
        response = HttpResponse(dsar.as_json(self.object), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="{self.object.reference}.json"'
        return response


class ReferralEraseView(ReferralPageView):
    permission_required = "change"
    template_name = "networks/admin/erase.html"
    header_icon = "warning"
    page_title = _("Erase personal data")

    def get(self, request, *args, **kwargs):
        if self.object.is_anonymised:
            return self.already_erased()
        return self.render_page(ErasureForm(initial={"version": self.object.version}))

    def post(self, request, *args, **kwargs):
        referral = self.object
        if referral.is_anonymised:
            return self.already_erased()
        form = ErasureForm(request.POST, initial={"version": referral.version})
        if not form.is_valid():
            return self.render_page(form, status=400)
        if form.cleaned_data["version"] != referral.version:
            return self.render_page(form, conflict=True, status=409)
        retention.anonymise(
            referral.pk,
            kind=ReferralEvent.Kind.ERASED,
            note=form.cleaned_data["reason"],
            user=request.user,
        )
        security_log.event("dsar_erase", request, referral=referral.pk)
        messages.success(
            request,
            gettext("The personal data of %(reference)s was erased.")
            % {"reference": referral.reference},
        )
        return redirect(self.get_inspect_url())

    def already_erased(self):
        messages.info(
            self.request, gettext("This referral's personal data has already been removed.")
        )
        return redirect(self.get_inspect_url())

    def render_page(self, form, *, conflict=False, status=200):
        cleared = [
            str(self.object._meta.get_field(name).verbose_name)
            for name in retention.CLEARED_FIELDS
        ]
        context = self.get_context_data(form=form, conflict=conflict, cleared=cleared)
        return self.render_to_response(context, status=status)
