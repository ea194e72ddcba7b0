"""The "Out-of-date listings" report (Admin → Reports): live support points nobody has
confirmed for a year, in the municipalities the user looks after, with their organisation
(linked to its editors, so the coordinator can ask someone to check) and their age.
Filterable by municipality and downloadable as CSV or XLSX, like Wagtail's own "Aging
pages" report."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from directory.models import OrganisationPage, SupportPointPage
from partners import freshness, roles

INDEX_URL_NAME = "partners_outdated_listings"
RESULTS_URL_NAME = "partners_outdated_listings_results"


def _scoped_municipalities(request):
    return roles.visible_municipalities(request.user).order_by("name")


class OutdatedListingsFilterSet(WagtailFilterSet):
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"), queryset=_scoped_municipalities, empty_label=_("All")
    )

    class Meta:
        model = SupportPointPage
        fields = ["municipality"]


def _age(point):
    return ngettext("%(days)d day", "%(days)d days", point.age_days) % {"days": point.age_days}


def _organisation_url(point):
    if point.organisation_id:
        return reverse("partner_editors:organisation", args=[point.organisation_id])
    return None


def _with_organisation(points):
    """Each point with its organisation (its parent page) as `organisation_id` and
    `organisation_title`, so the list can sort by organisation and export it."""
    parent = OrganisationPage.originals.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
    )
    return points.annotate(
        organisation_id=Subquery(parent.values("pk")[:1]),
        organisation_title=Subquery(parent.values("title")[:1]),
    )


class OutdatedListingsReport(ReportView):
    page_title = _("Out-of-date listings")
    header_icon = "time"
    template_name = "partners/admin/outdated_report.html"
    index_url_name = INDEX_URL_NAME
    index_results_url_name = RESULTS_URL_NAME
    filterset_class = OutdatedListingsFilterSet
    default_ordering = ("municipality__name", "last_verified", "title")
    columns = [
        Column("title", label=_("Place"), sort_key="title"),
        TitleColumn(
            "organisation_title",
            label=_("Organisation"),
            sort_key="organisation_title",
            get_url=_organisation_url,
        ),
        Column("municipality", label=_("Municipality"), sort_key="municipality__name"),
        Column("last_verified", label=_("Last confirmed"), sort_key="last_verified"),
        Column("age", label=_("Age"), accessor=_age),
    ]
    list_export = [
        "title",
        "organisation_title",
        "municipality.name",
        "street_address",
        "last_verified",
        "age_days",
    ]
    export_headings = {
        "title": _("Place"),
        "organisation_title": _("Organisation"),
        "municipality.name": _("Municipality"),
        "street_address": _("Street address"),
        "last_verified": _("Last confirmed"),
        "age_days": _("Age in days"),
    }
    export_filename = "out-of-date-listings"

    def dispatch(self, request, *args, **kwargs):
        if not roles.can_manage_partners(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        municipalities = roles.visible_municipalities(self.request.user)
        return _with_organisation(freshness.outdated_listings(municipalities))

    def decorate_paginated_queryset(self, object_list):
        for point in object_list:
            point.age_days = freshness.age_in_days(point.last_verified)
        return object_list

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["months"] = freshness.OUTDATED_AFTER_MONTHS
        return context


class OutdatedListingsMenuItem(MenuItem):
    def is_shown(self, request):
        return roles.can_manage_partners(request.user)


def menu_item():
    return OutdatedListingsMenuItem(
        _("Out-of-date listings"),
        reverse(INDEX_URL_NAME),
        name="out-of-date-listings",
        icon_name="time",
        order=100,
    )


def outdated_count(user):
    """How many out-of-date listings the user's report holds (the dashboard panel)."""
    return freshness.outdated_listings(roles.visible_municipalities(user)).count()
