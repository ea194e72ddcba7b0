"""The page cache: pages that are the same for every visitor are served from the cache,
with a fresh CSRF token and CSP nonce each time, and never after a change is published."""

import re

import pytest
from django.test import Client

from directory.models import InformationReport, SupportPointPage
from home import page_cache

pytestmark = pytest.mark.django_db

VETLANDA_LIBRARY = "/hitta-hjalp/demo-vetlanda-bibliotek/bibliotekets-digitala-hjalp-vetlanda/"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def visitor():
    return Client(enforce_csrf_checks=True)


def test_support_point_page_is_cached_and_the_report_form_still_works(demo_site):
    first = visitor().get(VETLANDA_LIBRARY)
    assert first["X-Page-Cache"] == "miss"
    other = visitor()
    second = other.get(VETLANDA_LIBRARY)
    assert second["X-Page-Cache"] == "hit"
    html = second.content.decode()
    assert "Bibliotekets digitala hjälp – Vetlanda" in html
    # Every visitor gets a token of their own, and the form accepts it.
    token = CSRF.search(html).group(1)
    assert token != CSRF.search(first.content.decode()).group(1)
    assert "csrftoken" in second.cookies
    response = other.post(
        VETLANDA_LIBRARY, {"message": "Nytt telefonnummer", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert InformationReport.objects.get().message == "Nytt telefonnummer"


def test_each_response_has_its_own_nonce_in_header_and_page(demo_site):
    html = b'<script nonce="NONCE">x()</script><input name="csrfmiddlewaretoken" value="' + (
        b"a" * 64 + b'">'
    )
    frozen = page_cache.freeze(html, "NONCE")
    assert b"NONCE" not in frozen and b"a" * 64 not in frozen

    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.csp_nonce = "FRESH"
    thawed = page_cache.thaw(frozen, request).decode()
    assert 'nonce="FRESH"' in thawed
    assert re.search(r'value="[A-Za-z0-9]{64}"', thawed) and "a" * 64 not in thawed
    response = visitor().get("/")
    policy_nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    again = visitor().get("/")
    assert again["X-Page-Cache"] == "hit"
    assert re.search(r"'nonce-([^']+)'", again["Content-Security-Policy"]).group(1) != (
        policy_nonce
    )


def test_publishing_a_change_is_shown_at_once(demo_site):
    visitor().get(VETLANDA_LIBRARY)
    assert visitor().get(VETLANDA_LIBRARY)["X-Page-Cache"] == "hit"
    point = SupportPointPage.objects.get(slug="bibliotekets-digitala-hjalp-vetlanda")
    point.temporary_notice = "Stängt för renovering till 3 mars"
    point.save_revision().publish()
    response = visitor().get(VETLANDA_LIBRARY)
    assert response["X-Page-Cache"] == "miss"
    assert "Stängt för renovering till 3 mars" in response.content.decode()


def test_unpublished_page_is_gone_at_once(demo_site):
    visitor().get(VETLANDA_LIBRARY)
    assert visitor().get(VETLANDA_LIBRARY)["X-Page-Cache"] == "hit"
    SupportPointPage.objects.get(slug="bibliotekets-digitala-hjalp-vetlanda").unpublish()
    assert visitor().get(VETLANDA_LIBRARY).status_code == 404


def test_organisation_page_follows_changes_to_its_support_points(demo_site):
    organisation = "/hitta-hjalp/demo-vetlanda-bibliotek/"
    visitor().get(organisation)
    assert visitor().get(organisation)["X-Page-Cache"] == "hit"
    point = SupportPointPage.objects.get(slug="bibliotekets-digitala-hjalp-vetlanda")
    point.title = "Bibliotekets it-hjälp – Vetlanda"
    point.save_revision().publish()
    assert "Bibliotekets it-hjälp – Vetlanda" in visitor().get(organisation).content.decode()


def test_logged_in_editors_searches_and_forms_are_never_cached(demo_site, django_user_model):
    editor = Client()
    editor.force_login(django_user_model.objects.create_user("redaktor", password="x" * 12))
    for _ in range(2):
        assert "X-Page-Cache" not in editor.get(VETLANDA_LIBRARY)
    for path in (
        "/hitta-hjalp/",
        "/hitta-hjalp/?q=bankid",
        "/be-om-hjalp/",
        VETLANDA_LIBRARY + "?reported=1",
    ):
        for _ in range(2):
            assert "X-Page-Cache" not in visitor().get(path)


def test_english_and_swedish_are_cached_apart(demo_site):
    assert 'lang="sv"' in visitor().get("/").content.decode()
    visitor().get("/en/")
    english = visitor().get("/en/")
    assert english["X-Page-Cache"] == "hit"
    assert 'lang="en"' in english.content.decode()
