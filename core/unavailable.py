"""When the database cannot be reached, answer 503 "please try again", never 500.

A request that fails this way has saved nothing (its transaction was rolled back), so the
page says so; Django reconnects on the next request (CONN_HEALTH_CHECKS), and the service
recovers by itself once the database is back.

What counts as "the database cannot be reached": an OperationalError or InterfaceError,
Django's or the database driver's own, anywhere in the exception's chain (`__cause__`,
`__context__`). Both halves matter:

- Django wraps most driver errors in its own classes, but not all. Closing a server-side
  cursor (QuerySet.iterator(), which a ModelChoiceField uses for its options while the
  template renders) raises psycopg's own OperationalError when the connection was lost;
  during a PostgreSQL restart that made the referral form page answer 500.
- Some code turns a database error into another exception: a session that cannot be saved
  after the view becomes Django's SessionInterrupted, which Django answers with 400.

Where it is caught, at every stage of a request:

- the view, and the rendering of a TemplateResponse after the view returned (context
  processors, template tags, lazy querysets): Django hands both to process_exception;
- any other middleware, before or after the view (session saving, the page cache):
  Django answers with handler500 (`server_error`) or, for SessionInterrupted, handler400
  (`bad_request`), both in config/urls.py;
- a streaming response: its first chunk is made here, while a 503 can still be sent.
  A failure after the first chunk can only cut the download short: the status was sent.

Other database errors (an IntegrityError, a missing column) are bugs and stay 500.
"""

import itertools
import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.db.utils import load_backend
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.views import defaults

logger = logging.getLogger("core.unavailable")


def _connection_errors():
    errors = {OperationalError, InterfaceError}
    for database in settings.DATABASES.values():
        driver = load_backend(database["ENGINE"]).Database  # psycopg, sqlite3
        errors |= {driver.OperationalError, driver.InterfaceError}
    return tuple(errors)


# For `except DATABASE_ERRORS:`; database_error_in() also looks along the chain.
DATABASE_ERRORS = _connection_errors()
RETRY_AFTER_SECONDS = 10


def database_error_in(exception):
    """The lost-connection error in the exception or among its causes, or None."""
    seen = set()
    while exception is not None and id(exception) not in seen:
        if isinstance(exception, DATABASE_ERRORS):
            return exception
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return None


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


def _answer_unavailable(request, exception):
    """The 503 response when a lost connection is behind the exception, else None."""
    error = database_error_in(exception)
    if error is None:
        return None
    message = str(error).strip().partition("\n")[0]
    logger.error(
        "Database unavailable (%s.%s: %s); answered 503.",
        type(error).__module__,
        type(error).__name__,
        message,
    )
    return unavailable_response(request)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.streaming and not getattr(response, "is_async", False):
            response = self._first_chunk_here(request, response)
        return response

    def _first_chunk_here(self, request, response):
        if getattr(response, "file_to_stream", None) is not None:
            return response  # a file (sent by the server itself), not the database
        chunks = iter(response.streaming_content)
        try:
            first = next(chunks, None)
        except Exception as exception:
            unavailable = _answer_unavailable(request, exception)
            if unavailable is None:
                raise
            return unavailable
        response.streaming_content = chunks if first is None else itertools.chain([first], chunks)
        return response

    def process_exception(self, request, exception):
        return _answer_unavailable(request, exception)


def server_error(request):
    """handler500: a database error raised outside a view (in a middleware, say) still
    gets the 503 "please try again" page; anything else gets the ordinary 500 page."""
    return _answer_unavailable(request, sys.exc_info()[1]) or defaults.server_error(request)


def bad_request(request, exception):
    """handler400: a session that could not be saved because the database was lost
    (Django's SessionInterrupted) gets the 503 page, not "Bad Request"."""
    return _answer_unavailable(request, exception) or defaults.bad_request(request, exception)
