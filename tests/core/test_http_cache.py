"""Public pages are the same for every visitor: they say so (Cache-Control public,
max-age, s-maxage), are kept by Django's cache for anonymous visitors, and are purged —
in every language, with the pages that show them — the moment a change is published,
unpublished, moved or restricted. Publishing one place leaves every other page cached."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client
from django.utils import translation
from wagtail.models import PageViewRestriction

from directory.models import OrganisationPage, SupportPointPage

pytestmark = pytest.mark.django_db

VETLANDA_LIBRARY = "/hitta-hjalp/demo-vetlanda-bibliotek/bibliotekets-digitala-hjalp-vetlanda/"
VETLANDA_ORGANISATION = "/hitta-hjalp/demo-vetlanda-bibliotek/"
EKSJO_LIBRARY = "/hitta-hjalp/demo-eksjo-bibliotek/bibliotekets-digitala-hjalp-eksjo/"


def visitor():
    return Client(enforce_csrf_checks=True)


def cached(path):
    """Visit twice; the second answer's cache status."""
    visitor().get(path)
    return visitor().get(path).get("X-Page-Cache")


def vetlanda_library():
    return SupportPointPage.objects.get(slug="bibliotekets-digitala-hjalp-vetlanda")


def test_public_pages_say_so_and_are_kept(demo_site, settings):
    first = visitor().get(VETLANDA_LIBRARY)
    assert first["X-Page-Cache"] == "miss"
    seconds = settings.PAGE_CACHE_SECONDS
    for part in ("public", f"max-age={seconds}", f"s-maxage={seconds}"):
        assert part in first["Cache-Control"]
    second = visitor().get(VETLANDA_LIBRARY)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    # Nothing per visitor: no form token, no cookie; the security headers are fresh.
    assert b"csrfmiddlewaretoken" not in second.content and not second.cookies
    assert "script-src 'self'" in second["Content-Security-Policy"]


