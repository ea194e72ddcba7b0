"""Pages are translated the Wagtail way (wagtail-localize): a translator translates a
page in the admin and publishes it; until then the visitor sees the Swedish page in
their own language's address, with a note, never a 404; a place's facts stay in step."""

import re
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, Translation

from directory.models import SupportPointPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.get(username="admin"))
    return client


def swedish(slug):
    return Page.objects.get(slug=slug, locale__language_code="sv").specific


def h1(html):
    return re.search(r"<h1[^>]*>.*?</h1>", html, re.S).group(0)


def translate_in_admin(admin, page, language, texts, on_commit):
    """What a translator does: submit the page for translation into the language,
    translate its strings in wagtail-localize's editor, publish → the translation."""
    locale = Locale.objects.get(language_code=language)
    submit = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    response = admin.post(submit, {"locales": [locale.pk]})
    assert response.status_code == 302, response.content.decode()[:500]
    translated = page.get_translation(locale)
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=locale
    )
    for segment in StringSegment.objects.filter(source=translation.source).select_related(
        "string", "context"
    ):
        if segment.string.data in texts:
            url = reverse(
                "wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]
            )
            response = admin.put(
                url,
                urlencode({"value": texts[segment.string.data]}),
                content_type="application/x-www-form-urlencoded",
            )
            assert response.status_code == 201, response.content.decode()[:500]
    edit = reverse("wagtailadmin_pages:edit", args=[translated.pk])
    with on_commit(execute=True):  # wagtail-localize publishes once the revision commits
        response = admin.post(edit, {"action": "publish"})
    assert response.status_code == 302, response.content.decode()[:500]
    return translated.specific_class.objects.get(pk=translated.pk)


def test_an_untranslated_page_is_swedish_in_the_visitors_address_with_a_note(client, demo_site):
    response = client.get("/ar/om-tjansten/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert h1(html) == '<h1 lang="sv" dir="ltr">Om tjänsten</h1>'
    assert "untranslated-note" in html
    # Its links keep the visitor in Arabic.
    assert 'href="/ar/hitta-hjalp/"' in html and 'href="/ar/integritet/"' in html
    assert 'href="/hitta-hjalp/"' not in html


def test_the_english_texts_are_english_translations(client, demo_site):
    about = swedish("om-tjansten")
    english = about.get_translation(Locale.objects.get(language_code="en"))
    assert english.live and english.title == "About the service"
    html = client.get("/en/om-tjansten/").content.decode()
    assert h1(html) == '<h1 lang="en" dir="ltr">About the service</h1>'
    assert "untranslated-note" not in html


def test_a_page_translated_and_published_in_the_admin_is_shown(
    admin, client, demo_site, django_capture_on_commit_callbacks
):
    about = swedish("om-tjansten")
    arabic = translate_in_admin(
        admin, about, "ar", {"Om tjänsten": "عن الخدمة"}, django_capture_on_commit_callbacks
    )
    assert arabic.live and arabic.title == "عن الخدمة"
    html = client.get("/ar/om-tjansten/").content.decode()
    assert h1(html) == '<h1 lang="ar" dir="rtl">عن الخدمة</h1>'
    assert "untranslated-note" not in html
    # The Swedish and English pages are untouched; the page lists its translation status.
    assert "Om tjänsten" in client.get("/om-tjansten/").content.decode()
    assert "About the service" in client.get("/en/om-tjansten/").content.decode()


def test_a_place_keeps_its_facts_in_every_translation(
    admin, client, demo_site, django_capture_on_commit_callbacks
):
    point = SupportPointPage.originals.live().first()
    arabic = translate_in_admin(
        admin, point, "ar", {point.title: "مساعدة رقمية"}, django_capture_on_commit_callbacks
    )
    assert arabic.phone == point.phone
    point.phone = "036-99 99 99"
    with django_capture_on_commit_callbacks(execute=True):
        point.save_revision().publish()
    arabic.refresh_from_db()
    assert arabic.phone == "036-99 99 99"
    assert arabic.title == "مساعدة رقمية" and arabic.live
    # Shown at its Swedish address under /ar/, and counted once in the directory.
    html = client.get("/ar" + point.url).content.decode()
    assert "مساعدة رقمية" in h1(html) and "036-99 99 99" in html
    total = SupportPointPage.originals.live().count()
    listing = client.get("/ar/hitta-hjalp/").content.decode()
    assert re.search(rf"\b{total}\b", listing)
    # The directory's Arabic copy (made for the place's translation) is named in Arabic
    # and marks its Swedish introduction as Swedish.
    assert h1(listing) == "<h1>ابحث عن مساعدة</h1>"
    assert '<p class="lead" lang="sv" dir="ltr">' in listing


def test_the_directory_lists_every_place_in_every_language(client, demo_site):
    total = SupportPointPage.originals.live().count()
    for language in ("sv", "en", "ar", "fa", "so", "ti", "uk"):
        prefix = "" if language == "sv" else f"/{language}"
        response = client.get(f"{prefix}/hitta-hjalp/")
        assert response.status_code == 200
        assert re.search(rf"\b{total}\b", response.content.decode()), language
