"""Forms of the partner admin screens."""

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import InformationReport


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)


class HandledForm(forms.ModelForm):
    class Meta:
        model = InformationReport
        fields = ["handled_note"]
        labels = {"handled_note": _("What was done (optional)")}
