"""Rate limits on the public forms and the JSON API: shared counters per browser and per
client address, a friendly 429 in the person's language, nothing stored once the limit is
hit; the settings that configure them."""

import logging
from ipaddress import ip_network

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory, override_settings

from config import env
from config.env import parse_networks
from config.env import parse_rate_limits as parse_limits
from core.throttle import client_ip, limit_for
from directory.models import InformationReport, SupportPointPage
from networks.models import Referral
from tests.core.test_configuration import manage
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
    # The page says how long the wait can be, not "a minute".
    assert "Vänta 10 minuter och försök igen." in response.content.decode()
    assert Referral.objects.count() == 2
    english = client.post("/en" + FORM_URL, referral_data())
    assert english.status_code == 429
    assert "Please wait a moment" in english.content.decode()
    assert "Wait 10 minutes and try again." in english.content.decode()
    arabic = client.post("/ar" + FORM_URL, referral_data())
    assert "انتظر 10 دقائق ثم حاول مرة أخرى." in arabic.content.decode()
    assert client.get(FORM_URL).status_code == 200  # reading the form is not limited


def test_other_addresses_keep_their_own_allowance(client, demo_site, settings):
    settings.RATE_LIMITS = parse_limits("referral-form=1/600")
    client.post(FORM_URL, referral_data())
    assert client.post(FORM_URL, referral_data()).status_code == 429
    other = client.post(FORM_URL, referral_data(), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


def test_report_form_counts_each_browser_on_its_own(client, demo_site, settings):
    settings.RATE_LIMITS = parse_limits("report-form=1/600")
    first, second = client, Client()
    for browser in (first, second):
        assert browser.get(report_page()).status_code == 200  # the browser gets its cookie
        assert browser.post(report_page(), {"message": "Fel telefonnummer"}).status_code == 302
    assert first.post(report_page(), {"message": "Fel öppettider"}).status_code == 429
    assert InformationReport.objects.count() == 2


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


def test_address_limits_in_rate_limits_and_mistakes_explained():
    assert parse_limits("referral-form=20/600, referral-form.address=200/600") == {
        "referral-form": (20, 600),
        "referral-form.address": (200, 600),
    }
    with pytest.raises(ImproperlyConfigured, match=r"SCOPE\.address=requests/seconds"):
        parse_limits("referral-form.browser=5/60")
    with pytest.raises(ImproperlyConfigured, match="names no scope"):
        parse_limits("=5/60")
    with pytest.raises(ImproperlyConfigured, match="needs positive numbers"):
        parse_limits("referral-form.address=0/600")


def test_trusted_addresses_are_parsed():
    assert parse_networks("") == ()
    assert parse_networks(" 192.0.2.10, 198.51.100.0/24,2001:db8:5::/48 ") == (
        ip_network("192.0.2.10/32"),
        ip_network("198.51.100.0/24"),
        ip_network("2001:db8:5::/48"),
    )


@pytest.mark.parametrize(
    "raw, message",
    [
        ("the library", "comma-separated list of addresses or networks"),
        ("192.0.2.300", "'192.0.2.300' is neither"),
        ("192.0.2.10;192.0.2.11", "is neither"),
        ("198.51.100.7/24", "write the network as 198.51.100.0/24"),
        ("10.0.0.0/8", r"too wide to trust \(at most /16 for IPv4\)"),
        ("0.0.0.0/0", "too wide"),
        ("2001::/16", r"at most /32 for IPv6"),
    ],
)
def test_bad_trusted_addresses_are_refused_with_a_clear_message(raw, message):
    with pytest.raises(ImproperlyConfigured, match=message) as refused:
        parse_networks(raw)
    assert str(refused.value).startswith("RATE_LIMIT_TRUSTED_ADDRESSES")


def test_trusted_factor_must_be_a_whole_number_of_at_least_one(monkeypatch):
    monkeypatch.setenv("RATE_LIMIT_TRUSTED_FACTOR", "0")
    with pytest.raises(ImproperlyConfigured, match="must be at least 1, not '0'"):
        env.integer("RATE_LIMIT_TRUSTED_FACTOR", 10, minimum=1)
    monkeypatch.setenv("RATE_LIMIT_TRUSTED_FACTOR", "ten")
    with pytest.raises(ImproperlyConfigured, match="must be a whole number"):
        env.integer("RATE_LIMIT_TRUSTED_FACTOR", 10, minimum=1)


def test_bad_trusted_addresses_stop_start_up_with_one_sentence():
    result = manage("check", RATE_LIMIT_TRUSTED_ADDRESSES="198.51.100.7/24")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "RATE_LIMIT_TRUSTED_ADDRESSES: '198.51.100.7/24' has bits set" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_api_says_how_many_minutes_to_wait(client, demo_site, settings):
    settings.RATE_LIMITS = parse_limits("directory-api=1/300")
    assert client.get("/api/v1/support-points/").status_code == 200
    refused = client.get("/api/v1/support-points/")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "300"
    assert refused.json() == {"error": "För många förfrågningar. Vänta 5 minuter och försök igen."}
    ukrainian = client.get("/api/v1/support-points/", HTTP_ACCEPT_LANGUAGE="uk")
    assert ukrainian.json() == {
        "error": "Забагато запитів. Зачекайте 5 хвилин і спробуйте ще раз."
    }
