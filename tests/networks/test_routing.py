"""Routing decisions on the demo data: every rule, hand-over, ties, places outside all
areas and invalid input."""

import math

import pytest
from django.utils import translation

from directory.models import SupportPointPage
from geography.geometry import haversine_km
from geography.models import Municipality, PostalCode
from geography.reference import MUNICIPALITIES
from networks import routing
from networks.models import Network
from networks.routing import RoutingError, RoutingIndex, route
from tests.networks.shipped_areas import polygons, shipped_area

pytestmark = pytest.mark.django_db

CENTRES = {code: (lat, lon) for code, _name, lat, lon in MUNICIPALITIES}
KALMAR = (56.6634, 16.3568)  # outside the county and outside every area
STOCKHOLM = (59.3293, 18.0686)


def network_of(code):
    return Network.objects.get(municipalities__code=code)


def nearest_by_brute_force(lat, lon, accept=lambda network: True):
    """(network slug, km) of the network with the nearest live support point."""
    best = None
    for point in SupportPointPage.objects.live().select_related("municipality"):
        for network in point.municipality.networks.all():
            if not accept(network):
                continue
            key = (haversine_km(lat, lon, point.latitude, point.longitude), network.slug)
            best = min(best, key) if best else key
    return best[1], best[0]


def clear_areas():
    for network in Network.objects.all():
        network.service_area = None
        network.save()


# --- Rule 1: service area ----------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(CENTRES))
def test_a_point_in_a_demo_area_goes_to_that_network(demo_site, code):
    decision = route(lat=CENTRES[code][0], lon=CENTRES[code][1])
    assert decision.network == network_of(code)
    assert decision.rule == "service_area"
    assert decision.municipality.code == code
    assert decision.distance_km is None
    assert decision.handed_over_from is None


def test_the_explanation_is_one_sentence_in_swedish_and_english(demo_site):
    decision = route(lat=57.4280, lon=15.0780)
    assert decision.explanation_sv == (
        "Din förfrågan går till Digital hjälp Vetlanda (demo), eftersom platsen ligger i "
        "deras område."
    )
    assert decision.explanation_in("en") == (
        "Your request goes to Digital hjälp Vetlanda (demo) because the place is in their area."
    )
    with translation.override("en"):
        assert decision.explanation == decision.explanation_in("en")
    with translation.override("sv"):
        assert decision.explanation == decision.explanation_sv


def test_coordinates_may_be_strings_with_a_decimal_comma(demo_site):
    decision = route(lat=" 57,4280 ", lon="15.0780")
    assert decision.network.slug == "vetlanda"


def test_a_network_of_two_municipalities_names_the_one_nearest_the_point(demo_site):
    for code in ("0604", "0686"):
        old = network_of(code)
        old.service_area = None
        old.save()
    network = Network.objects.create(name="Höglandet", slug="hoglandet")
    network.municipalities.add(*Municipality.objects.filter(code__in=["0604", "0686"]))
    network.service_area = {
        "type": "MultiPolygon",
        "coordinates": [
            shipped_area("0604")["coordinates"],
            shipped_area("0686")["coordinates"],
        ],
    }
    network.save()
    decision = route(lat=CENTRES["0686"][0], lon=CENTRES["0686"][1])
    assert decision.network.slug == "hoglandet"
    assert decision.municipality.code == "0686"


# --- Rule 2: postal code -----------------------------------------------------------------


@pytest.mark.parametrize("given", ["57431", "574 31", " 574\u00a031 "])
def test_a_postal_code_goes_to_the_network_of_its_municipality(demo_site, given):
    PostalCode.objects.update_or_create(
        code="57431",
        defaults={
            "locality": "Vetlanda",
            "municipality_code": "0685",
            "municipality_name": "Vetlanda",
        },
    )
    decision = route(postal_code=given)
    assert decision.network.slug == "vetlanda"
    assert decision.rule == "postal_code"
    assert decision.municipality.code == "0685"
    assert decision.distance_km is None
    assert decision.explanation_sv == (
        "Din förfrågan går till Digital hjälp Vetlanda (demo), eftersom postnummer 574 31 "
        "ligger i Vetlanda."
    )
    assert "postal code 574 31 is in Vetlanda" in decision.explanation_in("en")


