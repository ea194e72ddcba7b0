"""The coordinators' forms: registering a referral taken by phone, the actions on a
referral (status, assignment, note, forwarding) and erasing its personal data.

Each action form carries the `version` of the referral the coordinator saw (optimistic
locking: networks.referrals refuses a change to a referral that moved on) and its own
prefix, so that the four forms on the referral's page never share an element id.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from directory.models import SupportPointPage
from networks import referrals
from networks.form_fields import IdChoiceField
from networks.forms import ReferralForm
from networks.models import Network, ReferralStatus


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
