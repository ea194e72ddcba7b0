"""Search, every filter and distance sorting against the demo data."""

import datetime
import re

import pytest
from django.db.models import Q
from django.test import RequestFactory
from django.utils import timezone

from directory import filters, hours
from directory.listing import listed_cards
from directory.models import OpeningException, SupportPointPage
from directory.search import DirectorySearch
from geography.geometry import haversine_km

pytestmark = pytest.mark.django_db

# A Monday morning in Stockholm.
MONDAY_11 = datetime.datetime(2026, 11, 23, 11, 0, tzinfo=hours.STOCKHOLM)


def listed(search, number=1, per_page=20):
    """The requested page of results, as the list shows them."""
    page = search.page(number, per_page)
    return page, listed_cards(page.object_list, search.now, RequestFactory().get("/"))


def titles(params, now=MONDAY_11):
    search = DirectorySearch(params, now=now)
    assert not search.errors, search.errors
    return [hit.card.title for hit in listed(search, per_page=200)[1]]


def ids(params, now=MONDAY_11):
    search = DirectorySearch(params, now=now)
    assert not search.errors, search.errors
    return {pk for pk, _distance in search.ordered[: search.count]}


def live():
    return SupportPointPage.objects.live()


def test_resident_searches_bankid_in_vetlanda_in_arabic(demo_site):
    assert titles({"q": "bankid", "municipality": "0685", "language": "ar"}) == [
        "Bibliotekets digitala hjälp – Vetlanda"
    ]


def test_bankid_in_vetlanda_nearest_to_the_centre_first(demo_site):
    found = titles({"q": "bankid", "municipality": "0685"})
    assert "Bibliotekets digitala hjälp – Vetlanda" in found
    assert "Medborgarkontoret – Vetlanda" in found
    assert all("Vetlanda" in t or "Ekenässjön" in t for t in found)
    expected = set(
        live()
        .filter(municipality__code="0685", topics__slug="bankid")
        .values_list("pk", flat=True)
    )
    assert ids({"q": "bankid", "municipality": "0685"}) == expected


def test_swedish_only_citizen_office_is_not_found_in_arabic(demo_site):
    assert "Medborgarkontoret – Vetlanda" not in titles({"municipality": "0685", "language": "ar"})
    assert "Medborgarkontoret – Vetlanda" in titles({"municipality": "0685", "language": "sv"})


def test_search_finds_titles_descriptions_topics_and_organisation(demo_site):
    assert ids({"q": "Medborgarkontoret"}) == set(
        live().filter(title__startswith="Medborgarkontoret").values_list("pk", flat=True)
    )
    swish = set(live().filter(topics__slug="swish-och-bank").values_list("pk", flat=True))
    assert ids({"q": "Swish"}) == swish
    # The organisation's name is indexed: "Seniorföreningen" is only in it.
    seniors = set(live().filter(title__startswith="Seniorernas").values_list("pk", flat=True))
    assert ids({"q": "Seniorföreningen"}) == seniors


def test_search_is_ranked_and_combined_with_filters(demo_site):
    found = titles({"q": "Swish", "municipality": "0604"})
    assert set(found) == {
        "Mobilhjälp i församlingshemmet – Aneby",
        "Digitalt café – Aneby",
        "Digitalt café – Frinnaryd",
    }


def test_search_syntax_and_nonsense_is_harmless(demo_site):
    for text in ['x"', "AND (", "*", "NEAR(", '"bankid', "-", "^a", "' OR 1=1 --"]:
        search = DirectorySearch({"q": text}, now=MONDAY_11)
        listed(search)
    assert ids({"q": '"BankID"'}) == ids({"q": "bankid"})


def test_query_longer_than_200_characters_is_an_error_next_to_the_field(demo_site):
    search = DirectorySearch({"q": "x" * 10_000}, now=MONDAY_11)
    assert "q" in search.errors
    assert search.count == live().count()


@pytest.mark.parametrize(
    ("params", "orm_filter"),
    [
        ({"municipality": "0680"}, {"municipality__code": "0680"}),
        ({"topic": "skolplattformar"}, {"topics__slug": "skolplattformar"}),
        ({"language": "swl"}, {"languages__code": "swl"}),
        ({"target_group": "nyanlanda"}, {"target_groups__slug": "nyanlanda"}),
        ({"mode": "home_visit"}, {"home_visit": True}),
        ({"mode": "by_video"}, {"by_video": True}),
        ({"drop_in": "on"}, {"drop_in": True}),
        ({"accessibility": ["hearing_loop"]}, {"hearing_loop": True}),
        (
            {"accessibility": ["hearing_loop", "quiet_room"]},
            {"hearing_loop": True, "quiet_room": True},
        ),
    ],
)
def test_each_filter_gives_exactly_the_matching_points(demo_site, params, orm_filter):
    expected = set(live().filter(**orm_filter).values_list("pk", flat=True))
    assert expected and len(expected) < live().count()
    assert ids(params) == expected


