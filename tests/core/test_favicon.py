"""The site's icon: /favicon.ico answers with an image, not a 404, and the icon the
pages link is a small SVG."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import NoReverseMatch, reverse

ICO_HEADER = b"\x00\x00\x01\x00"


def assert_is_the_icon(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")
    assert response.content.startswith(ICO_HEADER)
    assert "max-age" in response["Cache-Control"]


@pytest.mark.urls("core.urls")
def test_favicon_view_answers_with_an_icon(client):
    assert_is_the_icon(client.get("/favicon.ico"))


@pytest.mark.django_db
def test_site_answers_favicon_ico(client):
    try:
        path = reverse("favicon")
    except NoReverseMatch:
        pytest.fail("/favicon.ico is not routed: config/urls.py must include core.urls")
    assert path == "/favicon.ico"
    assert_is_the_icon(client.get(path))


def test_svg_icon_is_a_small_static_file():
    found = finders.find("img/favicon.svg")
    assert found
    with open(found, encoding="utf-8") as svg:
        text = svg.read()
    assert text.startswith("<svg") and 'viewBox="0 0 32 32"' in text
    assert len(text) < 2000
