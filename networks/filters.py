"""The filters of the coordinators' referral listing (Wagtail's filter panel).

The reference is looked up through the listing's search box (`?q=`), not here: see
networks.referral_admin.listing.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from directory.models import HelpTopic
from geography.models import Municipality
from networks import escalation
from networks.form_fields import IdChoiceFilter
from networks.models import AgeBand, Referral, ReferralSource, ReferralStatus


class ReferralFilter(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=ReferralStatus.choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    topic = IdChoiceFilter(
        label=_("Help with"),
        field_name="topics",
        queryset=HelpTopic.objects.all(),
        empty_label=_("All"),
    )
    municipality = IdChoiceFilter(
        label=_("Municipality"), queryset=Municipality.objects.all(), empty_label=_("All")
    )
    age_band = django_filters.ChoiceFilter(
        label=_("Age"), choices=AgeBand.choices, empty_label=_("All"), widget=forms.RadioSelect
    )
    source = django_filters.ChoiceFilter(
        label=_("Source"),
        choices=ReferralSource.choices,
        empty_label=_("All"),
        widget=forms.RadioSelect,
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"),
        choices=[("yes", _("Not contacted by the promised day"))],
        empty_label=_("All"),
        method="filter_overdue",
        widget=forms.RadioSelect,
    )
    # ?created_from=…&created_to=… (the widget's suffixes), each end included.
    created = django_filters.DateFromToRangeFilter(
        label=_("Created"), field_name="created_at", widget=DateRangePickerWidget
    )

    class Meta:
        model = Referral
        fields = []

    def filter_overdue(self, queryset, name, value):
        return escalation.overdue(queryset) if value == "yes" else queryset