def test_free_filter(demo_site):
    point = live().get(title="Digitalt café – Habo")
    point.is_free = False
    point.save()
    assert point.pk not in ids({"free": "on"})
    assert ids({"free": "on"}) == set(live().filter(is_free=True).values_list("pk", flat=True))


def test_unticked_checkboxes_do_not_filter(demo_site):
    assert len(ids({"drop_in": "", "open_now": "", "free": ""})) == live().count()


@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(2026, 11, 23, 11, 0),  # Monday morning
        datetime.datetime(2026, 11, 23, 12, 30),  # lunch
        datetime.datetime(2026, 11, 27, 19, 0),  # Friday evening
        datetime.datetime(2026, 11, 28, 0, 15),  # past midnight, Saturday
        datetime.datetime(2026, 11, 28, 12, 0),  # Saturday noon
        datetime.datetime(2026, 11, 29, 12, 0),  # Sunday
    ],
)
@pytest.mark.parametrize("few_open", [1000, 0])
def test_open_now_filter_agrees_with_the_hours_rules(demo_site, moment, few_open, monkeypatch):
    # Both ways PostgreSQL is given the open places: indexed (few), checked per place (many).
    monkeypatch.setattr(filters, "FEW_OPEN", few_open)
    moment = moment.replace(tzinfo=hours.STOCKHOLM)
    expected = {
        point.pk
        for point in live().prefetch_related("opening_hours", "opening_exceptions")
        if hours.status_at(
            moment, point.opening_hours.all(), point.opening_exceptions.all()
        ).is_open
    }
    assert ids({"open_now": "on"}, now=moment) == expected


def test_open_now_follows_a_closed_day_added_at_once(demo_site):
    """The open places are kept for the minute: a change of hours must still show."""
    found = ids({"open_now": "on"})
    closing = live().get(pk=min(found))
    OpeningException.objects.create(page=closing, date=MONDAY_11.date(), closed=True)
    assert ids({"open_now": "on"}) == found - {closing.pk}


def test_open_now_past_midnight_from_friday(demo_site):
    saturday_night = datetime.datetime(2026, 11, 28, 0, 15, tzinfo=hours.STOCKHOLM)
    found = ids({"open_now": "on"}, now=saturday_night)
    assert found
    for point in live().filter(pk__in=found):
        assert point.opening_hours.filter(weekday=4, opens="18:00", closes="00:30").exists()


def test_open_now_respects_a_closed_day(demo_site):
    year = timezone.localdate().year
    christmas_eve_morning = datetime.datetime(year, 12, 24, 11, 0, tzinfo=hours.STOCKHOLM)
    found = titles({"open_now": "on"}, now=christmas_eve_morning)
    assert not [t for t in found if t.startswith("Bibliotekets")]


def test_open_on_a_day(demo_site):
    year = timezone.localdate().year
    christmas_eve = datetime.date(year, 12, 24)
    found = ids({"open_on": christmas_eve.isoformat()})
    expected = {
        point.pk
        for point in live().prefetch_related("opening_hours", "opening_exceptions")
        if hours.is_open_on(
            christmas_eve, point.opening_hours.all(), point.opening_exceptions.all()
        )
    }
    assert found == expected
    libraries = set(live().filter(title__startswith="Bibliotekets").values_list("pk", flat=True))
    assert not found & libraries
    assert not expected.isdisjoint(ids({})) and found


def test_distance_sorting_from_coordinates(demo_site):
    lat, lon = 57.7826, 14.1618  # Jönköping centre
    search = DirectorySearch({"lat": str(lat), "lon": str(lon), "topic": "bankid"}, now=MONDAY_11)
    _page, hits = listed(search)
    distances = [hit.distance_km for hit in hits]
    assert distances == sorted(distances)
    for hit in hits:
        assert hit.distance_km == pytest.approx(
            haversine_km(lat, lon, hit.card.latitude, hit.card.longitude)
        )
    assert hits[0].card.municipality == "0680"
    nearest = min(
        live().filter(topics__slug="bankid"),
        key=lambda p: haversine_km(lat, lon, p.latitude, p.longitude),
    )
    assert hits[0].card.pk == nearest.pk


def test_distance_from_a_municipality_centre(demo_site):
    search = DirectorySearch({"municipality": "0685"}, now=MONDAY_11)
    assert search.location.label == "Vetlanda"
    _page, hits = listed(search)
    assert [round(h.distance_km, 2) for h in hits] == sorted(round(h.distance_km, 2) for h in hits)
    assert hits[-1].card.locality == "Ekenässjön"


