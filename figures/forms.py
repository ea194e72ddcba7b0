"""The statistics' filters: a period of whole months, and a municipality, network and help
topic among those the reader may see. A choice outside the reader's scope is an invalid
choice like any other, so it tells them nothing."""

import datetime
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import HelpTopic
from figures.tables import SHADE_TITLES, Filters, Period, add_months
from geography.models import Municipality
from networks.models import Network

MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
YEARS = (2000, 2100)
LONGEST_PERIOD_MONTHS = 60


class MonthInput(forms.TextInput):
    input_type = "month"


class MonthField(forms.CharField):
    """A month written YYYY-MM (what a month input sends); cleaned to its first day."""

    widget = MonthInput

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return None
        match = MONTH.match(value)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise forms.ValidationError(
                _("Write the month as year and month, for example 2026-03."), code="month"
            )
        year = int(match.group(1))
        if not YEARS[0] <= year <= YEARS[1]:
            raise forms.ValidationError(
                _("Choose a year from %(first)d to %(last)d.")
                % {"first": YEARS[0], "last": YEARS[1]},
                code="year",
            )
        return datetime.date(year, int(match.group(2)), 1)


class FilterForm(forms.Form):
    start = MonthField(label=_("From month"), required=False)
    end = MonthField(label=_("To month"), required=False)
    municipality = forms.ModelChoiceField(
        Municipality.objects.none(), label=_("Municipality"), required=False, empty_label=_("All")
    )
    network = forms.ModelChoiceField(
        Network.objects.none(), label=_("Network"), required=False, empty_label=_("All")
    )
    topic = forms.ModelChoiceField(
        HelpTopic.objects.none(), label=_("Help topic"), required=False, empty_label=_("All")
    )
    shade = forms.ChoiceField(
        choices=SHADE_TITLES,
        label=_("Shade the map by"),
        required=False,
        initial="hours_per_older",
    )

    def __init__(self, scope, *args, shade=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not shade:  # only the gaps page has a map to shade
            del self.fields["shade"]
        municipalities = Municipality.objects.order_by("name")
        networks = Network.objects.order_by("name")
        if scope.municipality_ids is not None:
            municipalities = municipalities.filter(pk__in=scope.municipality_ids)
        if scope.network_ids is not None:
            networks = networks.filter(pk__in=scope.network_ids)
        self.fields["municipality"].queryset = municipalities
        self.fields["network"].queryset = networks
        self.fields["topic"].queryset = HelpTopic.objects.order_by("sort_order", "name")
        this_month = timezone.localdate().replace(day=1)
        self.fields["end"].widget.attrs["placeholder"] = f"{this_month:%Y-%m}"
        self.fields["start"].widget.attrs["placeholder"] = f"{add_months(this_month, -11):%Y-%m}"

    def clean(self):
        cleaned = super().clean()
        end = cleaned.get("end") or timezone.localdate().replace(day=1)
        start = cleaned.get("start") or add_months(end, -11)
        if "start" in self.errors or "end" in self.errors:
            return cleaned
        if start > end:
            raise forms.ValidationError(
                _("The first month must come before the last one."), code="order"
            )
        period = Period(start, end)
        if period.months > LONGEST_PERIOD_MONTHS:
            raise forms.ValidationError(
                _("Choose at most %(months)d months.") % {"months": LONGEST_PERIOD_MONTHS},
                code="long",
            )
        cleaned["period"] = period
        return cleaned

    def filters(self):
        data = self.cleaned_data
        return Filters(
            period=data["period"],
            municipality=data.get("municipality"),
            network=data.get("network"),
            topic=data.get("topic"),
        )
