"""When the database cannot be reached, answer 503 "please try again" instead of 500.

A request that fails this way has saved nothing (its transaction was rolled back), so the
page says so; Django reconnects on the next request (CONN_HEALTH_CHECKS), and the service
recovers by itself once the database is back.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views import defaults

logger = logging.getLogger("core.unavailable")

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 10


def unavailable_response(request):
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {
                "error": "Tjänsten är tillfälligt otillgänglig. Försök igen om en stund. "
                "The service is temporarily unavailable. Please try again in a while."
            },
            status=503,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        # 503.html uses no template tags that need the database.
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        logger.error("Database unavailable (%s); answered 503.", exception.__class__.__name__)
        return unavailable_response(request)


def server_error(request):
    """handler500: a database error raised outside a view (in a middleware, say) still
    gets the 503 "please try again" page; anything else gets the ordinary 500 page."""
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return unavailable_response(request)
    return defaults.server_error(request)