def test_postal_code_gives_the_municipality_centre(demo_site):
    from geography.models import PostalCode

    PostalCode.objects.update_or_create(
        code="57431", defaults={"locality": "Vetlanda", "municipality_code": "0685"}
    )
    search = DirectorySearch({"postal_code": "574 31"}, now=MONDAY_11)
    assert not search.errors
    assert search.location.latitude == pytest.approx(search.location.latitude)
    assert listed(search)[1][0].card.municipality == "0685"
    unknown = DirectorySearch({"postal_code": "99999"}, now=MONDAY_11)
    assert "postal_code" in unknown.errors
    assert "postal_code" in DirectorySearch({"postal_code": "abc"}).errors


def test_half_a_location_is_an_error(demo_site):
    assert "lon" in DirectorySearch({"lat": "57.7"}).errors
    assert "lat" in DirectorySearch({"lat": "abc", "lon": "14"}).errors
    assert "lat" in DirectorySearch({"lat": "nan", "lon": "14"}).errors


def test_no_results_offers_matches_without_the_strictest_filter(demo_site):
    search = DirectorySearch(
        {"municipality": "0685", "language": "ar", "mode": "home_visit"}, now=MONDAY_11
    )
    assert search.count == 0
    params = {"municipality": "0685", "language": "ar", "mode": "home_visit"}
    counts = {
        name: DirectorySearch({k: v for k, v in params.items() if k != name}).count
        for name in params
    }
    strictest = max(counts, key=counts.get)
    assert strictest == "language"  # Vetlanda has home visits, none in Arabic
    label, pairs = search.relaxed
    hits = listed_cards(pairs, search.now, RequestFactory().get("/"))
    assert label == search.filterset.filters["language"].label
    assert len(hits) == min(5, counts["language"])
    for hit in hits:
        place = SupportPointPage.objects.get(pk=hit.card.pk)
        assert hit.card.municipality == "0685" and place.home_visit
        assert hit.distance_km is not None


def test_pagination_is_20_and_clamped(demo_site):
    search = DirectorySearch({}, now=MONDAY_11)
    page, hits = listed(search)
    assert len(hits) == 20
    last, _hits = listed(search, 999)
    assert last.number == page.paginator.num_pages
    first, _hits = listed(search, -1)
    assert first.number == 1
    every = []
    for number in page.paginator.page_range:
        every += [h.card.pk for h in listed(search, number)[1]]
    assert len(every) == len(set(every)) == live().count()


def test_inflected_words_find_the_libraries_the_same_on_every_database(demo_site):
    # Swedish stems on both databases: the library, the libraries, the library's.
    libraries = set(live().filter(title__startswith="Bibliotekets").values_list("pk", flat=True))
    assert libraries
    for word in ("bibliotek", "biblioteken", "biblioteket", "Bibliotekets", "BIBLIOTEK"):
        assert ids({"q": word}) == libraries, word


def test_renamed_organisation_is_found_by_its_new_name(demo_site, committed):
    from directory.models import OrganisationPage

    org = OrganisationPage.objects.get(slug="demo-vetlanda-bibliotek")
    org.title = "Demo Kunskapshuset Vetlanda"
    with committed():
        org.save_revision().publish()
    expected = set(live().child_of(org).values_list("pk", flat=True))
    assert ids({"q": "Kunskapshuset"}) == expected


def test_topics_added_in_the_editor_are_searchable(demo_site, committed):
    from directory.models import HelpTopic

    point = live().get(title="Medborgarkontoret – Vetlanda")
    assert point.pk not in ids({"q": "skolplattformar"})
    point.topics.add(HelpTopic.objects.get(slug="skolplattformar"))
    with committed():
        point.save_revision().publish()
    assert point.pk in ids({"q": "skolplattformar"})


def test_a_renamed_topic_is_found_by_its_new_name_and_not_the_old(demo_site, committed):
    from directory.models import HelpTopic

    topic = HelpTopic.objects.get(slug="skolplattformar")
    offering = set(live().filter(topics=topic).values_list("pk", flat=True))
    assert offering and ids({"q": "Lärplattform"}) == set()
    topic.name = "Lärplattformar"
    topic.search_words = ""
    with committed():
        topic.save()
        for translated in topic.get_translations():
            translated.name, translated.search_words = "Learning platforms", ""
            translated.save()
    assert ids({"q": "Lärplattformar"}) == offering
    assert ids({"q": "skolplattformar"}).isdisjoint(offering - _by_own_text("skolplattform"))


def test_many_places_are_reindexed_in_a_background_task(demo_site, committed, monkeypatch):
    from directory.models import HelpTopic
    from directory.search import entries

    monkeypatch.setattr(entries, "IN_REQUEST", 1)  # every rename goes to the task worker
    topic = HelpTopic.objects.get(slug="bankid")
    offering = set(live().filter(topics=topic).values_list("pk", flat=True))
    assert len(offering) > 1
    topic.name = "E-legitimation"
    with committed():
        topic.save()
    assert ids({"q": "E-legitimation"}) == offering


