"""The navigation every page shows is looked up once, then follows content changes."""

import pytest
from django.test import RequestFactory
from wagtail.models import Page

from home import navigation

pytestmark = pytest.mark.django_db


def test_navigation_is_cached_until_a_page_changes(demo_site, django_assert_num_queries):
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    first = navigation.site_pages(request)
    assert first["about"].slug == "om-tjansten"
    with django_assert_num_queries(0):
        assert navigation.site_pages(request)["about"].pk == first["about"].pk

    Page.objects.get(slug="om-tjansten").specific.unpublish()
    assert navigation.site_pages(request)["about"] is None


def test_unpublished_about_page_leaves_the_footer(client, demo_site):
    assert 'href="/om-tjansten/"' in client.get("/hitta-hjalp/").content.decode()
    Page.objects.get(slug="om-tjansten").specific.unpublish()
    assert 'href="/om-tjansten/"' not in client.get("/hitta-hjalp/").content.decode()
