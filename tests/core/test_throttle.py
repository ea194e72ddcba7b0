"""The shared rate limiter: counts per browser, per address and window, friendly 429s."""

import json
import logging

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from config.env import parse_networks, parse_rate_limits
from core.client import browser_id
from core.throttle import address_limit_for, check, hit, limit_for, rate_limited


def test_hit_counts_up_to_the_limit():
    assert all(hit("t", "1.2.3.4", 3, 60) for _ in range(3))
    assert not hit("t", "1.2.3.4", 3, 60)
    assert hit("t", "5.6.7.8", 3, 60)  # another address has its own count


@pytest.mark.django_db
def test_rate_limited_view_answers_429_with_retry_after(demo_site):
    view = rate_limited("demo", limit=2, window=60)(lambda request: HttpResponse("ok"))
    factory = RequestFactory()
    statuses = []
    for _ in range(3):
        request = factory.get("/be-om-hjalp/", REMOTE_ADDR="9.9.9.9")
        statuses.append(view(request).status_code)
    assert statuses == [200, 200, 429]
    api = view(factory.get("/api/v1/route/", REMOTE_ADDR="9.9.9.9"))
    assert api.status_code == 429
    assert api["Retry-After"] == "60"
    assert (
        json.loads(api.content)["error"]
        == "För många förfrågningar. Vänta en minut och försök igen."
    )


@pytest.fixture
def forms_at_small_limits(settings):
    settings.RATE_LIMITS = parse_rate_limits("referral-form=2/600,referral-form.address=3/600")
    settings.RATE_LIMIT_TRUSTED_ADDRESSES = parse_networks("192.0.2.0/24, 2001:db8:1::/48")
    settings.RATE_LIMIT_TRUSTED_FACTOR = 2


def form_post(address="203.0.113.5", cookie=None):
    request = RequestFactory().post("/be-om-hjalp/", REMOTE_ADDR=address)
    if cookie is not None:
        request.COOKIES[settings.CSRF_COOKIE_NAME] = cookie
    return request


def statuses(requests, scope="referral-form"):
    return [getattr(check(request, scope), "status_code", 200) for request in requests]


def test_browser_identity_is_the_csrf_cookie_when_well_formed(settings):
    assert browser_id(form_post(cookie="a" * 32)) == "a" * 32
    assert browser_id(form_post(cookie="b" * 64)) == "b" * 64  # written by Django < 4.0
    assert browser_id(form_post()) == ""
    assert browser_id(form_post(cookie="not a cookie Django wrote")) == ""


def test_default_limits_per_browser_and_per_address(settings):
    settings.RATE_LIMITS = {}
    settings.RATE_LIMIT_TRUSTED_FACTOR = 10
    assert limit_for("referral-form") == (20, 600)
    assert address_limit_for("referral-form") == (120, 600)
    assert address_limit_for("referral-form", trusted=True) == (1200, 600)
    assert limit_for("report-form") == (10, 600)
    assert address_limit_for("report-form") == (60, 600)
    # The APIs are counted per address only: their limit is the address limit.
    assert address_limit_for("directory-api") == (300, 60)
    assert address_limit_for("directory-api", trusted=True) == (3000, 60)
    # Raising a form's limit alone raises its address limit with it (load tests do).
    settings.RATE_LIMITS = parse_rate_limits("referral-form=1000/60")
    assert address_limit_for("referral-form") == (6000, 60)


@pytest.mark.django_db
def test_each_browser_has_its_own_limit_and_the_address_a_higher_one(forms_at_small_limits):
    one, two = "a" * 32, "b" * 32
    assert statuses([form_post(cookie=one) for _ in range(3)]) == [200, 200, 429]
    # The refused request did not count against the address: two more browsers get in
    # (address: 2 + 1 = 3), then the address is full even for a new browser.
    assert statuses([form_post(cookie=two), form_post(cookie="c" * 32)]) == [200, 429]
    assert statuses([form_post(address="203.0.113.6", cookie=two)]) == [200]


@pytest.mark.django_db
def test_requests_without_a_cookie_share_one_browsers_allowance_per_address(
    forms_at_small_limits,
):
    assert statuses([form_post() for _ in range(3)]) == [200, 200, 429]
    assert statuses([form_post(cookie="a" * 32), form_post(cookie="b" * 32)]) == [200, 429]
    assert statuses([form_post(address="203.0.113.6")]) == [200]


@pytest.mark.django_db
def test_trusted_networks_raise_the_address_limit_not_the_browser_limit(
    forms_at_small_limits,
):
    browsers = [form_post("192.0.2.44", cookie=f"{n:032d}") for n in range(7)]
    assert statuses(browsers) == [200] * 6 + [429]  # 3 × factor 2
    assert statuses([form_post("192.0.2.45", cookie="a" * 32) for _ in range(3)])[-1] == 429
    # Written as IPv6 by a dual-stack socket, the address is still the trusted IPv4 one.
    assert statuses([form_post("::ffff:192.0.2.44", cookie="z" * 32)]) == [429]
    # Addresses of one IPv6 /64 inside a trusted /48: one count, raised by the factor.
    ipv6 = [form_post(f"2001:db8:1:5::{n + 1:x}", cookie=f"{n:032d}") for n in range(7)]
    assert statuses(ipv6) == [200] * 6 + [429]


@pytest.mark.django_db
def test_an_ipv6_client_counts_as_its_whole_64(settings):
    settings.RATE_LIMITS = parse_rate_limits("directory-api=2/60")
    requests = [
        RequestFactory().get("/api/v1/support-points/", REMOTE_ADDR=f"2001:db8:9:9::{n:x}")
        for n in range(1, 4)
    ]
    assert statuses(requests, "directory-api") == [200, 200, 429]
    other = RequestFactory().get("/api/v1/support-points/", REMOTE_ADDR="2001:db8:9:a::1")
    assert statuses([other], "directory-api") == [200]


@pytest.mark.django_db
def test_each_allowance_logs_once_per_window(forms_at_small_limits, caplog):
    with caplog.at_level(logging.INFO, logger="security"):
        statuses([form_post(cookie="a" * 32) for _ in range(5)])
        statuses([form_post(cookie=f"{n:032d}") for n in range(5)])
    lines = [r.getMessage() for r in caplog.records if "rate_limited" in r.getMessage()]
    assert len(lines) == 2
    assert "per=browser" in lines[0] and "limit=2/600s" in lines[0]
    assert "per=address" in lines[1] and "limit=3/600s" in lines[1]
    assert not any("a" * 32 in line or "203.0.113.5" in line for line in lines)