def test_a_deleted_topic_no_longer_finds_its_places(demo_site, committed):
    from directory.models import HelpTopic

    topic = HelpTopic.objects.get(slug="skolplattformar")
    assert ids({"q": "Skolplattformar"})
    with committed():
        topic.delete()
    assert ids({"q": "Skolplattformar"}) == set()


def _by_own_text(word):
    """Places whose title or description (not topics) mention `word`."""
    return set(
        live().filter(Q(title__icontains=word) | Q(description__icontains=word))
        .values_list("pk", flat=True)
    )  # fmt: skip


def test_rebuild_command_restores_an_index_emptied_behind_its_back(demo_site):
    from django.core.management import call_command

    from directory.models import SearchEntry

    expected = ids({"q": "bibliotek"})
    SearchEntry.objects.all().delete()  # as a bulk write that skips signals leaves it
    assert ids({"q": "bibliotek"}) == set()
    call_command("rebuild_search_index", verbosity=0)
    assert SearchEntry.objects.count() == live().count()
    assert ids({"q": "bibliotek"}) == expected


def test_a_word_or_filter_searched_before_follows_publishing(demo_site, committed):
    # Which places match a word, and how many match a filter, are kept in the cache;
    # publishing changes them at once.
    point = live().get(title="Medborgarkontoret – Vetlanda")
    in_vetlanda = live().filter(municipality__code="0685").count()
    assert point.pk in ids({"q": "Medborgarkontoret"})
    assert DirectorySearch({"municipality": "0685"}).count == in_vetlanda
    with committed():
        point.unpublish()
    assert point.pk not in ids({"q": "Medborgarkontoret"})
    assert DirectorySearch({"municipality": "0685"}).count == in_vetlanda - 1
    with committed():
        point.save_revision().publish()
    assert point.pk in ids({"q": "Medborgarkontoret"})
    assert DirectorySearch({"municipality": "0685"}).count == in_vetlanda


@pytest.mark.parametrize(
    "extra",
    [{"language": "ar"}, {"topic": "bankid"}, {"language": "ar", "open_now": "on"}],
)
def test_a_common_word_near_a_point_gives_the_nearest_matches_in_order(
    demo_site, monkeypatch, extra
):
    """With every word "common" (PostgreSQL then walks places nearest first and checks the
    word and each filter per place), the order is still exactly by distance."""
    monkeypatch.setattr("directory.search.postgresql.TEXT_PROBE_LIMIT", 1)
    origin = {"lat": "57.4285", "lon": "15.0778"}  # Vetlanda
    located = DirectorySearch({"q": "bibliotek", **origin, **extra}, now=MONDAY_11)
    matching = ids({"q": "bibliotek", **extra})
    assert len(matching) >= 2, "the demo data has several matches"
    points = {p.pk: p for p in live().filter(pk__in=matching)}
    expected = sorted(
        matching, key=lambda pk: (haversine_km(57.4285, 15.0778, points[pk].latitude,
                                               points[pk].longitude), pk),
    )  # fmt: skip
    assert located.count == len(expected)
    assert [pk for pk, _km in located.ordered[: len(expected) + 1]] == expected


def _words_of(*texts):
    return set(re.findall(r"\w+", " ".join(texts).casefold()))


@pytest.mark.parametrize(
    "words", ["bankid", "bibliotek", "swish mobil", "dator", "bankid bibliotek", "Surfplatta"]
)
def test_text_matches_every_word_of_what_people_read_on_every_database(demo_site, words):
    """A place is found when each word is in its title, description, organisation's name
    or topics' names, and only then (PostgreSQL also matches other forms of a word: its
    matches must then share the word's stem, checked here as a common beginning)."""
    from directory.search import ranked_ids

    wanted = words.casefold().split()
    vetlanda = live().filter(municipality__code="0685")
    for places in (vetlanda, live()):
        text = {}
        for point in places.prefetch_related("topics"):
            organisation = point.get_parent().title
            names = [
                translated.name
                for topic in point.topics.all()
                for translated in topic.get_translations(inclusive=True)
            ]
            text[point.pk] = _words_of(point.title, point.description, organisation, *names)
        exact = {pk for pk, found in text.items() if all(word in found for word in wanted)}
        stems = {
            pk for pk, found in text.items()
            if all(any(token.startswith(word[:5]) for token in found) for word in wanted)
        }  # fmt: skip
        result = ranked_ids(places, words)
        assert len(result) == len(set(result))
        assert exact <= set(result) <= stems
    assert exact, "the demo data has places with these words"
