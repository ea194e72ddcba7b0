"""A place that is full says so (on its page, on its result card, in the JSON), until its
"full until" date has passed; what it lends is shown and can be filtered on; translated
copies keep both in step with the Swedish page.

Texts are asserted in English (the /en/ pages) until the new messages' Swedish
translations are merged; the Swedish pages are checked by their markup and dates."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone, translation
from wagtail.models import Locale

from core.day_names import in_sentence
from directory import hours
from directory.models import SupportPointPage
from tests.home.test_page_translations import translate_in_admin

pytestmark = pytest.mark.django_db

DIRECTORY = "/hitta-hjalp/"
LIST = "/api/v1/support-points/"
GEOJSON = "/api/v1/support-points.geojson"
VETLANDA_LIBRARY = "/hitta-hjalp/demo-vetlanda-bibliotek/bibliotekets-digitala-hjalp-vetlanda/"
VETLANDA_SLUG = "bibliotekets-digitala-hjalp-vetlanda"


def html_of(client, path, params=None):
    response = client.get(path, params or {})
    assert response.status_code == 200
    return response.content.decode()


def vetlanda_library():
    return SupportPointPage.originals.get(slug=VETLANDA_SLUG)


def publish(point, **fields):
    """What an editor does: change the fields and publish."""
    for name, value in fields.items():
        setattr(point, name, value)
    point.save_revision().publish()
    return point


def results(html):
    """The page from its list of results on."""
    return html.split('class="results">', 1)[1]


def card_of(html, title):
    """The result card (<li class="result">…</li>) with this title."""
    for card in re.findall(r'<li class="result">.*?\n</li>', results(html), re.S):
        if f">{title}</a></h3>" in card:
            return card
    raise AssertionError(f"no card for {title}")


def long_date(day):
    """The date as the notice says it in the active language."""
    return in_sentence(day, "l j F" if day.year == timezone.localdate().year else "l j F Y")


# --- The place's page ------------------------------------------------------------------


def test_a_full_place_says_until_when_in_the_visitors_language(client, demo_site):
    until = timezone.localdate() + datetime.timedelta(days=10)
    publish(vetlanda_library(), full=True, full_until=until)
    english = html_of(client, "/en" + VETLANDA_LIBRARY)
    with translation.override("en"):
        expected = f"Full right now, until {long_date(until)}."
    assert f'<p class="notice full-notice" id="full-notice"><strong>{expected}</strong>' in english
    assert "They cannot take more people at the moment." in english
    # In Swedish the date is written the Swedish way, in lower case inside the sentence.
    swedish = html_of(client, VETLANDA_LIBRARY)
    with translation.override("sv"):
        swedish_date = long_date(until)
    assert swedish_date == swedish_date.lower()
    assert 'id="full-notice"' in swedish and swedish_date in swedish


def test_full_until_further_notice(client, demo_site):
    publish(vetlanda_library(), full=True, full_until=None)
    html = html_of(client, "/en" + VETLANDA_LIBRARY)
    assert "<strong>Full right now, until further notice.</strong>" in html


@pytest.mark.parametrize(
    "fields",
    [
        {"full": True, "full_until": datetime.date(2020, 1, 31)},  # ran out
        {"full": False, "full_until": None},
        {"full": False, "full_until": datetime.date(2099, 1, 31)},  # unticked
    ],
)
def test_a_place_that_is_not_full_today_says_nothing(client, demo_site, fields):
    publish(vetlanda_library(), **fields)
    assert 'id="full-notice"' not in html_of(client, "/en" + VETLANDA_LIBRARY)
    card = card_of(html_of(client, "/en" + DIRECTORY, {"municipality": "0685"}), VETLANDA)
    assert "full-badge" not in card


def test_the_last_day_is_still_full(client, demo_site):
    publish(vetlanda_library(), full=True, full_until=timezone.localdate())
    assert 'id="full-notice"' in html_of(client, "/en" + VETLANDA_LIBRARY)


def test_the_page_says_what_it_lends_with_plural_forms(client, demo_site):
    publish(
        vetlanda_library(), lends_computers=2, lends_tablets=1, lends_phones=0, lends_sim_cards=0
    )
    html = html_of(client, "/en" + VETLANDA_LIBRARY)
    assert '<dt>Lends</dt>\n  <dd class="lending">2 computers, 1 tablet</dd>' in html
    publish(
        vetlanda_library(), lends_computers=0, lends_tablets=0, lends_phones=1, lends_sim_cards=3
    )
    html = html_of(client, "/en" + VETLANDA_LIBRARY)
    assert '<dd class="lending">1 phone, 3 SIM cards or data packs</dd>' in html


def test_a_place_that_lends_nothing_says_nothing_about_lending(client, demo_site):
    publish(
        vetlanda_library(), lends_computers=0, lends_tablets=0, lends_phones=0, lends_sim_cards=0
    )
    html = html_of(client, "/en" + VETLANDA_LIBRARY)
    assert "<dt>Lends</dt>" not in html and 'class="lending"' not in html


def test_lending_text_takes_a_card_or_a_place(demo_site):
    from directory.templatetags.capacity import lending_text

    with translation.override("en"):
        assert lending_text((("tablets", 1), ("phones", 2))) == "1 tablet, 2 phones"
        assert lending_text(()) == ""
        point = SupportPointPage(lends_computers=1, lends_sim_cards=2)
        assert lending_text(point) == "1 computer, 2 SIM cards or data packs"


# --- Result cards ----------------------------------------------------------------------

VETLANDA = "Bibliotekets digitala hjälp – Vetlanda"


def test_the_card_of_a_full_place_has_a_badge_and_says_what_it_lends(client, demo_site):
    publish(
        vetlanda_library(),
        full=True,
        full_until=timezone.localdate() + datetime.timedelta(days=3),
        lends_computers=0,
        lends_tablets=2,
        lends_phones=0,
        lends_sim_cards=1,
    )
    html = html_of(client, "/en" + DIRECTORY, {"municipality": "0685"})
    card = card_of(html, VETLANDA)
    assert '<p class="badge full-badge">Full right now</p>' in card
    assert '<p class="meta lending">Lends: 2 tablets, 1 SIM card or data pack</p>' in card
    # The other places there are not full.
    assert results(html).count("full-badge") == 1
    # The organisation page shows the same cards.
    org = html_of(client, "/en/hitta-hjalp/demo-vetlanda-bibliotek/")
    assert "full-badge" in card_of(org, VETLANDA)


def test_a_card_stops_saying_full_at_midnight_without_a_publish(client, demo_site, monkeypatch):
    """The card's facts and its rendering are kept in the cache until the place is
    published again; "full" is decided each time it is listed."""
    last_day = datetime.date(2026, 12, 10)
    evening = datetime.datetime.combine(last_day, datetime.time(23, 50), hours.STOCKHOLM)
    monkeypatch.setattr("django.utils.timezone.now", lambda: evening)
    publish(vetlanda_library(), full=True, full_until=last_day)
    params = {"municipality": "0685"}
    assert "full-badge" in card_of(html_of(client, "/en" + DIRECTORY, params), VETLANDA)

    after_midnight = evening + datetime.timedelta(minutes=20)
    monkeypatch.setattr("django.utils.timezone.now", lambda: after_midnight)
    with CaptureQueriesContext(connection) as queries:
        html = html_of(client, "/en" + DIRECTORY, params)
    # The card came from the cache (no place's hours were loaded) and is no longer full.
    assert not any("directory_openinghours" in q["sql"] for q in queries.captured_queries)
    assert "full-badge" not in card_of(html, VETLANDA)
    api = client.get(LIST, {"municipality": "0685", "lang": "en"}).json()
    item = next(item for item in api["results"] if item["name"] == VETLANDA)
    assert item["full_now"] is False and item["full_until"] is None


# --- The lending filter ----------------------------------------------------------------


def lends(**counts):
    return set(SupportPointPage.originals.live().filter(**counts).values_list("pk", flat=True))


def ids_of(client, params):
    """The ids of every place the JSON list gives for these filters."""
    found, page = set(), 1
    while True:
        data = client.get(LIST, {**params, "page": page}).json()
        found |= {item["id"] for item in data["results"]}
        if not data["next"]:
            return found
        page += 1


def test_the_lending_filter_finds_the_places_that_lend_it(client, demo_site):
    expected = lends(lends_tablets__gt=0)
    assert expected, "the demo libraries lend tablets"
    assert ids_of(client, {"lends": "tablets"}) == expected
    assert ids_of(client, {"lends": "sim_cards"}) == lends(lends_sim_cards__gt=0)
    html = html_of(client, DIRECTORY, {"lends": "tablets"})
    assert re.search(rf'id="result-count">{len(expected)} ', html)


def test_ticking_two_kinds_finds_places_that_lend_both(client, demo_site):
    point = publish(vetlanda_library(), lends_computers=0, lends_tablets=2, lends_sim_cards=4)
    both = lends(lends_tablets__gt=0, lends_sim_cards__gt=0)
    assert point.pk in both
    assert both < lends(lends_tablets__gt=0)  # narrower than either kind alone
    assert ids_of(client, {"lends": ["tablets", "sim_cards"]}) == both
    html = html_of(client, "/en" + DIRECTORY, {"lends": ["tablets", "sim_cards"]})
    assert "Lends: 2 tablets, 4 SIM cards or data packs" in card_of(html, VETLANDA)


def test_a_place_that_lends_none_is_not_found(client, demo_site):
    point = publish(vetlanda_library(), lends_tablets=0)
    assert point.pk not in ids_of(client, {"lends": "tablets"})


def test_the_lending_filter_is_a_get_form_that_keeps_the_other_filters(client, demo_site):
    params = {"municipality": "0685", "lends": "tablets", "drop_in": "on"}
    html = html_of(client, DIRECTORY, params)
    # Tick boxes in a fieldset of their own, behind "More choices", open when it is used.
    assert '<form class="directory-search" method="get"' in html
    assert '<details class="more-filters" open>' in html
    fieldset = html.split('<fieldset class="field" id="id_lends">', 1)[1].split("</fieldset>")[0]
    assert "<legend>" in fieldset
    boxes = re.findall(r'<input type="checkbox" name="lends" value="(\w+)"([^>]*)>', fieldset)
    assert [value for value, _attrs in boxes] == ["computers", "tablets", "phones", "sim_cards"]
    assert [value for value, attrs in boxes if "checked" in attrs] == ["tablets"]
    for index in range(4):
        assert f'<label class="choice" for="id_lends_{index}">' in fieldset
    # The other filters still apply; the map asks for the same places.
    expected = set(
        SupportPointPage.originals.live()
        .filter(municipality__code="0685", lends_tablets__gt=0, drop_in=True)
        .values_list("title", flat=True)
    )
    assert expected
    shown = set(re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', results(html)))
    assert shown == expected
    assert "lends=tablets" in re.search(r'data-geojson-url="([^"]+)"', html).group(1)


def test_the_lending_filter_shows_in_english(client, demo_site):
    html = html_of(client, "/en" + DIRECTORY)
    assert "<legend>Lends</legend>" in html
    assert "Show only places that lend all of these." in html
    assert "<span>Tablets</span>" in html and "<span>SIM cards or mobile data</span>" in html


def test_an_unknown_kind_is_explained_not_a_crash(client, demo_site):
    response = client.get(DIRECTORY, {"lends": ["wings", "tablets"]})
    assert response.status_code == 200
    assert 'id="id_lends_error"' in response.content.decode()
    api = client.get(LIST, {"lends": "wings"})
    assert api.status_code == 400 and api.json()["parameter"] == "lends"


def test_no_results_offers_places_without_the_lending_filter(client, demo_site):
    SupportPointPage.objects.update(
        lends_computers=0, lends_tablets=0, lends_phones=0, lends_sim_cards=0
    )
    html = html_of(client, "/en" + DIRECTORY, {"lends": "phones", "municipality": "0685"})
    assert "No place matches all your choices." in html
    assert "Nearest matches without “Lends”" in html


# --- The JSON API ----------------------------------------------------------------------


def test_the_json_list_says_full_until_and_what_is_lent(client, demo_site):
    until = timezone.localdate() + datetime.timedelta(days=5)
    publish(
        vetlanda_library(),
        full=True,
        full_until=until,
        lends_computers=2,
        lends_tablets=0,
        lends_phones=0,
        lends_sim_cards=1,
    )
    data = client.get(LIST, {"municipality": "0685"}).json()
    by_name = {item["name"]: item for item in data["results"]}
    item = by_name[VETLANDA]
    assert item["full_now"] is True
    assert item["full_until"] == until.isoformat()
    assert item["lending"] == {"computers": 2, "tablets": 0, "phones": 0, "sim_cards": 1}
    others = [other for name, other in by_name.items() if name != VETLANDA]
    assert all(other["full_now"] is False and other["full_until"] is None for other in others)
    assert all(set(other["lending"]) == set(item["lending"]) for other in others)


def test_full_until_further_notice_in_the_json_list(client, demo_site):
    publish(vetlanda_library(), full=True, full_until=None)
    data = client.get(LIST, {"municipality": "0685", "lends": "tablets"}).json()
    item = next(item for item in data["results"] if item["name"] == VETLANDA)
    assert item["full_now"] is True and item["full_until"] is None


def test_the_map_says_which_points_are_full(client, demo_site):
    publish(vetlanda_library(), full=True, full_until=None)
    data = client.get(
        GEOJSON, {"bbox": "14.9,57.3,15.2,57.5", "zoom": "18", "lends": "tablets"}
    ).json()
    points = [f["properties"] for f in data["features"] if f["properties"]["kind"] == "point"]
    assert points and all(isinstance(p["full_now"], bool) for p in points)
    assert {p["name"] for p in points if p["full_now"]} == {VETLANDA}


def test_the_openapi_description_documents_the_filter_and_the_fields(client, demo_site):
    spec = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/support-points/", "/api/v1/support-points.geojson"):
        (lends_param,) = [
            p for p in spec["paths"][path]["get"]["parameters"] if p["name"] == "lends"
        ]
        assert lends_param["schema"]["items"]["enum"] == [
            "computers",
            "tablets",
            "phones",
            "sim_cards",
        ]
    schema = spec["paths"]["/api/v1/support-points/"]["get"]["responses"]["200"]
    items = schema["content"]["application/json"]["schema"]["properties"]["results"]["items"]
    documented = {name for part in items["allOf"] for name in part["properties"]}
    assert {"full_now", "full_until", "lending"} <= documented


# --- Translated copies -----------------------------------------------------------------


@pytest.fixture
def admin(django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.get(username="admin"))
    return client


def test_a_translated_copy_keeps_full_and_lending_in_step(
    admin, client, demo_site, django_capture_on_commit_callbacks
):
    point = vetlanda_library()
    arabic = translate_in_admin(
        admin, point, "ar", {point.title: "مساعدة رقمية"}, django_capture_on_commit_callbacks
    )
    until = timezone.localdate() + datetime.timedelta(days=14)
    with django_capture_on_commit_callbacks(execute=True):
        publish(
            point,
            full=True,
            full_until=until,
            lends_computers=1,
            lends_tablets=4,
            lends_phones=2,
            lends_sim_cards=3,
        )
    arabic.refresh_from_db()
    assert arabic.locale == Locale.objects.get(language_code="ar")
    assert (arabic.full, arabic.full_until) == (True, until)
    assert (
        arabic.lends_computers,
        arabic.lends_tablets,
        arabic.lends_phones,
        arabic.lends_sim_cards,
    ) == (1, 4, 2, 3)
    assert arabic.live and arabic.title == "مساعدة رقمية"
    html = html_of(client, "/ar" + VETLANDA_LIBRARY)
    assert "مساعدة رقمية" in html and 'id="full-notice"' in html
    with translation.override("ar"):
        assert formats.date_format(until, "j") in long_date(until)
    # Unticked in Swedish: the translation is no longer full either.
    with django_capture_on_commit_callbacks(execute=True):
        publish(point, full=False)
    arabic.refresh_from_db()
    assert arabic.full is False
