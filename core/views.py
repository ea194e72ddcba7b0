"""Site-wide views outside the page tree."""

from pathlib import Path

from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import cache_control, never_cache

from core import readiness


@never_cache
def healthz(request):
    """Liveness, for systemd and load balancers: the process answers. Nothing else is
    checked (no database query), so a restart is never the answer to an outage
    elsewhere; /readyz says whether the process can serve."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """Readiness, check by check (core/readiness.py): 200 when "ok" or "degraded" (keep
    sending traffic: a process whose cache is down still serves from the database), 503
    when "unavailable" (the database does not answer, or migrations are pending)."""
    report = readiness.report()
    status = 503 if report["status"] == readiness.UNAVAILABLE else 200
    return JsonResponse(report, status=status)


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
