"""Site-wide views outside the page tree."""

from pathlib import Path

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import cache_control, never_cache


@never_cache
def healthz(request):
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


OPENAPI_PATH = Path(__file__).resolve().parent.parent / "config" / "openapi.json"


@cache_control(public=True, max_age=3600)
def openapi(request):
    """The OpenAPI description of /api/v1/ (a static file kept next to the settings)."""
    return HttpResponse(OPENAPI_PATH.read_bytes(), content_type="application/json")


FAVICON_PATH = Path(__file__).resolve().parent.parent / "static" / "img" / "favicon.ico"


@cache_control(public=True, max_age=86400)
def favicon(request):
    """/favicon.ico: browsers, bookmarks and feed readers ask for it at the site's root
    whether or not a page links an icon (the pages link static/img/favicon.svg)."""
    return HttpResponse(FAVICON_PATH.read_bytes(), content_type="image/x-icon")
