"""GET /api/v1/route/: the routing decision as JSON; 400 with a message for bad input;
never a server error."""

import json
import time

import pytest
from django.core.cache import cache

from geography.models import PostalCode
from networks.api import REQUESTS_PER_MINUTE
from networks.models import Network

pytestmark = pytest.mark.django_db

URL = "/api/v1/route/"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    """Each test starts with an empty request count (the limit is per address)."""
    cache.clear()
    yield
    cache.clear()


KEYS = {"network", "municipality", "rule", "distance_km", "handed_over_from", "explanation"}


def get(client, params=None, **headers):
    response = client.get(URL, params or {}, headers=headers)
    assert response["Content-Type"] == "application/json"
    return response, json.loads(response.content)


def test_a_point_gives_the_network_and_a_swedish_explanation(client, demo_site):
    response, data = get(client, {"lat": "57.4280", "lon": "15.0780"})
    assert response.status_code == 200
    assert set(data) == KEYS
    assert data["network"] == {"slug": "vetlanda", "name": "Digital hjälp Vetlanda (demo)"}
    assert data["municipality"] == {"code": "0685", "name": "Vetlanda"}
    assert data["rule"] == "service_area"
    assert data["distance_km"] is None
    assert data["handed_over_from"] is None
    assert data["explanation"] == (
        "Din förfrågan går till Digital hjälp Vetlanda (demo), eftersom platsen ligger i "
        "deras område."
    )
    assert response["Content-Language"] == "sv"


def test_english_by_parameter_or_by_accept_language(client, demo_site):
    _response, data = get(client, {"lat": "57.4280", "lon": "15.0780", "lang": "en"})
    assert data["explanation"].startswith("Your request goes to Digital hjälp Vetlanda (demo)")
    response, data = get(
        client, {"municipality": "0680"}, accept_language="en-GB,en;q=0.9,sv;q=0.5"
    )
    assert data["explanation"] == (
        "Your request goes to Digital hjälp Jönköping (demo) because they help people in "
        "Jönköping."
    )
    assert response["Content-Language"] == "en"
    _response, data = get(client, {"municipality": "0680", "lang": "sv"}, accept_language="en")
    assert data["explanation"].startswith("Din förfrågan")


def test_a_postal_code_and_a_municipality(client, demo_site):
    PostalCode.objects.update_or_create(
        code="55318", defaults={"locality": "Jönköping", "municipality_code": "0680"}
    )
    _response, data = get(client, {"postal_code": "553 18"})
    assert (data["rule"], data["network"]["slug"]) == ("postal_code", "jonkoping")
    _response, data = get(client, {"municipality": "0687"})
    assert data["rule"] == "municipality"
    assert data["municipality"] == {"code": "0687", "name": "Tranås"}


def test_a_point_outside_all_areas_has_a_distance_and_no_municipality(client, demo_site):
    _response, data = get(client, {"lat": "56.6634", "lon": "16.3568"})
    assert data["rule"] == "nearest_support_point"
    assert data["municipality"] is None
    assert isinstance(data["distance_km"], float) and data["distance_km"] > 0


def test_a_hand_over_is_shown(client, demo_site):
    network = Network.objects.get(slug="vetlanda")
    network.accepts_referrals = False
    network.save()
    _response, data = get(client, {"municipality": "0685", "lang": "en"})
    assert data["handed_over_from"] == {"slug": "vetlanda", "name": network.name}
    assert data["network"]["slug"] != "vetlanda"
    assert "is not taking requests right now" in data["explanation"]


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({}, None),
        ({"lat": "", "lon": ""}, None),
        ({"lat": "abc", "lon": "14"}, "lat"),
        ({"lat": "999", "lon": "14"}, "lat"),
        ({"lat": "57", "lon": "-999"}, "lon"),
        ({"lat": "57"}, "lon"),
        ({"lat": "57", "lon": ""}, "lon"),
        ({"lat": "nan", "lon": "14"}, "lat"),
        ({"lat": "1e999", "lon": "14"}, "lat"),
        ({"lat": "Infinity", "lon": "14"}, "lat"),
        ({"lat": "9" * 100_000, "lon": "14"}, "lat"),
        ({"lat": "57", "lon": "14\x00"}, "lon"),
        ({"postal_code": "abc"}, "postal_code"),
        ({"postal_code": "99999"}, "postal_code"),
        ({"postal_code": "5" * 100_000}, "postal_code"),
        ({"postal_code": "553\x0018"}, "postal_code"),
        ({"municipality": "xyz"}, "municipality"),
        ({"municipality": "0180"}, "municipality"),
        ({"municipality": "ö" * 50_000}, "municipality"),
        ({"municipality": "'; DROP TABLE networks_network; --"}, "municipality"),
    ],
)
def test_invalid_input_is_a_400_with_a_message(client, demo_site, params, parameter):
    response, data = get(client, params)
    assert response.status_code == 400
    assert data == {"error": data["error"], "parameter": parameter}
    assert data["error"].endswith(".") and len(data["error"]) < 200


def test_error_messages_follow_the_language(client, demo_site):
    _response, data = get(client, {"lat": "abc", "lon": "14"})
    assert data["error"] == "Latituden måste vara ett tal mellan -90 och 90."
    _response, data = get(client, {"lat": "abc", "lon": "14", "lang": "en"})
    assert data["error"] == "The latitude must be a number between -90 and 90."


NONSENSE = [
    "",
    " ",
    "-",
    "+",
    ".",
    "..",
    "1.2.3",
    "0x1F",
    "1e3",
    "-0",
    "٥٧",
    "５７",
    "\u202e57",
    "%",
    "%00",
    "null",
    "None",
    "[]",
    "{}",
    "57,5,5",
    "<script>",
    "1" * 5000,
]


@pytest.mark.parametrize("name", ["lat", "lon", "postal_code", "municipality", "lang"])
def test_no_input_gives_a_server_error(client, demo_site, name):
    for value in NONSENSE:
        params = {"lat": "57.78", "lon": "14.16", name: value}
        response = client.get(URL, params)
        assert response.status_code in (200, 400), (name, value)
        data = json.loads(response.content)
        assert ("error" in data) == (response.status_code == 400)


@pytest.mark.parametrize(
    "query",
    [
        "lat=%FF&lon=%FE",
        "lat=%ED%A0%80&lon=14",
        "municipality=%C3",
        "postal_code=%E2%80%AE55318",
        "lat=57.78&lat=999&lon=14.16",
        "lat[]=57&lon[]=14",
        "lat=57.78;lon=14.16",
        "&&&=&==",
    ],
)
def test_raw_nonsense_query_strings_give_200_or_400(client, demo_site, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code in (200, 400)
    json.loads(response.content)


def test_only_get_is_allowed(client, demo_site):
    assert client.post(URL, {"lat": "57", "lon": "14"}).status_code == 405


def test_too_many_requests_from_one_address_get_429_json(client, demo_site):
    # Limits count per fixed minute: start early in one, so that all requests fall in it.
    left = 60 - time.time() % 60
    if left < 20:
        time.sleep(left)
    for _ in range(REQUESTS_PER_MINUTE):
        assert client.get(URL, {"municipality": "0680"}).status_code == 200
    response = client.get(URL, {"municipality": "0680"})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "error" in json.loads(response.content)
    other = client.get(URL, {"municipality": "0680"}, REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 200
