"""Help topics, languages and target groups are translated in the admin (wagtail-localize):
a translation renames the entry in its language on the public site, in the search, the
suggestions and the referral form, while places keep referring to the Swedish entry."""

import pytest
from django.utils import translation

from directory.models import HelpTopic, Language

pytestmark = pytest.mark.django_db

ARABIC_NAME = "بنك آي دي والهوية الإلكترونية"


@pytest.fixture
def arabic_topic(admin_client, demo_site, committed):
    """An administrator submits the BankID topic for translation into Arabic and the
    translator writes its name."""
    topic = HelpTopic.objects.get(slug="bankid")
    # The reference data's own Arabic name set aside: a translator writes one.
    HelpTopic.all_locales.filter(slug="bankid", locale__language_code="ar").delete()
    listing = admin_client.get("/admin/snippets/directory/helptopic/").content.decode()
    assert f"/admin/localize/submit/snippet/directory/helptopic/{topic.pk}/" in listing
    with committed():
        response = admin_client.post(
            f"/admin/localize/submit/snippet/directory/helptopic/{topic.pk}/",
            {"locales": [_locale("ar")]},
        )
    assert response.status_code == 302
    translated = HelpTopic.all_locales.get(
        translation_key=topic.translation_key, locale__language_code="ar"
    )
    with committed():
        translated.name = ARABIC_NAME
        translated.search_words = "بنك_آي_دي"
        translated.save()
    return topic


def _locale(code):
    from wagtail.models import Locale

    return Locale.objects.get(language_code=code).pk


def test_the_translation_names_the_topic_in_arabic_only(client, arabic_topic):
    arabic = client.get("/ar/hitta-hjalp/").content.decode()
    assert f"{ARABIC_NAME}</option>" in arabic
    swedish = client.get("/hitta-hjalp/").content.decode()
    assert ARABIC_NAME not in swedish and "BankID och e-legitimation</option>" in swedish
    # Without a Persian translation: the Swedish name, marked as Swedish for screen readers.
    HelpTopic.all_locales.filter(slug="bankid", locale__language_code="fa").delete()
    persian = client.get("/fa/hitta-hjalp/?q=bankid").content.decode()
    assert ' lang="sv">BankID och e-legitimation</option>' in persian
    assert '<li><span lang="sv" dir="ltr">BankID och e-legitimation</span></li>' in persian
    # Places still refer to the Swedish entry; the filter by slug is the same everywhere.
    assert HelpTopic.objects.filter(slug="bankid").count() == 1
    assert client.get("/ar/hitta-hjalp/?topic=bankid").status_code == 200


def test_the_arabic_name_finds_the_places_and_is_suggested(client, arabic_topic):
    from directory.search import DirectorySearch

    offering = set(arabic_topic.supportpointpage_set.live().values_list("pk", flat=True))
    found = {pk for pk, _distance in DirectorySearch({"q": "بنك"}).ordered}
    assert offering and offering <= found
    suggestions = client.get("/api/v1/suggestions/?q=بنك&lang=ar").json()
    assert ARABIC_NAME in [s["label"] for s in suggestions["suggestions"]]


def test_english_names_came_over_as_translations(demo_site):
    topic = HelpTopic.objects.get(slug="bankid")
    with translation.override("en"):
        assert topic.label == "BankID and e-ID"
    assert Language.all_locales.filter(locale__language_code="en", code="ar").exists()
    assert not HelpTopic.objects.filter(locale__language_code="en").exists()


def test_accessibility_search_words_are_translated_and_find_places(
    admin_client, demo_site, committed
):
    from directory.models import AccessibilityFeature, SupportPointPage
    from directory.search import DirectorySearch

    step_free = set(
        SupportPointPage.originals.live()
        .filter(step_free_entrance=True)
        .values_list("pk", flat=True)
    )
    # The English words that were a column are an English translation of the row.
    swedish = AccessibilityFeature.objects.get(
        feature="step_free_entrance", locale__language_code="sv"
    )
    english = swedish.get_translation(_locale_object("en"))
    assert "wheelchair" in english.search_words
    assert step_free <= {pk for pk, _d in DirectorySearch({"q": "wheelchair"}).ordered}
    # A translator adds the Somali words through the admin; they find the same places.
    with committed():
        response = admin_client.post(
            f"/admin/localize/submit/snippet/directory/accessibilityfeature/{swedish.pk}/",
            {"locales": [_locale("so")]},
        )
    assert response.status_code == 302
    somali = swedish.get_translation(_locale_object("so"))
    with committed():
        somali.search_words = "kursiga_curyaamiinta"
        somali.save()
    found = {pk for pk, _d in DirectorySearch({"q": "kursiga_curyaamiinta"}).ordered}
    assert step_free and step_free <= found


def _locale_object(code):
    from wagtail.models import Locale

    return Locale.objects.get(language_code=code)
