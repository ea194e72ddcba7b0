"""Routing works out of the box: the demo set-up (`make run`, and the test database through
tests/conftest.py) loads the county's postal codes and real municipality boundaries from
geography/data, and an unknown postal code given with a municipality is set aside with a
note instead of refusing the request."""

import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext

from demo import site as demo
from geography import county_data
from geography.importers import read_postcodes
from geography.models import PostalCode
from geography.reference import MUNICIPALITIES
from networks import routing
from networks.models import Network, Referral
from networks.routing import RoutingError, route
from networks.service_areas import import_service_areas
from tests.networks.shipped_areas import shipped_area
from tests.networks.test_referral_form import FORM_URL, referral_data

pytestmark = pytest.mark.django_db

VARNAMO = "Digital hjälp Värnamo (demo)"
CENTRES = {code: (lat, lon) for code, _name, lat, lon in MUNICIPALITIES}
MUNICIPALITY_NOTE = routing.UNKNOWN_POSTAL_CODE_NOTES["municipality"]
POSITION_NOTE = routing.UNKNOWN_POSTAL_CODE_NOTES["position"]


def note(message, language, code):
    """A note as the catalogue of `language` gives it."""
    with translation.override(language):
        return gettext(str(message)) % {"postal_code": code}


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    def post(data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(FORM_URL, data)

    return post


# --- The demo set-up loads the shipped data ----------------------------------------------


def test_the_demo_set_up_loaded_the_county_postal_codes(demo_site):
    rows, _duplicates = read_postcodes(county_data.POSTCODES)
    assert PostalCode.objects.count() == len(rows) == 568
    assert PostalCode.objects.get(code="33130").municipality_code == "0683"


def test_the_demo_networks_have_their_municipality_boundaries(demo_site):
    for network in Network.objects.prefetch_related("municipalities"):
        [municipality] = network.municipalities.all()
        assert network.service_area == shipped_area(municipality.code), network.slug


def test_loading_again_changes_nothing_and_keeps_what_an_operator_imported(demo_site):
    own_area = shipped_area("0685")  # an operator's area for Eksjö: Vetlanda's polygon
    eksjo = Network.objects.get(slug="eksjo")
    eksjo.service_area = own_area
    eksjo.save()
    PostalCode.objects.exclude(municipality_code="0680").delete()  # an operator's table
    report = demo.load_routing_data()
    assert (report.postal_codes, report.service_areas) == (0, 0)
    eksjo.refresh_from_db()
    assert eksjo.service_area == own_area
    assert set(PostalCode.objects.values_list("municipality_code", flat=True)) == {"0680"}


def test_empty_tables_are_filled_again_quickly(demo_site):
    PostalCode.objects.all().delete()
    vetlanda = Network.objects.get(slug="vetlanda")
    vetlanda.service_area = None
    vetlanda.save()
    started = time.perf_counter()
    report = demo.load_routing_data()
    elapsed = time.perf_counter() - started
    assert (report.postal_codes, report.service_areas) == (568, 1)
    vetlanda.refresh_from_db()
    assert vetlanda.service_area == shipped_area("0685")
    # It runs at the start of every test session and of `make run`: well under a second.
    assert elapsed < 2.0


# --- A known postal code routes, by route(), the form and the API --------------------------


@pytest.mark.parametrize("given", ["331 30", "33130"])
def test_a_county_postal_code_routes_to_its_network(demo_site, given):
    decision = route(postal_code=given)
    assert (decision.rule, decision.network.slug) == ("postal_code", "varnamo")
    assert decision.municipality.code == "0683"
    assert decision.explanation_sv == (
        f"Din förfrågan går till {VARNAMO}, eftersom postnummer 331 30 ligger i Värnamo."
    )


def test_a_known_postal_code_still_wins_over_the_municipality(demo_site):
    decision = route(postal_code="331 30", municipality_code="0680")
    assert (decision.rule, decision.network.slug) == ("postal_code", "varnamo")


def test_the_form_preview_names_the_network_of_the_postal_code(client, demo_site):
    response = client.post(
        FORM_URL, referral_data(municipality="", postal_code="331 30", action="preview")
    )
    html = response.content.decode()
    assert response.status_code == 200
    result = html.split('id="routing-result"')[1]
    assert f"Din förfrågan kommer att gå till: {VARNAMO}." in result
    assert "postnummer 331 30 ligger i Värnamo" in result
    assert Referral.objects.count() == 0


def test_the_form_sends_a_postal_code_to_its_network(send, demo_site):
    response = send(referral_data(municipality="", postal_code="331 30"))
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.network.slug == "varnamo"
    assert referral.municipality.code == "0683"
    assert referral.postal_code == "33130"
    assert referral.routing_rule == "postal_code"


def test_the_api_routes_a_postal_code(client, demo_site):
    data = client.get("/api/v1/route/", {"postal_code": "331 30"}).json()
    assert (data["rule"], data["network"]["slug"]) == ("postal_code", "varnamo")


# --- An unknown postal code with a municipality: the municipality decides, with a note ---


def test_an_unknown_postal_code_with_a_municipality_routes_by_the_municipality(demo_site):
    decision = route(postal_code="123 45", municipality_code="0683")
    assert (decision.rule, decision.network.slug) == ("municipality", "varnamo")
    assert decision.municipality.code == "0683"
    assert decision.explanation_in("en") == (
        f"Your request goes to {VARNAMO} because they help people in Värnamo. We did not "
        "recognise postal code 123 45, so we used the municipality you chose."
    )
    # Swedish: the reason as always, then the note as the Swedish catalogue has it.
    assert decision.explanation_sv == (
        f"Din förfrågan går till {VARNAMO}, eftersom de hjälper invånare i Värnamo. "
        + note(MUNICIPALITY_NOTE, "sv", "123 45")
    )
    with translation.override("en"):
        assert decision.explanation == decision.explanation_in("en")


def test_the_note_follows_a_hand_over(demo_site):
    varnamo = Network.objects.get(slug="varnamo")
    varnamo.accepts_referrals = False
    varnamo.save()
    decision = route(postal_code="12345", municipality_code="0683")
    assert decision.handed_over_from == varnamo
    english = decision.explanation_in("en")
    assert "is not taking requests right now" in english
    assert english.endswith(" " + note(MUNICIPALITY_NOTE, "en", "123 45"))
    assert "so we used the municipality you chose." in english


def test_a_point_in_an_area_decides_and_the_note_says_so(demo_site):
    lat, lon = CENTRES["0683"]
    decision = route(lat=lat, lon=lon, postal_code="12345", municipality_code="0680")
    assert (decision.rule, decision.network.slug) == ("service_area", "varnamo")
    assert decision.explanation_in("en").endswith(
        " We did not recognise postal code 123 45, so we used your position."
    )
    assert decision.explanation_sv.endswith(note(POSITION_NOTE, "sv", "123 45"))


def test_an_invalid_postal_code_is_refused_even_with_a_municipality(demo_site):
    with pytest.raises(RoutingError) as caught:
        route(postal_code="1234", municipality_code="0683")
    assert caught.value.code == "invalid_postal_code"


@pytest.mark.parametrize(("prefix", "language"), [("", "sv"), ("/en", "en")])
def test_the_form_preview_routes_by_the_municipality_with_the_note(
    client, demo_site, prefix, language
):
    data = referral_data(municipality="0683", postal_code="123 45", action="preview")
    html = client.post(prefix + FORM_URL, data).content.decode()
    result = html.split('id="routing-result"')[1].split("</div>")[0]
    assert VARNAMO in result
    assert note(MUNICIPALITY_NOTE, language, "123 45") in result
    assert 'id="id_postal_code_error"' not in html


def test_the_form_sends_it_by_the_municipality_with_the_note(send, demo_site):
    response = send(referral_data(municipality="0683", postal_code="123 45"))
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.network.slug == "varnamo"
    assert referral.routing_rule == "municipality"
    assert referral.postal_code == "12345"  # kept as given, for the coordinator
    # Coordinators read the explanation in Swedish, note included.
    assert referral.routing_explanation.endswith(note(MUNICIPALITY_NOTE, "sv", "123 45"))


def test_the_api_routes_an_unknown_postal_code_by_the_municipality(client, demo_site):
    response = client.get(
        "/api/v1/route/", {"postal_code": "12345", "municipality": "0683", "lang": "en"}
    )
    data = response.json()
    assert response.status_code == 200
    assert (data["rule"], data["network"]["slug"]) == ("municipality", "varnamo")
    assert data["municipality"] == {"code": "0683", "name": "Värnamo"}
    assert data["explanation"].endswith("so we used the municipality you chose.")


# --- An unknown postal code alone is refused, clearly -----------------------------------


def test_an_unknown_postal_code_alone_is_refused(demo_site):
    with pytest.raises(RoutingError) as caught:
        route(postal_code="123 45")
    assert (caught.value.code, caught.value.parameter) == ("unknown_postal_code", "postal_code")
    with translation.override("en"):
        assert str(caught.value) == (
            "We do not know the postal code 123 45; check it or choose your municipality instead."
        )
    with translation.override("sv"):
        assert str(caught.value) == (
            "Vi känner inte till postnumret 123 45; kontrollera det eller välj din kommun i "
            "stället."
        )


@pytest.mark.parametrize("action", ["preview", "send"])
def test_the_form_refuses_an_unknown_postal_code_alone_and_keeps_it(client, demo_site, action):
    response = client.post(
        FORM_URL, referral_data(municipality="", postal_code="123 45", action=action)
    )
    html = response.content.decode()
    assert response.status_code == (200 if action == "preview" else 400)
    error = html.split('id="id_postal_code_error"')[1].split("</ul>")[0]
    assert "Vi känner inte till postnumret 123 45" in error
    assert 'name="postal_code" value="123 45"' in html
    assert Referral.objects.count() == 0


def test_the_api_refuses_an_unknown_postal_code_alone(client, demo_site):
    response = client.get("/api/v1/route/", {"postal_code": "12345", "lang": "en"})
    assert response.status_code == 400
    assert response.json() == {
        "error": "We do not know the postal code 123 45; check it or choose your municipality "
        "instead.",
        "parameter": "postal_code",
    }


def test_the_importer_can_keep_the_areas_networks_have(demo_site):
    report = import_service_areas(county_data.BOUNDARIES, keep_existing=True)
    assert (report.matched_networks, len(report.kept_networks)) == ([], 13)
    assert report.skipped_features == 0
    assert report.summary().endswith("; kept the area 13 network(s) already had.")


def test_seed_demo_if_empty_fills_in_routing_data_an_older_database_lacks(demo_site):
    PostalCode.objects.all().delete()  # a database seeded before the data shipped
    out = StringIO()
    call_command("seed_demo", "--if-empty", "--no-referrals", stdout=out)
    assert "The database already has data; demo data not loaded." in out.getvalue()
    assert "Routing data: 568 postal codes loaded, 0 service areas set." in out.getvalue()
    assert route(postal_code="331 30").network.slug == "varnamo"
