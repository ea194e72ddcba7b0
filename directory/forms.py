"""The public "report wrong information" form of a support point."""

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import InformationReport


class InformationReportForm(forms.ModelForm):
    # A honeypot: hidden from people, filled in by bots. Anything in it drops the report.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = InformationReport
        fields = ["message", "contact"]
        widgets = {"message": forms.Textarea(attrs={"rows": 5, "maxlength": 2000})}
        help_texts = {
            "message": _("For example: the opening hours have changed, or the phone number."),
            "contact": _("Only if you want us to be able to ask you something."),
        }

    @property
    def is_spam(self):
        return bool(self.cleaned_data.get("website"))
