"""Forwarded headers are believed only behind configured proxies (TRUSTED_PROXY_COUNT), and
the local rehearsal switch (LOCAL_REHEARSAL) only ever serves the loopback."""

import ast

import pytest
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware
from django.test import RequestFactory

from core.client import client_ip
from tests.core.test_configuration import manage, one_sentence, production, shell

PROXY_SETTINGS = (
    "from django.conf import settings as s; print(repr((s.SECURE_PROXY_SSL_HEADER, "
    "s.USE_X_FORWARDED_HOST, s.USE_X_FORWARDED_PORT, s.SECURE_SSL_REDIRECT)))"
)


def computed(code, **environment):
    return ast.literal_eval(shell(code, **environment))


def redirects_to_https(settings, proxy_header, ssl_redirect):
    """Whether a production server with these settings sends a request that claims
    `X-Forwarded-Proto: https` on to HTTPS (i.e. does not believe the claim)."""
    settings.SECURE_PROXY_SSL_HEADER = proxy_header
    settings.SECURE_SSL_REDIRECT = ssl_redirect
    settings.ALLOWED_HOSTS = ["digitalhjalp.example.se"]
    request = RequestFactory().get(
        "/", HTTP_HOST="digitalhjalp.example.se", HTTP_X_FORWARDED_PROTO="https"
    )
    response = SecurityMiddleware(lambda request: HttpResponse())(request)
    return request.is_secure(), response.status_code


def test_without_proxies_x_forwarded_proto_is_not_believed(tmp_path, settings):
    header, forwarded_host, forwarded_port, ssl_redirect = computed(
        PROXY_SETTINGS, **production(tmp_path, ALLOWED_HOSTS="digitalhjalp.example.se")
    )
    assert header is None
    assert forwarded_host is forwarded_port is False
    # A client reaching gunicorn directly claims HTTPS: still sent to https://.
    assert redirects_to_https(settings, header, ssl_redirect) == (False, 301)


def test_behind_a_proxy_x_forwarded_proto_is_believed(tmp_path, settings):
    header, forwarded_host, forwarded_port, ssl_redirect = computed(
        PROXY_SETTINGS,
        **production(tmp_path, ALLOWED_HOSTS="digitalhjalp.example.se", TRUSTED_PROXY_COUNT="1"),
    )
    assert header == ("HTTP_X_FORWARDED_PROTO", "https")
    assert forwarded_host is forwarded_port is False  # never, proxy or not
    assert redirects_to_https(settings, header, ssl_redirect) == (True, 200)


def test_a_negative_proxy_count_is_refused(tmp_path):
    result = manage("check", **production(tmp_path, TRUSTED_PROXY_COUNT="-1"))
    assert "TRUSTED_PROXY_COUNT must be at least 0" in one_sentence(result)


def test_client_address_follows_the_proxy_count(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7, 10.0.0.2"
    )
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"  # no proxy: the header is anyone's to write
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "203.0.113.7"  # the forged first entry is never used
    settings.TRUSTED_PROXY_COUNT = 4  # fewer entries than proxies: the header is not trusted
    assert client_ip(request) == "10.0.0.1"


# --- LOCAL_REHEARSAL ---------------------------------------------------------------------

HTTPS_SETTINGS = (
    "from django.conf import settings as s; print(repr((s.SESSION_COOKIE_SECURE, "
    "s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)))"
)
LOOPBACK = {"ALLOWED_HOSTS": "127.0.0.1,localhost,[::1],::1", "BASE_URL": "http://localhost:8080"}


def test_production_is_https_only_without_the_rehearsal(tmp_path):
    assert computed(HTTPS_SETTINGS, **production(tmp_path, **LOOPBACK)) == (
        True,
        True,
        True,
        31536000,
    )


def test_a_local_rehearsal_serves_plain_http_on_the_loopback(tmp_path):
    environment = production(tmp_path, LOCAL_REHEARSAL="1", **LOOPBACK)
    assert computed(HTTPS_SETTINGS, **environment) == (False, False, False, 0)
    # check --deploy says so (expected in a rehearsal, and never silenced).
    result = manage("check", "--deploy", **environment)
    assert "security.W012" in result.stderr + result.stdout  # SESSION_COOKIE_SECURE
    assert "security.W016" in result.stderr + result.stdout  # CSRF_COOKIE_SECURE


@pytest.mark.parametrize(
    ("environment", "refusal"),
    [
        (
            {"ALLOWED_HOSTS": "127.0.0.1,digitalhjalp.example.se"},
            "ALLOWED_HOSTS names 'digitalhjalp.example.se'",
        ),
        (
            {"ALLOWED_HOSTS": "127.0.0.1", "BASE_URL": "https://digitalhjalp.example.se"},
            "BASE_URL 'https://digitalhjalp.example.se' is not a loopback address",
        ),
        (
            {"ALLOWED_HOSTS": "127.0.0.1", "BASE_URL": "http://127.0.0.1.example.se:8000"},
            "is not a loopback address",
        ),
        ({"DEBUG": "1"}, "LOCAL_REHEARSAL=1 rehearses the production settings and needs DEBUG=0"),
    ],
)
def test_a_local_rehearsal_is_refused_beyond_the_loopback(tmp_path, environment, refusal):
    result = manage("check", **production(tmp_path, LOCAL_REHEARSAL="1", **environment))
    assert refusal in one_sentence(result)


def test_a_health_probe_over_plain_http_is_answered_not_redirected(tmp_path, client, settings, db):
    """A load balancer probes /readyz over plain HTTP; a visitor is still sent to HTTPS."""
    exempt, ssl_redirect = computed(
        "from django.conf import settings as s; "
        "print(repr((s.SECURE_REDIRECT_EXEMPT, s.SECURE_SSL_REDIRECT)))",
        **production(tmp_path, ALLOWED_HOSTS="digitalhjalp.example.se"),
    )
    settings.SECURE_REDIRECT_EXEMPT = exempt
    settings.SECURE_SSL_REDIRECT = ssl_redirect
    settings.ALLOWED_HOSTS = ["digitalhjalp.example.se"]
    host = {"HTTP_HOST": "digitalhjalp.example.se"}
    assert client.get("/healthz", **host).status_code == 200
    ready = client.get("/readyz", **host)
    assert ready.status_code == 200
    assert ready.json()["checks"]["database"]["status"] == "ok"
    assert client.get("/om-tjansten/", **host).status_code == 301