def test_a_point_outside_all_areas_falls_back_to_the_postal_code(demo_site):
    PostalCode.objects.update_or_create(
        code="57431", defaults={"locality": "Vetlanda", "municipality_code": "0685"}
    )
    decision = route(lat=KALMAR[0], lon=KALMAR[1], postal_code="57431")
    assert decision.rule == "postal_code"
    assert decision.network.slug == "vetlanda"


def test_a_point_inside_an_area_decides_before_the_postal_code(demo_site):
    PostalCode.objects.update_or_create(
        code="57431", defaults={"locality": "Vetlanda", "municipality_code": "0685"}
    )
    decision = route(lat=CENTRES["0687"][0], lon=CENTRES["0687"][1], postal_code="57431")
    assert decision.rule == "service_area"
    assert decision.network.slug == "tranas"


# --- Rule 3: municipality ----------------------------------------------------------------


@pytest.mark.parametrize("given", ["0680", "680", "Jönköping", "jönköping"])
def test_a_municipality_goes_to_its_network(demo_site, given):
    decision = route(municipality_code=given)
    assert decision.network.slug == "jonkoping"
    assert decision.rule == "municipality"
    assert decision.municipality.code == "0680"
    assert decision.explanation_sv == (
        "Din förfrågan går till Digital hjälp Jönköping (demo), eftersom de hjälper "
        "invånare i Jönköping."
    )


def test_a_municipality_instance_is_accepted(demo_site):
    decision = route(municipality_code=Municipality.objects.get(code="0682"))
    assert decision.network.slug == "nassjo"


def test_a_postal_code_outside_the_county_gives_way_to_the_municipality(demo_site):
    PostalCode.objects.create(code="11122", locality="Stockholm", municipality_code="0180")
    decision = route(postal_code="11122", municipality_code="0682")
    assert decision.rule == "municipality"
    assert decision.network.slug == "nassjo"


# --- Rule 4: nearest support point -------------------------------------------------------


def test_a_point_outside_all_areas_goes_to_the_nearest_support_point(demo_site):
    decision = route(lat=KALMAR[0], lon=KALMAR[1])
    slug, km = nearest_by_brute_force(*KALMAR)
    assert decision.rule == "nearest_support_point"
    assert decision.network.slug == slug
    assert decision.distance_km == pytest.approx(km, abs=0.06)
    assert decision.municipality is None
    assert f"{decision.distance_km:.0f} km" in decision.explanation_in("en")
    assert "utanför alla nätverks områden" in decision.explanation_sv


def test_without_areas_the_nearest_support_point_decides(demo_site):
    clear_areas()
    lat, lon = 57.37, 14.47  # near Vrigstad (Sävsjö)
    decision = route(lat=lat, lon=lon)
    slug, km = nearest_by_brute_force(lat, lon)
    assert decision.rule == "nearest_support_point"
    assert decision.network.slug == slug == "savsjo"
    assert decision.distance_km == pytest.approx(km, abs=0.06)
    assert decision.distance_km < 10
    # Swedish decimal comma for short distances.
    assert f"{decision.distance_km:.1f}".replace(".", ",") + " km bort" in decision.explanation_sv


def test_a_municipality_no_network_serves_goes_to_the_nearest_network(demo_site):
    aneby = Municipality.objects.get(code="0604")
    network_of("0604").municipalities.remove(aneby)
    decision = route(municipality_code="0604")
    slug, km = nearest_by_brute_force(aneby.latitude, aneby.longitude)
    assert decision.rule == "nearest_support_point"
    assert decision.network.slug == slug != "aneby"
    assert decision.municipality == aneby
    assert decision.distance_km == pytest.approx(km, abs=0.06)
    assert "inget nätverk finns i Aneby" in decision.explanation_sv


