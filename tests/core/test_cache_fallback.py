"""With Redis down or stalled the site keeps working on a cache of each process, rate
limits and log-in throttling keep counting there, and Redis is used again once it answers
(core/fallback_cache.py). The real Redis, behind a proxy that refuses or stalls
(tests/core/conftest.py)."""

import logging
import time
import uuid

import pytest
from django.core.cache import cache, caches
from django.test import Client, override_settings

from config import env
from core import throttle
from tests.core.test_configuration import manage, one_sentence
from tests.networks.test_referral_form import FORM_URL, referral_data

pytestmark = pytest.mark.django_db

DOWN = ["refuse", "stall"]
USER, PASSWORD = "samordnare.jonkoping", "demo-samordnare-2026"


def warnings_about_the_cache(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "core.cache"]


@pytest.mark.parametrize("mode", DOWN)
def test_every_cache_operation_falls_back_and_warns_once(redis_cache, caplog, mode):
    redis_cache.proxy.set_mode(mode)
    started = time.monotonic()
    cache.set("a", 1)
    assert cache.get("a") == 1
    assert cache.add("a", 2) is False
    assert cache.add("b", 5) is True
    assert cache.incr("b") == 6
    assert cache.decr("b", 2) == 4
    with pytest.raises(ValueError):
        cache.incr("never-set")
    cache.set_many({"c": "x", "d": "y"})
    assert cache.get_many(["a", "c", "d", "e"]) == {"a": 1, "c": "x", "d": "y"}
    assert cache.has_key("c") and not cache.has_key("e")
    assert cache.touch("c", 30) is True
    assert cache.delete("c") is True
    cache.delete_many(["d"])
    assert cache.get("d", "gone") == "gone"
    assert cache.get_or_set("f", lambda: "computed") == "computed"
    assert cache.incr_version("a") == 2
    assert cache.get("a", version=2) == 1
    cache.clear()
    assert cache.get("b") is None
    # A stalled Redis costs one time-out (0.2 s here), not one per operation.
    assert time.monotonic() - started < 1.5
    messages = warnings_about_the_cache(caplog)
    assert len(messages) == 1
    assert "is not answering" in messages[0]
    assert f"127.0.0.1:{redis_cache.proxy.port}" in messages[0]


def login(client, password):
    return client.post("/admin/login/", {"username": USER, "password": password})


@pytest.mark.parametrize("mode", DOWN)
def test_the_site_works_while_redis_is_down(client, demo_site, redis_cache, caplog, mode):
    redis_cache.proxy.set_mode(mode)
    assert client.get("/").status_code == 200
    assert client.get("/")["X-Page-Cache"] == "hit"  # the page cache works, in this process
    search = client.get("/hitta-hjalp/?q=bankid")
    assert search.status_code == 200
    assert '<h3><a href="/hitta-hjalp/demo-' in search.content.decode()  # places found
    assert client.get(FORM_URL).status_code == 200
    sent = client.post(FORM_URL, referral_data())
    assert sent.status_code == 302 and "kvitto=" in sent["Location"]
    api = client.get("/api/v1/support-points/", {"q": "bankid"})
    assert api.status_code == 200
    assert api.json()["count"] >= 1

    admin = Client()
    assert admin.get("/admin/login/").status_code == 200
    assert login(admin, PASSWORD).status_code == 302
    assert "_auth_user_id" in admin.session
    assert admin.get("/admin/").status_code == 200
    assert len(warnings_about_the_cache(caplog)) == 1


@pytest.mark.parametrize("mode", DOWN)
def test_rate_limits_count_in_each_process_while_redis_is_down(
    client, demo_site, redis_cache, settings, monkeypatch, mode
):
    settings.RATE_LIMITS = env.parse_rate_limits("directory-api=3/60")
    monkeypatch.setattr(throttle, "now", lambda: 1_800_000_030.0)  # one window throughout
    redis_cache.proxy.set_mode(mode)
    for _ in range(3):
        assert client.get("/api/v1/support-points/").status_code == 200
    refused = client.get("/api/v1/support-points/")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"


@pytest.mark.parametrize("mode", DOWN)
def test_log_in_throttling_holds_while_redis_is_down(
    client, demo_site, redis_cache, settings, mode
):
    settings.LOGIN_FAILURE_LIMIT = 3
    redis_cache.proxy.set_mode(mode)
    for _ in range(3):
        failed = login(client, "wrong")
        assert failed.status_code == 200
        assert "För många misslyckade" not in failed.content.decode()
    refused = login(client, PASSWORD)
    assert refused.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "För många misslyckade inloggningsförsök" in refused.content.decode()


@pytest.mark.parametrize("mode", DOWN)
def test_redis_is_used_again_once_it_answers_without_a_restart(
    client, demo_site, redis_cache, redis_server, caplog, mode
):
    redis_cache.proxy.set_mode(mode)
    cache.set("during", "local")
    assert client.get("/").status_code == 200
    assert redis_server.get(redis_cache.key("during")) is None

    redis_cache.proxy.set_mode("pass")
    assert cache.get("during") == "local"  # still marked down for the retry period
    time.sleep(1.1)
    assert cache.get("during") is None  # Redis again; the local values are forgotten
    cache.set("after", 7)
    assert redis_server.get(redis_cache.key("after")) == b"7"
    assert client.get("/hitta-hjalp/?q=bankid").status_code == 200
    assert any(b"stamp:" in key for key in redis_server.scan_iter(redis_cache.key("*")))
    messages = warnings_about_the_cache(caplog)
    assert len(messages) == 2
    assert "answers again" in messages[1]


def test_cache_settings_from_the_environment(monkeypatch):
    config = env.cache("redis://cache.internal:6379/0", timeout=0.25, retry_seconds=5)
    assert config["BACKEND"] == "core.fallback_cache.FallbackRedisCache"
    assert config["OPTIONS"]["socket_timeout"] == config["OPTIONS"]["socket_connect_timeout"]
    assert config["OPTIONS"]["socket_timeout"] == 0.25
    assert config["OPTIONS"]["RETRY_SECONDS"] == 5
    assert env.cache("rediss://cache.internal:6380/0")["OPTIONS"]["socket_timeout"] == 0.5
    monkeypatch.setenv("CACHE_TIMEOUT", "0.2")
    assert env.number("CACHE_TIMEOUT", 0.5, minimum=0.01) == 0.2
    for raw, complaint in [("half", "a number"), ("nan", "a number"), ("0", "at least")]:
        monkeypatch.setenv("CACHE_TIMEOUT", raw)
        with pytest.raises(env.ConfigError, match=complaint):
            env.number("CACHE_TIMEOUT", 0.5, minimum=0.01)


def test_malformed_cache_time_out_stops_start_up_with_one_sentence():
    result = manage("check", CACHE_TIMEOUT="half a second")
    assert "CACHE_TIMEOUT must be a number such as 0.5" in one_sentence(result)


def test_the_warning_names_no_password(caplog):
    config = env.cache("redis://:s3cret@127.0.0.1:1/0", timeout=0.2, retry_seconds=60)
    with override_settings(CACHES={"default": {**config, "KEY_PREFIX": uuid.uuid4().hex}}):
        with caplog.at_level(logging.WARNING, logger="core.cache"):
            caches["default"].set("x", 1)
        assert caches["default"].get("x") == 1
    assert "s3cret" not in caplog.text
    assert "redis://127.0.0.1:1/0" in caplog.text
