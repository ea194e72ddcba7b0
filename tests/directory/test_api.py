"""The JSON list and the GeoJSON endpoint: same filters, clusters that add up, 400s."""

import pytest

from directory import clustering, map_grid, search
from directory.models import SupportPointPage

pytestmark = pytest.mark.django_db

LIST = "/api/v1/support-points/"
GEOJSON = "/api/v1/support-points.geojson"
COUNTY = "13.0,56.9,15.8,58.3"


def test_list_with_filters_and_distance(client, demo_site):
    data = client.get(
        LIST,
        {
            "q": "bankid",
            "municipality": "0685",
            "language": "ar",
            "lat": "57.4274",
            "lon": "15.0847",
        },
    ).json()
    assert data["count"] == 1
    item = data["results"][0]
    assert item["name"] == "Bibliotekets digitala hjälp – Vetlanda"
    assert item["organisation"] == "Demo Vetlanda bibliotek"
    assert item["municipality"] == "0685"
    assert item["url"].endswith(
        "/hitta-hjalp/demo-vetlanda-bibliotek/bibliotekets-digitala-hjalp-vetlanda/"
    )
    assert 0 <= item["distance_km"] < 2
    assert isinstance(item["open_now"], bool)
    assert {"id", "latitude", "longitude"} <= set(item)


def test_list_is_paginated_and_without_location_has_no_distance(client, demo_site):
    first = client.get(LIST).json()
    assert first["count"] == SupportPointPage.objects.live().count()
    assert len(first["results"]) == 20
    assert "distance_km" not in first["results"][0]
    assert first["previous"] is None and "page=2" in first["next"]
    seen = set()
    for number in range(1, first["num_pages"] + 1):
        seen |= {item["id"] for item in client.get(LIST, {"page": number}).json()["results"]}
    assert len(seen) == first["count"]


@pytest.mark.parametrize(
    ("url", "params", "parameter"),
    [
        (LIST, {"page": "-1"}, "page"),
        (LIST, {"page": "abc"}, "page"),
        (LIST, {"page": "999"}, "page"),
        (LIST, {"lat": "abc", "lon": "14"}, "lat"),
        (LIST, {"lat": "57"}, "lon"),
        (LIST, {"q": "x" * 10_000}, "q"),
        (LIST, {"municipality": "9999"}, "municipality"),
        (LIST, {"topic": "nonsense"}, "topic"),
        (LIST, {"accessibility": "wings"}, "accessibility"),
        (LIST, {"open_on": "2026-13-45"}, "open_on"),
        (GEOJSON, {"bbox": "1,2"}, "bbox"),
        (GEOJSON, {"bbox": "a,b,c,d"}, "bbox"),
        (GEOJSON, {"bbox": "15,58,13,57"}, "bbox"),
        (GEOJSON, {"bbox": "nan,1,2,3"}, "bbox"),
        (GEOJSON, {"zoom": "99"}, "zoom"),
        (GEOJSON, {"zoom": "x"}, "zoom"),
        (GEOJSON, {"lat": "abc", "lon": "1"}, "lat"),
    ],
)
def test_invalid_parameters_give_400_naming_the_parameter(
    client, demo_site, url, params, parameter
):
    response = client.get(url, params)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter
    assert response.json()["error"]


@pytest.mark.parametrize("zoom", [5, 7, 8, 9, 10, 12, 14, 16, 18])
def test_cluster_counts_add_up_to_the_matching_points(client, demo_site, zoom):
    data = client.get(GEOJSON, {"bbox": COUNTY, "zoom": zoom}).json()
    assert data["type"] == "FeatureCollection"
    total = SupportPointPage.objects.live().count()
    assert sum(f["properties"]["count"] for f in data["features"]) == data["count"] == total
    if zoom <= 8:
        assert any(f["properties"]["kind"] == "cluster" for f in data["features"])
    if zoom >= clustering.POINTS_FROM_ZOOM:
        assert all(f["properties"]["kind"] == "point" for f in data["features"])


def test_clusters_follow_filters_and_bbox(client, demo_site):
    vetlanda_box = "14.9,57.3,15.2,57.6"
    data = client.get(GEOJSON, {"bbox": vetlanda_box, "zoom": 9, "topic": "bankid"}).json()
    expected = (
        SupportPointPage.objects.live()
        .filter(
            topics__slug="bankid",
            longitude__gte=14.9,
            longitude__lte=15.2,
            latitude__gte=57.3,
            latitude__lte=57.6,
        )
        .count()
    )
    assert sum(f["properties"]["count"] for f in data["features"]) == expected > 0


