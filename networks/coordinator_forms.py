"""The coordinators' forms: registering a referral taken by phone, the actions on a
referral (status, assignment, note, forwarding, completing a call-me referral's details)
and erasing its personal data.

Each action form carries the `version` of the referral the coordinator saw (optimistic
locking: networks.referrals refuses a change to a referral that moved on) and its own
prefix, so that the forms on the referral's page never share an element id.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from directory.models import SupportPointPage
from networks import referrals
from networks.form_fields import IdChoiceField
from networks.forms import ReferralForm, prepare_language_field, question, require_description
from networks.models import Network, ReferralSource, ReferralStatus


class PhoneReferralForm(ReferralForm):
    """A coordinator registers a referral taken by phone."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].help_text = ""
        self.fields["consent"].label = _(
            "The person agreed on the phone that their answers are stored"
        )
        self.fields["consent"].error_messages["required"] = _(
            "Ask the person for consent before registering the referral."
        )


class VersionedForm(forms.Form):
    """A change to a referral; `version` is the one the coordinator saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReferralActionForm(VersionedForm):
    """One action on one referral: `save(user)` makes the change and returns the referral
    as it is afterwards (networks.referrals raises StaleReferral or AnonymisedReferral)."""

    def __init__(self, data=None, *, referral, **kwargs):
        initial = {"version": referral.version, **self.initial_for(referral)}
        super().__init__(data, initial=initial, **kwargs)
        self.referral = referral

    @classmethod
    def applies_to(cls, referral):
        """Whether this action is offered for the referral at all."""
        return True

    def initial_for(self, referral):
        return {}

    def save(self, user):
        raise NotImplementedError


class StatusForm(ReferralActionForm):
    prefix = "status"
    status = forms.ChoiceField(label=_("New status"), choices=ReferralStatus.choices)
    note = forms.CharField(label=_("Comment (optional)"), max_length=1000, required=False)

    def initial_for(self, referral):
        return {"status": referral.status}

    def save(self, user):
        data = self.cleaned_data
        return referrals.change_status(
            self.referral, data["version"], user, data["status"], data["note"]
        )


class NoteForm(ReferralActionForm):
    prefix = "note"
    note = forms.CharField(
        label=_("Internal note"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the network's coordinators see notes. Do not write sensitive data."),
    )

    def save(self, user):
        data = self.cleaned_data
        return referrals.add_note(self.referral, data["version"], user, data["note"])


class PageChoiceField(IdChoiceField):
    def label_from_instance(self, obj):
        specific = obj.specific
        if isinstance(specific, SupportPointPage):
            parent = obj.get_parent()
            return f"{parent.title} – {obj.title}" if parent else obj.title
        return obj.title


def assignable_pages(network):
    """Live support points in the network's municipalities and their organisations."""
    points = SupportPointPage.originals.live()
    if network is not None:
        points = points.filter(municipality__networks=network)
    paths = list(points.values_list("path", flat=True))
    org_paths = {path[: -Page.steplen] for path in paths}
    return Page.objects.filter(Q(path__in=paths) | Q(path__in=org_paths)).order_by("path")


class AssignForm(ReferralActionForm):
    prefix = "assign"
    assigned_to = PageChoiceField(
        label=_("Partner or support point"),
        queryset=Page.objects.none(),
        required=False,
        empty_label=_("Nobody (remove the assignment)"),
    )
    note = forms.CharField(label=_("Comment (optional)"), max_length=1000, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = assignable_pages(self.referral.network)

    def initial_for(self, referral):
        return {"assigned_to": referral.assigned_to_id}

    def save(self, user):
        data = self.cleaned_data
        return referrals.assign(
            self.referral, data["version"], user, data["assigned_to"], data["note"]
        )


class ForwardForm(ReferralActionForm):
    prefix = "forward"
    network = IdChoiceField(
        label=_("Forward to network"), queryset=Network.objects.none(), empty_label=None
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Tell the receiving coordinators why it is theirs."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = Network.objects.exclude(pk=self.referral.network_id)

    def save(self, user):
        data = self.cleaned_data
        return referrals.forward(
            self.referral, data["version"], user, data["network"], data["reason"]
        )


class CompleteDetailsForm(ReferralActionForm):
    """The questions the short "call me" form skipped, asked by the coordinator on the
    phone: the full form's own questions (networks.forms.question), with its rules."""

    prefix = "complete"
    for_whom = question("for_whom")
    topics = question("topics")
    message = question("message")
    language = question("language")
    needs_interpreter = question("needs_interpreter")
    accessibility_needs = question("accessibility_needs")
    accessibility_other = question("accessibility_other")
    contact_times = question("contact_times")
    age_band = question("age_band")
    gender = question("gender")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        prepare_language_field(self.fields["language"])

    @classmethod
    def applies_to(cls, referral):
        return referral.source == ReferralSource.SHORT

    def initial_for(self, referral):
        return {
            "for_whom": referral.for_whom,
            "topics": [topic.pk for topic in referral.topics.all()],
            "message": referral.message,
            "language": referral.language_id,
            "needs_interpreter": referral.needs_interpreter,
            "accessibility_needs": referral.accessibility_needs,
            "accessibility_other": referral.accessibility_other,
            "contact_times": referral.contact_times,
            "age_band": referral.age_band,
            "gender": referral.gender,
        }

    def clean(self):
        data = super().clean()
        require_description(self, data)
        return data

    def save(self, user):
        data = self.cleaned_data
        return referrals.complete_details(self.referral, data["version"], user, data)


class ErasureForm(VersionedForm):
    """Erasing a referral's personal data at the person's request."""

    reason = forms.CharField(
        label=_("Why is it erased?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For example: the person asked by phone on 3 March. Do not write the person's "
            "name or other personal data."
        ),
        error_messages={"required": _("Write why the data is erased.")},
    )
    confirm = forms.BooleanField(
        label=_("I understand that the name, contact details and message are removed for good"),
        error_messages={"required": _("Tick the box to confirm.")},
    )
