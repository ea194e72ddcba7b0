"""The referral's page (Wagtail's InspectView): everything the person told us, the
routing and why, assignment, notification, the history, and the forms for the actions.

The actions (status, assignment, note, forwarding, and for a call-me referral completing
its details) are POSTed to a view of their own that shows the same page again when
something is wrong: 400 with the form's errors, 409 when someone else changed the referral
first (nothing saved), and a message and a redirect when it worked. An action not offered
for the referral (completing the details of a referral that was not a call-me one) is a
404.
"""

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.views.generic import InspectView

from networks import referrals
from networks.coordinator_forms import (
    AssignForm,
    CompleteDetailsForm,
    ForwardForm,
    NoteForm,
    StatusForm,
)
from networks.referral_admin.access import ReferralObjectMixin

ACTION_FORMS = {
    "complete": CompleteDetailsForm,
    "status": StatusForm,
    "assign": AssignForm,
    "note": NoteForm,
    "forward": ForwardForm,
}

DONE = {
    "status": _("Status changed."),
    "assign": _("Assignment saved."),
    "note": _("Note added."),
    "complete": _("The details were saved."),
}


class ReferralInspectView(ReferralObjectMixin, InspectView):
    page_title = _("Referral")
    history_url_name = None

    def get_fields(self):
        return []  # the template lays the referral out itself

    def get(self, request, *args, **kwargs):
        referrals.record_access(self.object, request.user)
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        *path, _this = self.referral_breadcrumbs()
        return [*path, {"url": "", "label": self.object.reference}]

    def get_context_data(self, forms=None, conflict=False, **kwargs):
        context = super().get_context_data(**kwargs)
        forms = forms or {}
        for name, form_class in ACTION_FORMS.items():
            offered = form_class.applies_to(self.object)
            form = forms.get(name) or (form_class(referral=self.object) if offered else None)
            context[f"{name}_form"] = form
        context["conflict"] = conflict
        context["events"] = self.object.events.select_related("user")
        context["history_url"] = reverse(self.history_url_name, args=(self.object.pk,))
        return context


class ReferralActionView(ReferralInspectView):
    permission_required = "change"
    http_method_names = ["post"]
    action = None  # a key of ACTION_FORMS, given by the viewset

    def post(self, request, *args, **kwargs):
        if self.object.is_anonymised:
            return self.anonymised()
        form_class = ACTION_FORMS[self.action]
        if not form_class.applies_to(self.object):
            raise Http404
        form = form_class(request.POST, referral=self.object)
        if not form.is_valid():
            context = self.get_context_data(forms={self.action: form})
            return self.render_to_response(context, status=400)
        try:
            changed = form.save(request.user)
        except referrals.AnonymisedReferral:
            return self.anonymised()
        except referrals.StaleReferral:
            self.object.refresh_from_db()
            return self.render_to_response(self.get_context_data(conflict=True), status=409)
        messages.success(request, self.done_message(changed))
        if not self.permission_policy.user_has_permission_for_instance(
            request.user, "view", changed
        ):
            return redirect(self.index_url_name)  # forwarded out of the user's networks
        return redirect(self.inspect_url_name, changed.pk)

    def anonymised(self):
        messages.error(
            self.request, gettext("This referral's personal data was removed; it is closed.")
        )
        return redirect(self.inspect_url_name, self.object.pk)

    def done_message(self, referral):
        if self.action == "forward":
            return gettext("%(reference)s was forwarded to %(network)s.") % {
                "reference": referral.reference,
                "network": referral.network.name,
            }
        return DONE[self.action]
