"""Site-wide addresses outside the page tree and outside the language prefixes."""

from django.urls import path

from core.views import favicon

urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
]
