"""Rate limits on the public forms and the JSON API: shared counters per client address,
a friendly 429 in the person's language, nothing stored once the limit is hit."""

import logging

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings

from config.env import parse_rate_limits as parse_limits
from core.throttle import client_ip, limit_for
from directory.models import InformationReport, SupportPointPage
from networks.models import Referral
from tests.networks.test_referral_form import FORM_URL, referral_data

pytestmark = pytest.mark.django_db

SUPPORT_POINT = "/hitta-hjalp/demo-vetlanda-bibliotek/bibliotekets-digitala-hjalp-vetlanda/"


def report_page():
    point = SupportPointPage.objects.get(slug="bibliotekets-digitala-hjalp-vetlanda")
    return f"/rapportera-fel/{point.pk}/"


def test_referral_form_refuses_the_request_over_the_limit_kindly(client, demo_site, settings):
    settings.RATE_LIMITS = parse_limits("referral-form=2/600")
    assert client.post(FORM_URL, referral_data()).status_code == 302
    assert client.post(FORM_URL, referral_data()).status_code == 302
    response = client.post(FORM_URL, referral_data())
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert "Vänta en liten stund" in response.content.decode()
    assert Referral.objects.count() == 2
    english = client.post("/en" + FORM_URL, referral_data())
    assert english.status_code == 429
    assert "Please wait a moment" in english.content.decode()
    assert client.get(FORM_URL).status_code == 200  # reading the form is not limited


def test_other_addresses_keep_their_own_allowance(client, demo_site, settings):
    settings.RATE_LIMITS = parse_limits("referral-form=1/600")
    client.post(FORM_URL, referral_data())
    assert client.post(FORM_URL, referral_data()).status_code == 429
    other = client.post(FORM_URL, referral_data(), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


def test_report_form_is_limited_but_the_page_still_shows(client, demo_site, settings):
    settings.RATE_LIMITS = parse_limits("report-form=1/600")
    assert client.post(report_page(), {"message": "Fel telefonnummer"}).status_code == 302
    refused = client.post(report_page(), {"message": "Fel öppettider"})
    assert refused.status_code == 429
    assert InformationReport.objects.count() == 1
    assert client.get(report_page()).status_code == 200
    assert client.get(SUPPORT_POINT).status_code == 200


@pytest.mark.parametrize(
    "url", ["/api/v1/support-points/", "/api/v1/support-points.geojson?bbox=13,57,16,58.5"]
)
def test_directory_api_answers_429_json_in_the_asked_language(client, demo_site, settings, url):
    settings.RATE_LIMITS = parse_limits("directory-api=2/60")
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    swedish = client.get(url)
    assert swedish.status_code == 429
    assert swedish.json() == {"error": "För många förfrågningar. Vänta en minut och försök igen."}
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")
    assert english.json() == {"error": "Too many requests. Wait a minute and try again."}
    assert english["Content-Language"] == "en"
    assert english["Retry-After"] == "60"


def test_hitting_a_limit_is_logged_once_without_the_address(client, demo_site, settings, caplog):
    settings.RATE_LIMITS = parse_limits("directory-api=1/60")
    with caplog.at_level(logging.INFO, logger="security"):
        for _ in range(4):
            client.get("/api/v1/support-points/")
    lines = [r.getMessage() for r in caplog.records if "rate_limited" in r.getMessage()]
    assert len(lines) == 1
    assert "scope=directory-api" in lines[0] and "127.0.0.1" not in lines[0]


def test_limits_come_from_settings_and_malformed_ones_are_explained():
    assert parse_limits("referral-form=5/60, directory-api=100/30") == {
        "referral-form": (5, 60),
        "directory-api": (100, 30),
    }
    with override_settings(RATE_LIMITS={}):
        assert limit_for("referral-form") == (20, 600)
        assert limit_for("route-api", 120, 60) == (120, 60)
    with pytest.raises(ImproperlyConfigured, match="RATE_LIMITS must look like"):
        parse_limits("referral-form=lots")


def test_client_address_behind_trusted_proxies(settings):
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4")
    assert client_ip(request) == "10.0.0.1"  # no proxy configured: the header is ignored
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "1.2.3.4"  # the forged first entry is ignored
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "6.6.6.6"
