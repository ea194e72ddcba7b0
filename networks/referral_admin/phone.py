"""Registering a referral taken by phone (the viewset's create view): the same questions
as the resident's form, routed the same way, stored once however often it is submitted
(the submission token)."""

from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic import CreateView

from networks import referrals
from networks.models import Referral, ReferralSource


class PhoneReferralView(CreateView):
    page_title = _("Register a referral taken by phone")
    header_icon = "mail"
    submit_button_label = _("Register referral")
    submit_button_active_label = _("Registering…")
    error_message = _("The referral could not be registered. Correct the errors below.")
    inspect_url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.submission_token = referrals.valid_submission_token(
            request.POST.get("submission_token")
        )

    def get_page_subtitle(self):
        return ""

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(self.index_url_name),
                "label": capfirst(Referral._meta.verbose_name_plural),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("instance", None)  # a plain form: networks.referrals stores the referral
        kwargs.pop("for_user", None)
        return kwargs

    def save_instance(self):
        referral, _created = referrals.create_referral(
            self.form.cleaned_data,
            self.form.decision,
            submission_token=self.submission_token,
            source=ReferralSource.PHONE,
            user=self.request.user,
        )
        return referral

    def get_success_message(self, instance):
        return gettext("%(reference)s was registered and sent to %(network)s.") % {
            "reference": instance.reference,
            "network": instance.network.name,
        }

    def get_success_buttons(self):
        return []

    def get_success_url(self):
        if self.permission_policy.user_has_permission_for_instance(
            self.request.user, "view", self.object
        ):
            return reverse(self.inspect_url_name, args=(self.object.pk,))
        return reverse(self.index_url_name)  # routed to a network the user does not coordinate

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["submission_token"] = self.submission_token
        return context
