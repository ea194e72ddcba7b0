"""Remembered page routing (home.page_routes): pages the page cache does not keep (the
directory, the referral form) skip Wagtail's Site and page-tree queries after the first
visit, and a page published, unpublished, moved or restricted is routed anew at once."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from networks.models import ReferralPage

pytestmark = pytest.mark.django_db

FORM = "/be-om-hjalp/"


def get(path):
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(path)
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    return response, tables


def test_a_second_visit_is_routed_without_site_or_page_tree_queries(demo_site):
    first, first_sql = get(FORM)
    second, second_sql = get(FORM)
    assert first.status_code == second.status_code == 200
    assert "wagtailcore_site" in first_sql
    assert "wagtailcore_site" not in second_sql
    assert second.content.count(b"<form") == first.content.count(b"<form") >= 1
    # The English page is routed for English: its own answer, in English.
    english, _sql = get("/en" + FORM)
    assert english.status_code == 200 and b'lang="en"' in english.content


def test_an_unpublished_page_is_gone_at_once(demo_site):
    assert get(FORM)[0].status_code == 200
    ReferralPage.objects.get().unpublish()
    assert get(FORM)[0].status_code == 404


def test_a_new_slug_moves_the_page_at_once(demo_site):
    assert get(FORM)[0].status_code == 200
    page = ReferralPage.objects.get()
    page.slug = "kontakta-oss"
    page.save_revision().publish()
    assert get(FORM)[0].status_code == 404
    assert get("/kontakta-oss/")[0].status_code == 200


def test_a_password_added_to_a_page_is_asked_for_at_once(demo_site):
    assert get(FORM)[0].status_code == 200
    PageViewRestriction.objects.create(
        page=ReferralPage.objects.get(),
        restriction_type=PageViewRestriction.PASSWORD,
        password="hemligt",
    )
    response, _sql = get(FORM)
    assert b'name="password"' in response.content
    assert b'name="submission_token"' not in response.content


def test_routes_are_not_remembered_when_turned_off(demo_site, settings):
    settings.REMEMBER_PAGE_ROUTES = False
    get(FORM)
    response, sql = get(FORM)
    assert response.status_code == 200 and "wagtailcore_site" in sql
