"""manage.py import_service_areas: what it sets, what it reports, and how it refuses a
malformed file (one sentence, nothing changed)."""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from geography.models import Municipality
from networks.models import Network

pytestmark = pytest.mark.django_db

BOUNDARIES = "swedish_municipalities.geojson"  # in ../shared/data (the shared_data fixture)
SQUARE = [[15.0, 57.4], [15.2, 57.4], [15.2, 57.5], [15.0, 57.5], [15.0, 57.4]]


def feature(code, ring=None, geometry_type="Polygon", key="id", **extra):
    coordinates = [ring or SQUARE]
    if geometry_type == "MultiPolygon":
        coordinates = [coordinates]
    return {
        "type": "Feature",
        "properties": {key: code, "kom_namn": "x", **extra},
        "geometry": {"type": geometry_type, "coordinates": coordinates},
    }


def collection(*features):
    return {"type": "FeatureCollection", "features": list(features)}


def write(tmp_path, data, name="areas.geojson"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def areas():
    return dict(Network.objects.values_list("slug", "service_area"))


def run(*args):
    out = StringIO()
    call_command("import_service_areas", *args, stdout=out)
    return out.getvalue()


def test_the_matching_feature_becomes_the_service_area(demo_site, tmp_path):
    before = areas()
    report = run(write(tmp_path, collection(feature("0685"), feature("0180"))))
    assert Network.objects.get(slug="vetlanda").service_area == {
        "type": "Polygon",
        "coordinates": [SQUARE],
    }
    after = areas()
    assert {slug for slug in after if after[slug] != before[slug]} == {"vetlanda"}
    assert "set the service area of 1 network(s) from 1 feature(s)" in report
    assert "skipped 1 feature(s)" in report
    assert "left 12 network(s) unchanged" in report


def test_a_network_of_several_municipalities_gets_a_multipolygon(demo_site, tmp_path):
    network = Network.objects.create(name="Höglandet", slug="hoglandet")
    network.municipalities.add(*Municipality.objects.filter(code__in=["0604", "0686"]))
    other = [[14.7, 57.8], [14.9, 57.8], [14.9, 57.9], [14.7, 57.8]]
    run(write(tmp_path, collection(feature("0686"), feature("0604", ring=other))))
    area = Network.objects.get(slug="hoglandet").service_area
    assert area["type"] == "MultiPolygon"
    assert sorted(area["coordinates"]) == sorted([[SQUARE], [other]])


def test_the_code_property_is_configurable_and_numbers_keep_their_zero(demo_site, tmp_path):
    path = write(tmp_path, collection(feature(685, key="kommunkod")))
    run(path, "--code-property", "kommunkod")
    assert Network.objects.get(slug="vetlanda").service_area["coordinates"] == [SQUARE]


def test_altitudes_are_dropped_and_a_one_part_multipolygon_is_a_polygon(demo_site, tmp_path):
    ring = [[*position, 120.0] for position in SQUARE]
    run(write(tmp_path, collection(feature("0685", ring=ring, geometry_type="MultiPolygon"))))
    area = Network.objects.get(slug="vetlanda").service_area
    assert area == {"type": "Polygon", "coordinates": [SQUARE]}


def test_the_shared_file_is_accepted_as_it_is(demo_site, shared_data):
    report = run(str(shared_data(BOUNDARIES)))
    assert report.strip() == (
        "Read 290 features: set the service area of 13 network(s) from 13 feature(s), "
        "skipped 277 feature(s) that no network serves."
    )
    assert all(area["type"] in ("Polygon", "MultiPolygon") for area in areas().values())


def broken_last(boundaries, *features):
    """The 13 real county features followed by a broken one: validation must come first."""
    data = json.loads(boundaries.read_text(encoding="utf-8"))
    county = [f for f in data["features"] if f["properties"]["lan_code"] == "06"]
    return collection(*county, *features)


MALFORMED = [
    ("not json", "{ this is not json", "is not valid JSON"),
    ("empty file", "", "is not valid JSON"),
    ("a list", [], "is not a GeoJSON FeatureCollection"),
    ("a single feature", feature("0685"), "is not a GeoJSON FeatureCollection"),
    ("no features", collection(), "has no features"),
    ("features not a list", {"type": "FeatureCollection", "features": {}}, "has no features"),
    ("not a feature", collection({"type": "Point"}), "Feature 1 is not a GeoJSON Feature"),
    ("missing property", collection(feature("0685", key="kod")), 'has no property "id"'),
    ("empty code", collection(feature("  ")), 'has an empty "id"'),
    (
        "point geometry",
        collection(
            {
                "type": "Feature",
                "properties": {"id": "0685"},
                "geometry": {"type": "Point", "coordinates": [15, 57]},
            }
        ),
        "has a Point geometry, but only Polygon and MultiPolygon are accepted",
    ),
    (
        "null geometry",
        collection({"type": "Feature", "properties": {"id": "0685"}, "geometry": None}),
        "has no geometry",
    ),
    (
        "open ring",
        collection(feature("0685", ring=SQUARE[:-1] + [[15.1, 57.45]])),
        "ring that is not closed",
    ),
    (
        "short ring",
        collection(feature("0685", ring=[[15, 57], [15.1, 57], [15, 57]])),
        "fewer than 4 positions",
    ),
    (
        "latitude out of range",
        collection(feature("0685", ring=[[15, 57], [15, 97], [16, 57], [15, 57]])),
        "outside the longitude/latitude range",
    ),
    (
        "text coordinate",
        collection(feature("0685", ring=[[15, "57"], [15, 58], [16, 57], [15, 57]])),
        "not [longitude, latitude]",
    ),
    (
        "boolean coordinate",
        collection(feature("0685", ring=[[15, True], [15, 58], [16, 57], [15, 57]])),
        "not [longitude, latitude]",
    ),
    (
        "no rings",
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"id": "0685"},
                    "geometry": {"type": "Polygon", "coordinates": []},
                }
            ],
        },
        "polygon without rings",
    ),
    ("broken after 13 good features", None, "Feature 14 (id 0685) has a ring that is not closed"),
]


@pytest.mark.parametrize(("case", "data", "expected"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_a_malformed_file_fails_with_one_sentence_and_changes_nothing(
    demo_site, tmp_path, shared_data, case, data, expected
):
    if data is None:
        broken = feature("0685", ring=SQUARE[:-1] + [[15.1, 57.45]])
        data = broken_last(shared_data(BOUNDARIES), broken)
    before = areas()
    with pytest.raises(CommandError) as caught:
        run(write(tmp_path, data))
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message
    assert len(re.findall(r"[.!?](?:\s|$)", message)) == 1, message
    assert areas() == before


def test_a_missing_file_is_one_sentence(demo_site, tmp_path):
    with pytest.raises(CommandError, match=r"^The file .*nowhere\.geojson does not exist\.$"):
        run(str(tmp_path / "nowhere.geojson"))


def test_a_file_that_is_not_utf8_is_refused(demo_site, tmp_path):
    path = tmp_path / "latin1.geojson"
    path.write_bytes(b'{"type": "FeatureCollection", "name": "J\xf6nk\xf6ping", "features": []}')
    with pytest.raises(CommandError, match="is not UTF-8 text"):
        run(str(path))
