"""The directory's JSON under /api/v1/."""

from django.urls import path

from directory import api

app_name = "directory_api"

urlpatterns = [
    path("support-points/", api.support_points, name="support-points"),
    path("support-points.geojson", api.support_points_geojson, name="support-points-geojson"),
    path("suggestions/", api.search_suggestions, name="suggestions"),
]
