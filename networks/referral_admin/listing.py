"""The coordinators' referral listing: the referrals of their networks, a search by
reference, Wagtail's filter panel (networks.filters), the number of referrals in each
status, and CSV/XLSX exports that are formula-safe and recorded."""

import logging

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.search import SearchForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView

from core import security_log
from networks import referrals
from networks.exports import ReferralExportMixin
from networks.models import ReferralStatus


def created_text(referral):
    return timezone.localtime(referral.created_at).strftime("%Y-%m-%d %H:%M")


def due_text(referral):
    """The promised day, marked when it has passed without a contact."""
    if referral.due_on is None or referral.status != ReferralStatus.NEW:
        return "–"
    day = referral.due_on.isoformat()
    return _("%(day)s (overdue)") % {"day": day} if referral.is_overdue() else day


def topic_labels(referral):
    return ", ".join(topic.label for topic in referral.topics.all())


# The columns of the listing (ReferralViewSet.list_display); the reference links to the
# referral's page.
LIST_DISPLAY = [
    "reference",
    Column("created_at", label=_("Created"), accessor=created_text, sort_key="created_at"),
    "status",
    Column("due_on", label=_("Contact due"), accessor=due_text, sort_key="due_on"),
    Column("topics", label=_("Help with"), accessor=topic_labels),
    Column(
        "municipality",
        label=_("Municipality"),
        accessor=lambda r: r.municipality or "–",
        sort_key="municipality__name",
    ),
    "network",
    "source",
]


def status_counts(queryset):
    """[(status, label, number), …] for every status, in the order of the choices."""
    rows = queryset.order_by().values("status").annotate(n=Count("pk"))
    by_status = {row["status"]: row["n"] for row in rows}
    return [(value, label, by_status.get(value, 0)) for value, label in ReferralStatus.choices]


class ReferenceSearchForm(SearchForm):
    """The listing's search box, which looks up references."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, placeholder=_("For example DH-4K7P-2QX"), **kwargs)
        self.fields["q"].label = _("Reference")


class ReferralIndexView(ReferralExportMixin, IndexView):
    add_item_label = _("Register a referral taken by phone")

    def visible(self):
        return self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["view"]
        )

    def get_base_queryset(self):
        return self.visible().select_related("network", "municipality").prefetch_related("topics")

    def get_search_form(self):
        data = self.request.GET if self.search_kwarg in self.request.GET else None
        return ReferenceSearchForm(data)

    def search_queryset(self, queryset):
        """The references that start with what was typed, written any way ("dh 4k7p")."""
        reference = referrals.normalise_reference(self.search_query)
        return queryset.filter(reference__startswith=reference) if reference else queryset

    def get_list_more_buttons(self, instance):
        return []  # the reference is the link to the referral; it has no other pages to list

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if not (self.results_only or self.is_export):
            context["status_counts"] = status_counts(self.visible())
        return context

    def as_spreadsheet(self, queryset, spreadsheet_format):
        """Every exported referral gets an EXPORTED event; the security log says who
        exported how many, without personal data."""
        rows = list(queryset.select_related("language", "assigned_to"))
        referrals.record_export(rows, self.request.user)
        security_log.event(
            "referral_export",
            self.request,
            level=logging.INFO,
            format=spreadsheet_format,
            count=len(rows),
        )
        return super().as_spreadsheet(rows, spreadsheet_format)