def test_unpublishing_a_support_point_changes_the_nearest_decision(demo_site):
    clear_areas()
    point = SupportPointPage.objects.live().filter(title__contains="Mariannelund").first()
    assert route(lat=point.latitude, lon=point.longitude).distance_km == 0.0
    point.unpublish()
    decision = route(lat=point.latitude, lon=point.longitude)
    assert decision.distance_km > 0.0


# --- Hand-over ---------------------------------------------------------------------------


def stop_referrals(slug):
    network = Network.objects.get(slug=slug)
    network.accepts_referrals = False
    network.save()
    return network


def test_a_network_not_taking_referrals_hands_over_to_the_nearest_that_does(demo_site):
    stop_referrals("vetlanda")
    lat, lon = CENTRES["0685"]
    decision = route(lat=lat, lon=lon)
    slug, km = nearest_by_brute_force(lat, lon, accept=lambda n: n.slug != "vetlanda")
    assert decision.handed_over_from.slug == "vetlanda"
    assert decision.network.slug == slug
    assert decision.rule == "service_area"
    assert decision.distance_km == pytest.approx(km, abs=0.06)
    assert decision.municipality.code == "0685"
    assert decision.explanation_sv.startswith(
        f"Din förfrågan går till {decision.network.name}, eftersom Digital hjälp Vetlanda "
        "(demo) inte tar emot förfrågningar just nu"
    )
    assert "is not taking requests right now" in decision.explanation_in("en")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"municipality_code": "0685"},
        {"postal_code": "57431"},
        {"lat": KALMAR[0], "lon": KALMAR[1]},
    ],
)
def test_hand_over_works_for_every_rule(demo_site, kwargs):
    PostalCode.objects.update_or_create(
        code="57431", defaults={"locality": "Vetlanda", "municipality_code": "0685"}
    )
    first = route(**kwargs).network
    stop_referrals(first.slug)
    decision = route(**kwargs)
    assert decision.handed_over_from == first
    assert decision.network != first
    assert decision.network.accepts_referrals
    assert decision.distance_km > 0


def test_hand_over_prefers_another_network_serving_the_same_place(demo_site):
    second = Network.objects.create(
        name="Vetlanda frivilliga",
        slug="vetlanda-frivilliga",
        service_area=shipped_area("0685"),
    )
    second.municipalities.add(Municipality.objects.get(code="0685"))
    stop_referrals("vetlanda")
    decision = route(lat=CENTRES["0685"][0], lon=CENTRES["0685"][1])
    assert decision.network.slug == "vetlanda-frivilliga"
    assert decision.handed_over_from.slug == "vetlanda"


def test_when_no_network_takes_referrals_the_person_is_told(demo_site):
    for network in Network.objects.all():
        network.accepts_referrals = False
        network.save()
    with pytest.raises(RoutingError) as caught:
        route(municipality_code="0680")
    assert caught.value.code == "none_accepting"
    with translation.override("sv"):
        assert (
            str(caught.value)
            == "Inget nätverk tar emot förfrågningar just nu; försök igen senare."
        )


def test_with_no_network_at_all_routing_says_so(demo_site):
    Network.objects.all().delete()
    with pytest.raises(RoutingError) as caught:
        route(lat=KALMAR[0], lon=KALMAR[1])
    assert caught.value.code == "no_network"


# --- Ties ----------------------------------------------------------------------------------


def test_overlapping_areas_go_to_the_network_whose_slug_sorts_first(demo_site):
    other = Network.objects.create(
        name="A Vetlanda", slug="a-vetlanda", service_area=shipped_area("0685")
    )
    other.municipalities.add(Municipality.objects.get(code="0685"))
    for _ in range(3):
        decision = route(lat=CENTRES["0685"][0], lon=CENTRES["0685"][1])
        assert decision.network.slug == "a-vetlanda"


