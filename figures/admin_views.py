"""The statistics in the admin (Reports → Statistics): demand, handling, supply and gaps,
each a page of tables with charts, filters and downloads. Who sees what is decided here,
on the server, for the page and for every download (figures.access)."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from core import security_log
from figures import access, charts, rollup
from figures.forms import FilterForm
from figures.tables import SECTIONS, Figures

URL_NAME = "figures_statistics"


class StatisticsView(SpreadsheetExportMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "figures/admin/statistics.html"
    header_icon = "table"
    page_title = _("Statistics")
    section = "demand"

    def dispatch(self, request, *args, **kwargs):
        self.scope = access.scope_for(request.user)
        if self.scope is None:
            security_log.event("statistics_access_denied", request, view=self.section)
            return TemplateResponse(request, "figures/admin/denied.html", status=403)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return SECTIONS[self.section]

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{URL_NAME}_demand"), "label": _("Statistics")},
            {"url": "", "label": SECTIONS[self.section]},
        ]

    def tables(self, figures, form):
        if self.section == "demand":
            return figures.demand()
        if self.section == "handling":
            return figures.handling()
        if self.section == "supply":
            return [figures.map_table("places"), *figures.supply_tables()]
        return [
            figures.map_table(form.cleaned_data.get("shade") or "hours_per_older"),
            *figures.gaps(),
        ]

    def get(self, request, *args, **kwargs):
        shade = self.section == "gaps"
        self.form = FilterForm(self.scope, request.GET or None, shade=shade)
        self.table_list = []
        if not request.GET or self.form.is_valid():
            if not request.GET:
                self.form = FilterForm(self.scope, {}, shade=shade)
                self.form.is_valid()
            self.table_list = self.tables(Figures(self.scope, self.form.filters()), self.form)
        if self.is_export:
            return self.export(request.GET.get("table"))
        context = self.get_context_data(**kwargs)
        return self.render_to_response(context, status=200 if self.form.is_valid() else 400)

    def export(self, key):
        table = next((table for table in self.table_list if table.key == key), None)
        if table is None:
            raise Http404
        keys, rows = table.export_rows()
        self.list_export = keys
        self.export_headings = dict(zip(keys, map(str, table.headings), strict=True))
        self.export_filename = f"statistics-{self.section}-{table.key}"
        return self.as_spreadsheet(rows, self.request.GET["export"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("export", None)
        query.pop("table", None)
        context.update(
            {
                "form": self.form,
                "section": self.section,
                "sections": [
                    (key, label, reverse(f"{URL_NAME}_{key}")) for key, label in SECTIONS.items()
                ],
                "tables": [
                    (
                        table,
                        charts.for_table(table)
                        if table.chart != "map"
                        else charts.area_map(table.title, table.areas),
                    )
                    for table in self.table_list
                ],
                "query": query.urlencode(),
                "freshness": rollup.freshness(),
                "whole_county": self.scope.whole_county,
            }
        )
        return context


def views():
    return {key: StatisticsView.as_view(section=key) for key in SECTIONS}