def test_search_in_geojson(client, demo_site):
    data = client.get(
        GEOJSON,
        {"bbox": COUNTY, "zoom": 16, "q": "bankid", "municipality": "0685", "language": "ar"},
    ).json()
    assert data["count"] == 1
    feature = data["features"][0]
    assert feature["properties"]["name"] == "Bibliotekets digitala hjälp – Vetlanda"
    assert feature["properties"]["url"].startswith("http")
    assert "today" in feature["properties"] and "status" in feature["properties"]
    lon, lat = feature["geometry"]["coordinates"]
    assert 57 < lat < 58 and 14 < lon < 16


def test_grid_is_pure_over_a_queryset(demo_site):
    everything = SupportPointPage.objects.live()
    grid = map_grid.grid(everything, (13.0, 56.9, 15.8, 58.3), 6)
    assert grid.total == everything.count()
    assert len(grid.clusters) < 10


def test_repeated_map_view_follows_an_unpublished_point(client, demo_site):
    params = {"bbox": COUNTY, "zoom": 16}
    before = client.get(GEOJSON, params).json()
    assert client.get(GEOJSON, params).json() == before  # the same view, answered again
    point = SupportPointPage.objects.live().order_by("pk").first()
    point.unpublish()
    after = client.get(GEOJSON, params).json()
    assert after["count"] == before["count"] - 1
    assert point.pk not in {f["properties"].get("id") for f in after["features"]}


def test_wide_box_at_high_zoom_gets_a_coarser_grid(client, demo_site, monkeypatch):
    assert clustering.MAX_FEATURES == 2000
    monkeypatch.setattr(clustering, "MAX_FEATURES", 6)
    data = client.get(GEOJSON, {"bbox": "10.9,55.0,24.2,69.1", "zoom": 15}).json()
    assert 0 < len(data["features"]) <= 6
    assert sum(f["properties"]["count"] for f in data["features"]) == data["count"]
    assert data["count"] == SupportPointPage.objects.live().count()


def test_nearest_first_matches_a_full_sort_on_every_database(demo_site):
    from directory.search import nearest
    from geography.geometry import haversine_km
    from geography.location import Location

    live = SupportPointPage.objects.live()
    for lat, lon in [(57.78, 14.16), (57.43, 15.08), (59.33, 18.06), (55.6, 13.0)]:
        expected = sorted(
            live.values_list("pk", "latitude", "longitude"),
            key=lambda row: (haversine_km(lat, lon, row[1], row[2]), row[0]),
        )
        found = nearest(live, Location(lat, lon), 25)
        assert [pk for pk, _km in found] == [row[0] for row in expected[:25]]


def test_map_and_list_say_when_a_place_may_be_out_of_date(client, demo_site):
    import datetime

    from django.utils import timezone

    from directory.signals import places_changed
    from partners import freshness

    params = {"q": "bankid", "municipality": "0685", "language": "ar"}
    point = SupportPointPage.objects.get(slug="bibliotekets-digitala-hjalp-vetlanda")
    SupportPointPage.objects.filter(pk=point.pk).update(
        last_verified=timezone.localdate() - datetime.timedelta(days=400)
    )
    places_changed([point.pk])  # a bulk update sends no signal: say what changed
    assert client.get(LIST, params).json()["results"][0]["may_be_outdated"] is True
    feature = client.get(GEOJSON, {"bbox": COUNTY, "zoom": 16, **params}).json()["features"][0]
    assert feature["properties"]["may_be_outdated"] is True
    # The organisation confirms it is still correct: the list says so at once.
    freshness.confirm(point)
    assert client.get(LIST, params).json()["results"][0]["may_be_outdated"] is False
    feature = client.get(GEOJSON, {"bbox": COUNTY, "zoom": 16, **params}).json()["features"][0]
    assert feature["properties"]["may_be_outdated"] is False


@pytest.mark.parametrize("probe_limit", [1000, 0])
def test_the_map_of_a_word_shows_the_places_the_list_finds(
    client, demo_site, probe_limit, monkeypatch
):
    # 0: every word counts as common (checked per place instead of from the probe).
    monkeypatch.setattr(search.postgresql, "TEXT_PROBE_LIMIT", probe_limit)
    params = {"q": "bankid", "topic": "bankid"}
    listed, page = set(), 1
    while page:
        data = client.get(LIST, {**params, "page": page}).json()
        listed |= {item["id"] for item in data["results"]}
        page = page + 1 if data["next"] else None
    mapped = client.get(GEOJSON, {**params, "bbox": COUNTY, "zoom": 16}).json()
    assert {f["properties"]["id"] for f in mapped["features"]} == listed
    assert mapped["count"] == len(listed) > 1
