"""A lost database connection answers 503 "please try again" at every stage of a request:
the view, template rendering after the view returned, middleware before and after the view
(session saving), streaming, the API; an ordinary bug still answers 500.

The database errors are real, not raised by the test: on PostgreSQL the server ends the
test's connection (pg_terminate_backend from a second connection), as in a restart; on
SQLite, whose database cannot go away, a query reads a table that does not exist (also an
OperationalError). The test views live here, under this module's URLs (with the site's
own, and its error handlers).
"""

import copy

import pytest
from django import template
from django.db import connection
from django.http import HttpResponse, StreamingHttpResponse
from django.template import engines
from django.template.response import TemplateResponse
from django.test import Client
from django.urls import path
from wagtail.models import Locale

from config import urls as site_urls

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

ON_POSTGRES = connection.vendor == "postgresql"
TRY_AGAIN = "Försök igen om en liten stund"


# --- Real database errors --------------------------------------------------------------


def lose_connection():
    """PostgreSQL: the server ends this connection, as when it restarts."""
    import psycopg

    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    params = connection.settings_dict
    with psycopg.connect(
        dbname=params["NAME"],
        user=params["USER"],
        password=params["PASSWORD"],
        host=params["HOST"],
        port=params["PORT"] or None,
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


def database_error():
    """A query that fails the way one does while the database is away (OperationalError,
    wrapped by Django)."""
    with connection.cursor() as cursor:
        if ON_POSTGRES:
            lose_connection()
            cursor.execute("SELECT 1")
        else:
            cursor.execute("SELECT * FROM no_such_table")


def driver_error():
    """The driver's own OperationalError, which Django does not wrap: closing a server-side
    cursor (QuerySet.iterator(), a ModelChoiceField's options) after the connection was
    lost — what answered 500 on the referral form during a PostgreSQL restart."""
    if ON_POSTGRES:
        cursor = connection.chunked_cursor()
        cursor.execute("SELECT 1")
        cursor.fetchmany(10)
        lose_connection()
        try:
            cursor.close()  # raises psycopg.errors.AdminShutdown
        finally:
            cursor.close()  # the connection has gone: this only marks the cursor closed
    else:
        connection.ensure_connection()
        connection.connection.execute("SELECT * FROM no_such_table")


def lose_session_table():
    """Django's own session saving (after the view) fails."""
    if ON_POSTGRES:
        lose_connection()
    else:
        with connection.cursor() as cursor:  # rolled back with the test
            cursor.execute("DROP TABLE django_session")


@pytest.fixture(autouse=True)
def _reconnect_afterwards():
    yield
    connection.close()  # a terminated connection is not reused by the next test


@pytest.fixture
def visitor():
    """A browser: gets the answer a person would, also where Django answers an exception
    through its error handlers (the test client would raise it instead)."""
    return Client(raise_request_exception=False)


@pytest.fixture(autouse=True)
def _test_template_tags(settings):
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["libraries"] = {"lost_database": __name__}
    settings.TEMPLATES = templates


def assert_try_again(response):
    """What the person sees: "please try again", to be retried, and never kept by a cache."""
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    for part in ("no-cache", "no-store"):
        assert part in response["Cache-Control"]
    assert TRY_AGAIN in response.content.decode()
    assert "inte</strong> sparats" in response.content.decode()


# --- Test views, template tags, middleware ---------------------------------------------

register = template.Library()


@register.simple_tag
def database_error_here():
    database_error()
    return ""


@register.simple_tag
def database_error_reraised():
    """A tag that turns the database error into another exception."""
    try:
        database_error()
    except Exception as error:
        raise template.TemplateSyntaxError("could not render the tag") from error


def page(body):
    return engines["django"].from_string("{% load lost_database %}<main>" + body + "</main>")


def view_with_database_error(request):
    database_error()
    return HttpResponse("not reached")


def view_with_a_bug(request):
    raise ValueError("an ordinary bug")


def lazy_queryset_in_template(request):
    """The view returns; the queryset is first read while the template renders."""
    locales = Locale.objects.all()
    if ON_POSTGRES:
        lose_connection()
    else:
        locales = Locale.objects.raw("SELECT * FROM no_such_table")
    return TemplateResponse(
        request, page("{% for l in locales %}{{ l }}{% endfor %}"), {"locales": locales}
    )


def template_tag_in_template(request):
    return TemplateResponse(request, page("{% database_error_here %}"), {})


def reraising_tag_in_template(request):
    return TemplateResponse(request, page("{% database_error_reraised %}"), {})


def driver_error_in_template(request):
    return TemplateResponse(request, page("{{ driver_error }}"), {"driver_error": driver_error})


def context_processor_in_template(request):
    request.database_error_in_context_processor = True
    return TemplateResponse(request, page("{{ user }}"), {})


def failing_context_processor(request):
    if getattr(request, "database_error_in_context_processor", False):
        database_error()
    return {}


def bug_in_template(request):
    def bug():
        raise ValueError("an ordinary bug")

    return TemplateResponse(request, page("{{ bug }}"), {"bug": bug})


def session_changed_then_database_lost(request):
    request.session["seen"] = request.session.get("seen", 0) + 1
    if "lose" in request.GET:
        lose_session_table()
    return HttpResponse("saved?")


def streaming_with_database_error(request):
    def rows():
        database_error()
        yield "not reached"

    return StreamingHttpResponse(rows())


class DatabaseErrorBeforeTheView:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "before" in request.GET:
            database_error()
        response = self.get_response(request)
        if "after" in request.GET:
            database_error()
        return response


urlpatterns = [
    path("lost/view/", view_with_database_error),
    path("api/v1/lost/", view_with_database_error),
    path("lost/bug/", view_with_a_bug),
    path("lost/lazy-queryset/", lazy_queryset_in_template),
    path("lost/template-tag/", template_tag_in_template),
    path("lost/reraised/", reraising_tag_in_template),
    path("lost/driver/", driver_error_in_template),
    path("lost/context-processor/", context_processor_in_template),
    path("lost/bug-in-template/", bug_in_template),
    path("lost/session/", session_changed_then_database_lost),
    path("lost/streaming/", streaming_with_database_error),
    path("lost/plain/", lambda request: HttpResponse("ok")),
    *site_urls.urlpatterns,
]
handler400 = site_urls.handler400
handler500 = site_urls.handler500


# --- Tests -------------------------------------------------------------------------------


def test_database_error_in_the_view(visitor):
    assert_try_again(visitor.get("/lost/view/"))


@pytest.mark.parametrize(
    "url",
    [
        "/lost/lazy-queryset/",
        "/lost/template-tag/",
        "/lost/driver/",
        "/lost/reraised/",
    ],
    ids=["lazy queryset", "template tag", "driver's own error", "re-raised as another error"],
)
def test_database_error_while_the_template_renders_after_the_view_returned(visitor, url):
    assert_try_again(visitor.get(url))


def test_database_error_in_a_context_processor(visitor, settings):
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["context_processors"].append(f"{__name__}.failing_context_processor")
    settings.TEMPLATES = templates
    assert_try_again(visitor.get("/lost/context-processor/"))


@pytest.mark.parametrize("stage", ["before", "after"])
def test_database_error_in_a_middleware_before_or_after_the_view(visitor, settings, stage):
    settings.MIDDLEWARE = [f"{__name__}.DatabaseErrorBeforeTheView", *settings.MIDDLEWARE]
    assert_try_again(visitor.get(f"/lost/plain/?{stage}"))


def test_session_that_cannot_be_saved_after_the_view(visitor):
    assert visitor.get("/lost/session/").status_code == 200  # the session exists
    assert_try_again(visitor.get("/lost/session/?lose"))


def test_streaming_response_that_fails_before_its_first_chunk(visitor):
    assert_try_again(visitor.get("/lost/streaming/"))


def test_api_answers_503_json(visitor):
    response = visitor.get("/api/v1/lost/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert "try again" in response.json()["error"]
    assert response["Retry-After"] == "10"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("url", ["/lost/bug/", "/lost/bug-in-template/"])
def test_an_ordinary_bug_is_still_500(visitor, url):
    response = visitor.get(url)
    assert response.status_code == 500
    assert "Något gick fel" in response.content.decode()


def test_referral_form_when_the_connection_is_lost_before_its_template_renders(
    visitor, demo_site, settings
):
    """The page that answered 500 during a restart: its view has returned, and the
    connection is gone when the form's template reads the topics and languages."""
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.LoseConnectionBeforeRendering"]
    assert_try_again(visitor.get("/be-om-hjalp/"))


class LoseConnectionBeforeRendering:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_template_response(self, request, response):
        if ON_POSTGRES:
            lose_connection()
        else:  # the form's languages can no longer be read (renamed back by the rollback)
            with connection.cursor() as cursor:
                cursor.execute("ALTER TABLE directory_language RENAME TO directory_language_gone")
        return response
