"""The directory's public pages outside the page tree (in every language)."""

from django.urls import path

from directory import views

app_name = "directory"

urlpatterns = [
    path(
        "rapportera-fel/<int:point_id>/",
        views.report_wrong_information,
        name="report",
    ),
]
