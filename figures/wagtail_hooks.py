"""Wagtail admin hooks of the statistics: their pages and their Reports menu item, shown
only to those who may see some figures."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from figures import access, admin_views


@hooks.register("register_admin_urls")
def register_statistics_urls():
    return [
        path(f"statistics/{key}/", view, name=f"{admin_views.URL_NAME}_{key}")
        for key, view in admin_views.views().items()
    ]


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return access.scope_for(request.user) is not None


@hooks.register("register_reports_menu_item")
def register_statistics_menu_item():
    return StatisticsMenuItem(
        _("Statistics"),
        reverse(f"{admin_views.URL_NAME}_demand"),
        name="statistics",
        icon_name="table",
        order=50,
    )
