"""URLs of networks and referrals outside the page tree (routing API)."""

from django.urls import path

from networks import api

urlpatterns = [
    path("api/v1/route/", api.route_view, name="route-api"),
]
