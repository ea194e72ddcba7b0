"""The pages every page links to are a site setting editors choose with page choosers."""

import pytest
from django.test import Client
from wagtail.models import Page

from home.models import NavigationSettings

pytestmark = pytest.mark.django_db


def test_the_demo_site_links_its_pages(client, demo_site):
    html = client.get("/hitta-hjalp/").content.decode()
    for href in ('href="/hitta-hjalp/"', 'href="/be-om-hjalp/"', 'href="/om-tjansten/"',
                 'href="/integritet/"'):  # fmt: skip
        assert href in html
    assert 'href="/hitta-hjalp/" aria-current="page"' in html


def test_an_editor_chooses_another_about_page(demo_site, django_user_model):
    admin = Client()
    admin.force_login(django_user_model.objects.get(username="admin"))
    privacy = Page.objects.get(slug="integritet", locale__language_code="sv")
    url = f"/admin/settings/home/navigationsettings/{demo_site.pk}/"
    form = admin.get(url)
    assert form.status_code == 200
    html = form.content.decode()
    for field in ("directory_page", "referral_page", "about_page", "privacy_page"):
        assert f'name="{field}"' in html and f'id="id_{field}-chooser' in html
    settings = NavigationSettings.for_site(demo_site)
    response = admin.post(
        url,
        {
            "directory_page": settings.directory_page_id,
            "referral_page": settings.referral_page_id,
            "about_page": privacy.pk,
            "privacy_page": privacy.pk,
        },
    )
    assert response.status_code == 302
    html = Client().get("/be-om-hjalp/").content.decode()
    assert 'href="/om-tjansten/"' not in html
    assert html.count('href="/integritet/"') >= 2


def test_unpublished_about_page_leaves_the_footer(client, demo_site):
    assert 'href="/om-tjansten/"' in client.get("/hitta-hjalp/").content.decode()
    Page.objects.get(slug="om-tjansten", locale__language_code="sv").specific.unpublish()
    assert 'href="/om-tjansten/"' not in client.get("/hitta-hjalp/").content.decode()
