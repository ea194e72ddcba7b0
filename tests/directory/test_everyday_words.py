"""Searches as people type them: everyday words, inflections, misspellings, phrases and
names of languages and accessibility features, the same on both databases."""

import pytest

from directory.models import SupportPointPage
from directory.search import DirectorySearch
from directory.search.words import parse, terms

pytestmark = pytest.mark.django_db

DIRECTORY = "/hitta-hjalp/"


def live():
    return SupportPointPage.originals.live()


def found(text, **params):
    search = DirectorySearch({"q": text, **params})
    assert not search.errors, search.errors
    return search, {pk for pk, _distance in search.ordered[: search.count]}


def offering(**lookup):
    return set(live().filter(**lookup).values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("typed", "lookup"),
    [
        ("bank-id", {"topics__slug": "bankid"}),
        ("mobilt bankid", {"topics__slug": "bankid"}),
        ("Mobilt BankID", {"topics__slug": "bankid"}),
        ("vårdcentral", {"topics__slug": "1177-och-vard"}),
        ("läkare", {"topics__slug": "1177-och-vard"}),
        ("teckenspråk", {"languages__code": "swl"}),
        ("e-post", {"topics__slug__in": ["e-tjanster", "forsta-stegen"]}),
        ("internetbanken", {"topics__slug": "swish-och-bank"}),
        ("bedragare", {"topics__slug": "saker-pa-natet"}),
        ("kivra", {"topics__slug": "e-tjanster"}),
        ("arabiska", {"languages__code": "ar"}),
        ("العربية", {"languages__code": "ar"}),
        ("Українська", {"languages__code": "uk"}),
        ("video call", {"topics__slug": "videosamtal"}),
        ("hörslinga", {"hearing_loop": True}),
        ("rullstol", {"step_free_entrance": True}),
    ],
)
def test_everyday_words_find_the_places_that_offer_it(demo_site, typed, lookup):
    expected = offering(**lookup)
    assert expected, "the demo data offers it"
    search, result = found(typed)
    assert search.shown is search, "found as typed, not by a fallback"
    assert expected <= result


def test_inflections_and_compounds_find_what_the_plain_word_finds(demo_site):
    assert found("datorer")[1] == found("dator")[1] == found("datorn")[1]
    assert found("datorer")[1]
    assert found("hjälp med mobilen")[1] == found("mobil")[1]
    # "bank" is the start of "bankärenden" and "bankid".
    assert offering(topics__slug="swish-och-bank") <= found("bank")[1]


def test_a_keyboard_without_swedish_letters_finds_the_same(demo_site):
    assert found("vardcentral")[1] == found("vårdcentral")[1]
    assert found("hjalp med lakare")[1] == found("hjälp med läkare")[1]


@pytest.mark.parametrize("phrase", ["hjälp med", "jag vill lära mig", "Hjälp!", "help me"])
def test_small_words_and_phrases_never_empty_the_list(demo_site, phrase):
    search, result = found(phrase)
    assert search.count == live().count()


def test_a_misspelt_word_finds_the_word_meant(demo_site):
    search, result = found("bankd")
    assert search.shown.fallback == "corrected"
    assert search.correction[1] == "bankid"
    assert result == found("bankid")[1]


def test_the_page_says_what_it_corrected_and_offers_the_correction(client, demo_site):
    html = client.get(DIRECTORY, {"q": "bankd", "municipality": "0685"}).content.decode()
    assert "Inga träffar för ”bankd”. Här visas träffar för <strong>bankid</strong>." in html
    assert found("bankd", municipality="0685")[0].count > 0


def test_did_you_mean_links_to_the_corrected_search_keeping_the_filters(
    client, demo_site, committed
):
    # A listing with a typo is found by the typo; the page then offers the word meant.
    point = live().get(title="Medborgarkontoret – Vetlanda")
    point.description += " Vi visar hur Swisch fungerar."
    with committed():
        point.save_revision().publish()
    search, result = found("swisch", municipality="0685")
    assert result == {point.pk} and search.shown is search
    html = client.get(DIRECTORY, {"q": "swisch", "municipality": "0685"}).content.decode()
    assert 'Menade du <a href="?q=swish&amp;municipality=0685">swish</a>?' in html


def test_no_place_matches_every_word_shows_the_best_partial_matches(client, demo_site):
    search, result = found("bankid zebrafink")
    assert search.shown.fallback == "partial"
    assert result == found("bankid")[1]
    html = client.get(DIRECTORY, {"q": "bankid zebrafink"}).content.decode()
    assert "Ingen plats passar alla ord" in html


def test_partial_matches_are_best_first(demo_site):
    search, _result = found("bibliotek vetlanda zebrafink")
    first = SupportPointPage.objects.get(pk=search.ordered[0][0])
    assert "Vetlanda" in first.title and "Bibliotek" in first.title


def test_words_that_match_nothing_at_all_say_so(client, demo_site):
    search, result = found("zebrafink")
    assert search.count == 0
    html = client.get(DIRECTORY, {"q": "zebrafink"}).content.decode()
    assert "0 platser" in html


def test_terms_are_the_same_for_the_index_and_the_query():
    assert terms("Datorer, datorn och DATOR") == ["datorer", "dator", "datorn", "dator", "dat"]
    assert terms("Bank-ID och e-post") == ["bankid", "epost"]
    assert terms("Vårdcentralen") == ["vardcentralen", "vardcentral"]
    assert parse("jag vill ha hjälp med mobilen").words == (("mobilen", "mobil"),)
    assert parse("surfplattan").words == (("surfplattan", "surfplatta"),)
    assert not parse("hjälp med")


def test_a_query_is_stemmed_in_the_visitors_language(client, demo_site):
    """English queries are stemmed in English too ("calling" is "call"), Swedish ones in
    Swedish; a language Snowball cannot stem gets nothing more."""
    from django.utils import translation

    video = offering(topics__slug="videosamtal")
    with translation.override("en"):
        _search, english = found("calling")
        assert parse("calling").words == (("calling", "call"),)
    assert video and video <= english
    with translation.override("sv"):
        assert parse("calling").words == (("calling",),)
    # Somali: no stemmer of its own, only the Swedish one every query gets.
    with translation.override("so"):
        somali = parse("wicitaanka").words
    with translation.override("sv"):
        assert somali == parse("wicitaanka").words
    html = client.get("/en/hitta-hjalp/", {"q": "calling"}).content.decode()
    assert "places found" in html


def test_arabic_words_are_indexed_and_searched_by_their_stem(admin_client, demo_site, committed):
    """An Arabic translation of a topic ("مكالمات الفيديو") finds its places when the
    visitor types another form of the word ("المكالمات"), never an error."""
    from django.utils import translation
    from wagtail.models import Locale

    from directory.models import HelpTopic

    topic = HelpTopic.objects.get(slug="videosamtal")
    HelpTopic.all_locales.filter(slug="videosamtal", locale__language_code="ar").delete()
    with committed():
        admin_client.post(
            f"/admin/localize/submit/snippet/directory/helptopic/{topic.pk}/",
            {"locales": [Locale.objects.get(language_code="ar").pk]},
        )
    arabic = topic.get_translation(Locale.objects.get(language_code="ar"))
    with committed():
        arabic.name = "مكالمات الفيديو"
        arabic.save()
    assert "مكالما" in terms("مكالمات")  # the Arabic stem is indexed
    with translation.override("ar"):
        _search, places = found("المكالمات")
    assert places and places == offering(topics__slug="videosamtal")
    response = admin_client.get("/ar/hitta-hjalp/", {"q": "المكالمات"})
    assert response.status_code == 200
