"""Routing on real open data (../shared/data): official municipality boundaries and the
national postal code table. These files are inputs nobody on the project wrote; without
them the tests skip loudly, and fail in CI (the `shared_data` fixture)."""

import csv
import json
from io import StringIO

import pytest
from django.core.management import call_command

from geography.geometry import contains
from geography.models import PostalCode
from geography.reference import MUNICIPALITIES
from networks.models import Network
from networks.routing import RoutingError, route

pytestmark = pytest.mark.django_db


@pytest.fixture
def boundaries(shared_data):
    return shared_data("swedish_municipalities.geojson")


@pytest.fixture
def postcodes(shared_data):
    return shared_data("postal_to_municipality.csv")


def import_boundaries(path):
    out = StringIO()
    call_command("import_service_areas", str(path), stdout=out)
    return out.getvalue()


def import_postcodes(path):
    call_command("import_postcodes", str(path), stdout=StringIO())


def test_the_official_boundaries_are_imported_as_they_are(demo_site, boundaries):
    report = import_boundaries(boundaries)
    assert "Read 290 features" in report
    assert "13 network(s) from 13 feature(s)" in report
    assert "skipped 277 feature(s)" in report
    jonkoping = Network.objects.get(slug="jonkoping")
    assert jonkoping.service_area["type"] == "MultiPolygon"  # Visingsö and the mainland


@pytest.mark.parametrize(
    "code", [code for code, *_ in MUNICIPALITIES], ids=[name for _, name, *_ in MUNICIPALITIES]
)
def test_a_point_inside_each_municipality_routes_to_its_network(demo_site, boundaries, code):
    data = json.loads(boundaries.read_text(encoding="utf-8"))
    [feature] = [f for f in data["features"] if f["properties"]["id"] == code]
    import_boundaries(boundaries)
    lat, lon = feature["properties"]["geo_point_2d"]
    assert contains(feature["geometry"], lat, lon), "the test point must lie inside"
    decision = route(lat=lat, lon=lon)
    assert decision.rule == "service_area"
    assert decision.network == Network.objects.get(municipalities__code=code)
    assert decision.municipality.code == code


@pytest.mark.parametrize(
    ("place", "lat", "lon"),
    [("Kalmar", 56.6634, 16.3568), ("Borås", 57.7210, 12.9401), ("Ljungby", 56.8330, 13.9410)],
)
def test_a_point_in_a_neighbouring_county_goes_to_the_nearest_network(
    demo_site, boundaries, place, lat, lon
):
    import_boundaries(boundaries)
    decision = route(lat=lat, lon=lon)
    assert decision.rule == "nearest_support_point"
    assert decision.municipality is None
    assert 0 < decision.distance_km < 150


def test_every_county_postal_code_routes_to_the_right_network(demo_site, postcodes):
    import_postcodes(postcodes)
    with open(postcodes, encoding="utf-8-sig", newline="") as handle:
        county = [
            row for row in csv.DictReader(handle) if row["municipality_code"].startswith("06")
        ]
    assert len(county) == 568
    network_by_code = {
        code: slug for slug, code in Network.objects.values_list("slug", "municipalities__code")
    }
    for row in county:
        code = row["postal_code"]
        spaced = f"{code[:3]} {code[3:]}"
        decision = route(postal_code=spaced)
        assert decision.rule == "postal_code", code
        assert decision.network.slug == network_by_code[row["municipality_code"]], code
        assert decision.municipality.code == row["municipality_code"]
    assert PostalCode.objects.count() == 15463


def test_a_postal_code_elsewhere_in_sweden_is_refused_with_a_reason(demo_site, postcodes):
    import_postcodes(postcodes)
    with pytest.raises(RoutingError) as caught:
        route(postal_code="10004")
    assert caught.value.code == "outside_area"
    assert "Stockholm" in str(caught.value)
