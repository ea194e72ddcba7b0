"""The routing API under /api/v1/."""

from django.urls import path

from networks import api

app_name = "networks_api"

urlpatterns = [
    path("route/", api.route_view, name="route"),
]
