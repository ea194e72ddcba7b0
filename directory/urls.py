"""URLs of the directory outside the page tree (JSON API)."""

from django.urls import path

from directory import api

app_name = "directory"

urlpatterns = [
    path("api/v1/support-points/", api.support_points, name="support-points"),
    path(
        "api/v1/support-points.geojson", api.support_points_geojson, name="support-points-geojson"
    ),
]