def test_a_municipality_served_by_two_networks_goes_to_the_first_slug(demo_site):
    other = Network.objects.create(name="Zeta", slug="zeta-tranas")
    other.municipalities.add(Municipality.objects.get(code="0687"))
    assert route(municipality_code="0687").network.slug == "tranas"
    other.slug = "a-tranas"
    other.save()
    assert route(municipality_code="0687").network.slug == "a-tranas"


def test_equally_near_networks_go_to_the_first_slug(demo_site):
    clear_areas()
    twin = Network.objects.create(name="Twin", slug="zz-twin")
    twin.municipalities.add(Municipality.objects.get(code="0683"))  # the same support points
    lat, lon = CENTRES["0683"]
    decision = route(lat=lat, lon=lon)
    assert decision.rule == "nearest_support_point"
    assert decision.network.slug == "varnamo"
    twin.slug = "a-twin"
    twin.save()
    assert route(lat=lat, lon=lon).network.slug == "a-twin"


def test_a_point_on_a_border_between_two_areas_goes_to_one_of_the_two(demo_site):
    # The demo's areas are the real (simplified) boundaries: neighbours share their borders.
    checked = 0
    for polygon in polygons(shipped_area("0680")):
        ring = polygon[0]
        for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
            lon, lat = (x1 + x2) / 2, (y1 + y2) / 2
            nx, ny = -(y2 - y1), x2 - x1  # across the border, about 10 m each way
            scale = 1e-4 / math.hypot(nx, ny)
            decisions = [
                route(lat=lat + sign * ny * scale, lon=lon + sign * nx * scale) for sign in (1, -1)
            ]
            if any(d.rule != "service_area" for d in decisions):
                continue  # the county's edge or a lake, not a border with a neighbour
            sides = {d.network.slug for d in decisions}
            assert "jonkoping" in sides and len(sides) == 2
            assert route(lat=lat, lon=lon).network.slug in sides
            checked += 1
    assert checked >= 50  # of the 66 segments Jönköping shares with its neighbours


# --- Invalid input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "parameter", "code"),
    [
        ({}, None, "no_location"),
        (
            {"lat": "", "lon": "  ", "postal_code": "", "municipality_code": ""},
            None,
            "no_location",
        ),
        ({"lat": 57.7}, "lon", "incomplete_point"),
        ({"lon": 14.1}, "lat", "incomplete_point"),
        ({"lat": 999, "lon": 14.1}, "lat", "invalid_coordinate"),
        ({"lat": -90.01, "lon": 14.1}, "lat", "invalid_coordinate"),
        ({"lat": 57.7, "lon": 180.5}, "lon", "invalid_coordinate"),
        ({"lat": "abc", "lon": 14.1}, "lat", "invalid_coordinate"),
        ({"lat": "nan", "lon": 14.1}, "lat", "invalid_coordinate"),
        ({"lat": float("nan"), "lon": 14.1}, "lat", "invalid_coordinate"),
        ({"lat": 57.7, "lon": float("inf")}, "lon", "invalid_coordinate"),
        ({"lat": "1" * 400, "lon": 14.1}, "lat", "invalid_coordinate"),
        ({"lat": "5_7", "lon": 14.1}, "lat", "invalid_coordinate"),
        ({"lat": True, "lon": 14.1}, "lat", "invalid_coordinate"),
        ({"lat": 10**400, "lon": 14.1}, "lat", "invalid_coordinate"),
        ({"postal_code": "1234"}, "postal_code", "invalid_postal_code"),
        ({"postal_code": "55318A"}, "postal_code", "invalid_postal_code"),
        ({"postal_code": "٥٥٣١٨"}, "postal_code", "invalid_postal_code"),
        ({"postal_code": "00000"}, "postal_code", "unknown_postal_code"),
        ({"postal_code": "11122"}, "postal_code", "outside_area"),
        ({"municipality_code": "0180"}, "municipality", "unknown_municipality"),
        ({"municipality_code": "Stockholm"}, "municipality", "unknown_municipality"),
        # An unknown postal code is reported even when a point could decide.
        ({"lat": 57.7, "lon": 14.1, "postal_code": "00000"}, "postal_code", "unknown_postal_code"),
    ],
)
def test_invalid_input_raises_a_routing_error_naming_the_parameter(
    demo_site, kwargs, parameter, code
):
    PostalCode.objects.create(
        code="11122", locality="Stockholm", municipality_code="0180", municipality_name="Stockholm"
    )
    with pytest.raises(RoutingError) as caught:
        route(**kwargs)
    assert caught.value.parameter == parameter
    assert caught.value.code == code
    with translation.override("en"):
        english = str(caught.value)
    with translation.override("sv"):
        swedish = str(caught.value)
    assert english.endswith(".") and swedish.endswith(".")
    assert english != swedish


