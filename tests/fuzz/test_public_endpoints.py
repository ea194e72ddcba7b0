"""Hypothesis throws odd input at every public page, form and endpoint: none answers 5xx,
and a referral is confirmed only when it was stored."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.models import InformationReport
from networks.models import Referral

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any text a browser or a robot could send: control characters (NUL included), other
# scripts, emoji, very long words. No lone surrogates (they cannot be encoded in a URL).
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)
NUMBERISH = st.one_of(
    TEXT,
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
VALUE = st.one_of(TEXT, NUMBERISH, st.sampled_from(["", "on", "0680", "bankid", "sv", "en"]))

DIRECTORY_PARAMS = [
    "q",
    "municipality",
    "topic",
    "language",
    "target_group",
    "accessibility",
    "mode",
    "drop_in",
    "free",
    "open_now",
    "open_on",
    "postal_code",
    "lat",
    "lon",
    "page",
    "p",
    "lang",
    "bbox",
    "zoom",
]
REFERRAL_FIELDS = [
    "for_whom",
    "topics",
    "message",
    "language",
    "needs_interpreter",
    "accessibility_needs",
    "accessibility_other",
    "contact_method",
    "contact_times",
    "name",
    "phone",
    "email",
    "municipality",
    "postal_code",
    "latitude",
    "longitude",
    "age_band",
    "gender",
    "consent",
    "submission_token",
    "started",
    "website",
    "action",
]
SUPPORT_POINT = "/hitta-hjalp/demo-vetlanda-bibliotek/bibliotekets-digitala-hjalp-vetlanda/"


def params(names):
    keys = st.one_of(st.sampled_from(names), TEXT.filter(bool))
    return st.dictionaries(keys, st.one_of(VALUE, st.lists(VALUE, max_size=3)), max_size=8)


def assert_no_server_error(response, what):
    assert response.status_code < 500, (what, response.status_code)


@FUZZ
@given(query=params(DIRECTORY_PARAMS))
def test_directory_page(client, demo_site, query):
    for path in ("/hitta-hjalp/", "/en/hitta-hjalp/"):
        assert_no_server_error(client.get(path, query), (path, query))


@FUZZ
@given(
    query=params(DIRECTORY_PARAMS),
    path=st.sampled_from(["/", "/be-om-hjalp/", "/om-tjansten/", "/integritet/", "/healthz"]),
)
def test_other_pages_ignore_odd_parameters(client, demo_site, query, path):
    assert_no_server_error(client.get(path, query), (path, query))


@FUZZ
@given(query=params(DIRECTORY_PARAMS))
def test_directory_api(client, demo_site, query):
    for path in ("/api/v1/support-points/", "/api/v1/support-points.geojson"):
        response = client.get(path, query)
        assert_no_server_error(response, (path, query))
        assert response["Content-Type"].startswith(("application/json", "application/geo+json"))


@FUZZ
@given(query=params(["lat", "lon", "postal_code", "municipality", "lang"]))
def test_route_api(client, demo_site, query):
    response = client.get("/api/v1/route/", query)
    assert_no_server_error(response, query)
    assert response.status_code in (200, 400)


@FUZZ
@given(form=params(REFERRAL_FIELDS))
def test_referral_form_post(client, demo_site, form):
    before = Referral.objects.count()
    response = client.post("/be-om-hjalp/", form)
    assert_no_server_error(response, form)
    if response.status_code == 302 and "kvitto=" in response["Location"]:
        assert Referral.objects.count() >= before  # confirmed ⇒ stored (or stored before)
        assert client.get(response["Location"]).status_code == 200
    else:
        assert Referral.objects.count() == before


@FUZZ
@given(form=params(["message", "contact", "website"]))
def test_report_form_post(client, demo_site, form):
    before = InformationReport.objects.count()
    response = client.post(SUPPORT_POINT, form)
    assert_no_server_error(response, form)
    if response.status_code != 302:
        assert InformationReport.objects.count() == before


@FUZZ
@given(path=st.text(st.characters(exclude_categories=["Cs", "Cc"]), max_size=80))
def test_unknown_paths(client, demo_site, path):
    # "//[…" would be read as a host by the test client's URL parser before any request.
    path = path.lstrip("/")
    for prefix in ("/", "/hitta-hjalp/", "/api/v1/", "/en/"):
        assert_no_server_error(client.get(prefix + path), prefix + path)
