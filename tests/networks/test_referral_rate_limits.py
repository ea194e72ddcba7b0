"""Rate limits on the referral form that do not punish shared computers: many people
sending from one address (a library, a helper's office) all get through, while a flood
from one browser, without cookies, or with a new cookie for every request is stopped —
and nothing beyond the limits is stored. The default limits, as configured."""

import logging
import re
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.test import Client
from django.utils.crypto import get_random_string

from config.env import parse_networks, parse_rate_limits
from core import throttle
from networks.models import Referral
from tests.networks.test_referral_form import FORM_URL, referral_data

pytestmark = pytest.mark.django_db

LIBRARY = "198.51.100.7"  # one public address shared by a library's computers
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _defaults_and_a_still_clock(settings, monkeypatch):
    """The built-in limits, whatever the environment says, and one time window for the
    whole test (a test running across the end of a window would get a fresh allowance)."""
    settings.RATE_LIMITS = {}
    settings.RATE_LIMIT_TRUSTED_ADDRESSES = ()
    settings.RATE_LIMIT_TRUSTED_FACTOR = 10
    monkeypatch.setattr(throttle, "now", lambda: 1_800_000_300.0)  # mid-window


@pytest.fixture(autouse=True)
def _one_server(monkeypatch):
    """Every browser in a test talks to one test client with the CSRF check enforced, as
    in production (a new Client loads all the middleware again, which costs more than
    the request), bringing its own cookie jar and address."""
    monkeypatch.setattr(Browser, "server", Client(enforce_csrf_checks=True))


class Browser:
    """One person's browser: its own cookie jar, and the form opened before it is sent."""

    server = None  # set by _one_server

    def __init__(self, address=LIBRARY, url=FORM_URL):
        self.address, self.url, self.jar = address, url, SimpleCookie()
        page = self._request("get")
        assert page.status_code == 200
        self.token = TOKEN.search(page.content.decode()).group(1)

    def _request(self, method, data=None):
        self.server.cookies = self.jar  # responses' cookies are kept in this jar
        return getattr(self.server, method)(self.url, data, REMOTE_ADDR=self.address)

    def send(self, **changes):
        # `started` from referral_data: the form was opened a minute ago.
        return self._request("post", referral_data(csrfmiddlewaretoken=self.token, **changes))


class Script(Browser):
    """A script that makes up a new CSRF cookie and token of its own for every request,
    without opening the form: Django's CSRF check accepts them, so only the limit per
    address can stop it."""

    def __init__(self, address=LIBRARY, url=FORM_URL):
        self.address, self.url, self.jar = address, url, SimpleCookie()
        self.token = get_random_string(32)
        self.jar[settings.CSRF_COOKIE_NAME] = self.token


def accepted(response):
    return response.status_code == 302 and "kvitto=" in response["Location"]


def refused(response):
    return response.status_code == 429 and response["Retry-After"] == "600"


def test_a_hundred_people_at_one_library_are_all_accepted(demo_site):
    before = Referral.objects.count()
    responses = [Browser().send(name=f"Person {n}") for n in range(100)]
    assert all(accepted(r) for r in responses)
    assert Referral.objects.count() == before + 100


def test_one_browser_flooding_is_stopped_after_its_own_limit(demo_site, caplog):
    before = Referral.objects.count()
    robot = Browser()
    with caplog.at_level(logging.INFO, logger="security"):
        responses = [robot.send() for _ in range(200)]
    assert all(accepted(r) for r in responses[:20])
    assert all(refused(r) for r in responses[20:])
    assert "Vänta en liten stund" in responses[-1].content.decode()
    assert Referral.objects.count() == before + 20
    lines = [r.getMessage() for r in caplog.records if "rate_limited" in r.getMessage()]
    assert len(lines) == 1 and "per=browser" in lines[0] and "limit=20/600s" in lines[0]
    # The refused requests did not use up the library's allowance: the next person's
    # browser on the same address still gets through.
    assert accepted(Browser().send())
    assert Referral.objects.count() == before + 21


def test_the_refusal_is_in_the_persons_language(demo_site):
    robot = Browser(url="/en" + FORM_URL)
    responses = [robot.send() for _ in range(21)]
    assert refused(responses[-1])
    assert "Please wait a moment" in responses[-1].content.decode()


def test_posts_without_cookies_share_one_small_allowance_per_address(demo_site):
    before = Referral.objects.count()
    # With the CSRF check on, as in production, a POST without the cookie never gets in.
    assert (
        Client(enforce_csrf_checks=True, REMOTE_ADDR=LIBRARY)
        .post(FORM_URL, referral_data())
        .status_code
        == 403
    )
    # Without it (the limiter's own backstop): scripts that send no cookie at all share
    # one browser's allowance per address.
    scripts = [Client(REMOTE_ADDR=LIBRARY) for _ in range(3)]
    responses = [scripts[n % 3].post(FORM_URL, referral_data()) for n in range(60)]
    assert all(accepted(r) for r in responses[:20])
    assert all(refused(r) for r in responses[20:])
    assert not any(script.cookies for script in scripts)
    assert Referral.objects.count() == before + 20
    # Another address has its own; the library's browsers still get through.
    assert accepted(Client(REMOTE_ADDR="203.0.113.9").post(FORM_URL, referral_data()))
    assert accepted(Browser().send())
    assert Referral.objects.count() == before + 22


def test_a_new_cookie_for_every_request_is_stopped_at_the_address(demo_site, caplog):
    before = Referral.objects.count()
    with caplog.at_level(logging.INFO, logger="security"):
        # Real browsers that opened the form first, then a script making up cookies.
        responses = [Browser().send() for _ in range(20)]
        responses += [Script().send() for _ in range(130)]
    assert all(accepted(r) for r in responses[:120])
    assert all(refused(r) for r in responses[120:])
    assert Referral.objects.count() == before + 120
    lines = [r.getMessage() for r in caplog.records if "rate_limited" in r.getMessage()]
    assert len(lines) == 1 and "per=address" in lines[0] and "limit=120/600s" in lines[0]
    assert LIBRARY not in lines[0]
    # Other addresses are not affected.
    assert accepted(Browser(address="203.0.113.9").send())
    assert Referral.objects.count() == before + 121


def test_a_trusted_address_gets_more_but_each_browser_keeps_its_limit(demo_site, settings):
    settings.RATE_LIMIT_TRUSTED_ADDRESSES = parse_networks("192.0.2.1, 198.51.100.0/24")
    before = Referral.objects.count()
    responses = [Script().send() for _ in range(130)]  # more than 120 browsers
    assert all(accepted(r) for r in responses)
    one = Browser()
    responses = [one.send() for _ in range(25)]
    assert all(accepted(r) for r in responses[:20])
    assert all(refused(r) for r in responses[20:])
    assert Referral.objects.count() == before + 150


def test_the_trusted_allowance_is_the_factor_times_the_address_limit(demo_site, settings):
    settings.RATE_LIMITS = parse_rate_limits("referral-form=2/600,referral-form.address=3/600")
    settings.RATE_LIMIT_TRUSTED_ADDRESSES = parse_networks("198.51.100.0/24")
    settings.RATE_LIMIT_TRUSTED_FACTOR = 2
    responses = [Script().send() for _ in range(7)]
    assert [accepted(r) for r in responses] == [True] * 6 + [False]
    assert refused(responses[-1])
    # The address next to the trusted network has the ordinary allowance.
    neighbour = [Script(address="198.51.101.7").send() for _ in range(4)]
    assert [accepted(r) for r in neighbour] == [True] * 3 + [False]