def test_the_report_form_is_a_page_of_its_own_that_is_never_kept(demo_site):
    from directory.models import InformationReport

    place = visitor().get(VETLANDA_LIBRARY).content.decode()
    report_url = f"/rapportera-fel/{vetlanda_library().pk}/"
    assert f'href="{report_url}"' in place
    person = visitor()
    form = person.get(report_url)
    assert "X-Page-Cache" not in form and "no-store" in form["Cache-Control"]
    token = form.cookies["csrftoken"].value
    response = person.post(
        report_url,
        {"message": "Nytt telefonnummer", "csrfmiddlewaretoken": token},
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 302
    assert InformationReport.objects.get().message == "Nytt telefonnummer"


def test_publishing_a_change_is_shown_at_once_in_both_languages(demo_site):
    english = "/en" + VETLANDA_LIBRARY
    assert cached(VETLANDA_LIBRARY) == cached(english) == "hit"
    point = vetlanda_library()
    point.temporary_notice = "Stängt för renovering till 3 mars"
    point.save_revision().publish()
    for path in (VETLANDA_LIBRARY, english):
        response = visitor().get(path)
        assert response["X-Page-Cache"] == "miss"
        assert "Stängt för renovering till 3 mars" in response.content.decode()


def test_one_publish_leaves_the_other_pages_cached(demo_site):
    assert cached(VETLANDA_LIBRARY) == cached(EKSJO_LIBRARY) == cached("/") == "hit"
    point = vetlanda_library()
    point.temporary_notice = "Stängt idag"
    point.save_revision().publish()
    assert visitor().get(EKSJO_LIBRARY)["X-Page-Cache"] == "hit"
    assert visitor().get("/")["X-Page-Cache"] == "hit"


def test_unpublished_page_is_gone_at_once(demo_site):
    assert cached(VETLANDA_LIBRARY) == "hit"
    vetlanda_library().unpublish()
    assert visitor().get(VETLANDA_LIBRARY).status_code == 404


def test_a_new_slug_moves_the_page_at_once(demo_site, django_capture_on_commit_callbacks):
    assert cached(VETLANDA_LIBRARY) == cached("/en" + VETLANDA_LIBRARY) == "hit"
    point = vetlanda_library()
    point.slug = "it-hjalp-vetlanda"
    # Wagtail says so on commit; an editor working in Swedish publishes it.
    with translation.override("sv"), django_capture_on_commit_callbacks(execute=True):
        point.save_revision().publish()
    new = VETLANDA_ORGANISATION + "it-hjalp-vetlanda/"
    # The old address leads to the new one (Wagtail's automatic redirect); the old English
    # address is no longer served from the cache either.
    assert visitor().get(VETLANDA_LIBRARY)["Location"] == new
    assert visitor().get("/en" + VETLANDA_LIBRARY).status_code == 404
    assert visitor().get(new).status_code == visitor().get("/en" + new).status_code == 200


def test_a_password_added_to_a_page_is_asked_for_at_once(demo_site):
    assert cached(VETLANDA_LIBRARY) == "hit"
    PageViewRestriction.objects.create(
        page=OrganisationPage.objects.get(slug="demo-vetlanda-bibliotek"),
        restriction_type=PageViewRestriction.PASSWORD,
        password="hemligt",
    )
    response = visitor().get(VETLANDA_LIBRARY)
    assert b'name="password"' in response.content
    assert "Bibliotekets digitala hjälp – Vetlanda" not in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_organisation_page_follows_changes_to_its_support_points(demo_site):
    assert cached(VETLANDA_ORGANISATION) == "hit"
    point = vetlanda_library()
    point.title = "Bibliotekets it-hjälp – Vetlanda"
    point.save_revision().publish()
    assert (
        "Bibliotekets it-hjälp – Vetlanda" in visitor().get(VETLANDA_ORGANISATION).content.decode()
    )


def test_support_point_pages_follow_their_organisations_name(demo_site):
    assert cached(VETLANDA_LIBRARY) == "hit"
    organisation = OrganisationPage.objects.get(slug="demo-vetlanda-bibliotek")
    organisation.title = "Demo Vetlanda stadsbibliotek"
    organisation.save_revision().publish()
    assert "Demo Vetlanda stadsbibliotek" in visitor().get(VETLANDA_LIBRARY).content.decode()


def test_editors_searches_and_forms_are_never_kept(demo_site, django_user_model):
    editor = Client()
    editor.force_login(django_user_model.objects.create_user("redaktor", password="x" * 12))
    for _ in range(2):
        assert "X-Page-Cache" not in editor.get(VETLANDA_LIBRARY)
    for path in ("/hitta-hjalp/", "/hitta-hjalp/?q=bankid", "/be-om-hjalp/", "/api/v1/route/"):
        for _ in range(2):
            assert "X-Page-Cache" not in visitor().get(path)


def test_english_and_swedish_are_kept_apart(demo_site):
    assert 'lang="sv"' in visitor().get("/").content.decode()
    assert cached("/en/") == "hit"
    assert 'lang="en"' in visitor().get("/en/").content.decode()


class PurgeRecorder(BaseHTTPRequestHandler):
    """A front proxy that accepts HTTP PURGE (Varnish-style) and notes what it was told."""

    purged = []

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.purged.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def front_proxy(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    PurgeRecorder.purged = []
    settings.WAGTAILFRONTENDCACHE = {
        **settings.WAGTAILFRONTENDCACHE,
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        },
    }
    yield PurgeRecorder.purged
    server.shutdown()
    server.server_close()


def test_a_front_proxy_is_told_to_purge_the_place_and_its_organisation(
    demo_site, front_proxy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        point = vetlanda_library()
        point.temporary_notice = "Stängt idag"
        point.save_revision().publish()
    for path in (VETLANDA_LIBRARY, "/en" + VETLANDA_LIBRARY, VETLANDA_ORGANISATION):
        assert path in front_proxy
    assert EKSJO_LIBRARY not in front_proxy