def test_error_messages_are_plain_sentences(demo_site):
    with pytest.raises(RoutingError) as caught:
        route(postal_code="00000")
    with translation.override("sv"):
        assert str(caught.value) == (
            "Vi känner inte till postnumret 000 00; kontrollera det eller välj din kommun i "
            "stället."
        )
    PostalCode.objects.create(
        code="11122", locality="Stockholm", municipality_code="0180", municipality_name="Stockholm"
    )
    with pytest.raises(RoutingError) as caught:
        route(postal_code="111 22")
    with translation.override("en"):
        assert str(caught.value) == (
            "The postal code 111 22 is in Stockholm, outside the area this service covers."
        )


# --- The index is pure: it routes plain objects without a database -----------------------


def test_an_index_of_plain_objects_routes_without_the_database():
    municipalities = [
        Municipality(pk=1, code="0685", name="Vetlanda", latitude=57.428, longitude=15.078),
        Municipality(pk=2, code="0686", name="Eksjö", latitude=57.667, longitude=14.971),
    ]
    vetlanda = Network(pk=1, slug="vetlanda", name="Vetlanda", service_area=shipped_area("0685"))
    eksjo = Network(pk=2, slug="eksjo", name="Eksjö", accepts_referrals=False)
    index = RoutingIndex(
        [(vetlanda, [municipalities[0]]), (eksjo, [municipalities[1]])],
        municipalities,
        [(57.43, 15.08, 1), (57.66, 14.97, 2)],
        postal_codes={"57531": ("0686", "Eksjö")},
    )
    assert route(lat=57.428, lon=15.078, index=index).rule == "service_area"
    decision = route(postal_code="57531", index=index)
    assert (decision.network, decision.handed_over_from) == (vetlanda, eksjo)
    assert decision.distance_km == pytest.approx(
        haversine_km(57.667, 14.971, 57.43, 15.08), abs=0.06
    )
    decision = route(lat=STOCKHOLM[0], lon=STOCKHOLM[1], index=index)
    assert decision.rule == "nearest_support_point"
    assert decision.network == vetlanda  # Eksjö is nearer but hands over


def test_invalidate_forgets_the_cached_index(demo_site):
    routing.invalidate()
    Network.objects.filter(slug="jonkoping").update(accepts_referrals=False)  # no signal
    routing.invalidate()
    assert route(municipality_code="0680").handed_over_from.slug == "jonkoping"


@pytest.mark.parametrize(
    "broken",
    [
        {"type": "Polygon", "coordinates": "junk"},
        {"type": "Polygon", "coordinates": [[[15, 57], [16, 57], [15, 58]]]},
        {"type": "Point", "coordinates": [15.0, 57.4]},
        ["not", "a", "geometry"],
    ],
)
def test_a_broken_service_area_is_ignored_not_fatal(demo_site, broken):
    network = Network.objects.get(slug="vetlanda")
    network.service_area = broken
    network.save()
    decision = route(lat=CENTRES["0685"][0], lon=CENTRES["0685"][1])
    assert decision.rule == "nearest_support_point"  # outside every remaining area
    assert decision.network.slug == "vetlanda"  # its support points are still nearest
    assert route(lat=CENTRES["0680"][0], lon=CENTRES["0680"][1]).rule == "service_area"
