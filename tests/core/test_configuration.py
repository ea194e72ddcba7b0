"""Configuration comes from the environment; bad values stop start-up with one sentence."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config import env

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **environment):
    """Run manage.py in a fresh process with the given environment additions."""
    skip = {"DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in skip}
    clean.update(environment)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_malformed_database_url_stops_with_one_sentence():
    result = manage("check", DATABASE_URL="mysql//nonsense")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("Configuration error: DATABASE_URL must start")
    assert len(result.stderr.strip().splitlines()) == 1


def test_malformed_rate_limits_stop_start_up_with_one_sentence():
    result = manage("check", RATE_LIMITS="referral-form=lots")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "RATE_LIMITS must look like referral-form=20/600" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_production_without_secret_key_stops_with_one_sentence():
    result = manage("check", DEBUG="0", SECRET_KEY="")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "SECRET_KEY must be set" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_deploy_check_is_clean_in_production_mode():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="k" * 20 + "a-real-looking-secret-0123456789-abcdefghij",
        ALLOWED_HOSTS="digitalhjalp.example.se",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_database_url_variants():
    sqlite = env.database("", "/tmp/x.sqlite3")
    assert sqlite["ENGINE"] == "django.db.backends.sqlite3"
    assert sqlite["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "synchronous=FULL" in sqlite["OPTIONS"]["init_command"]
    postgres = env.database("postgres://u:p@db.example:5433/dh", "/unused")
    assert postgres["ENGINE"] == "django.db.backends.postgresql"
    assert (postgres["HOST"], postgres["PORT"], postgres["NAME"]) == ("db.example", 5433, "dh")
    with pytest.raises(env.ConfigError, match="DATABASE_URL is malformed"):
        env.database("postgres://", "/unused")


def test_email_and_cache_urls():
    smtp = env.email("smtp://mailer:s%40cret@smtp.example.se:587?tls=1")
    assert smtp["EMAIL_HOST"] == "smtp.example.se"
    assert smtp["EMAIL_PORT"] == 587
    assert smtp["EMAIL_HOST_PASSWORD"] == "s@cret"
    assert smtp["EMAIL_USE_TLS"] is True
    assert env.email("")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    with pytest.raises(env.ConfigError):
        env.email("ftp://x")
    assert env.cache("redis://127.0.0.1:6379/1")["BACKEND"].endswith("RedisCache")
    assert env.cache("db://dh_cache")["LOCATION"] == "dh_cache"
    # The per-process cache holds more than a dozen searches' result lists.
    assert env.cache("")["OPTIONS"]["MAX_ENTRIES"] == env.LOCMEM_MAX_ENTRIES >= 1000
    assert env.cache("locmem://?max_entries=50")["OPTIONS"]["MAX_ENTRIES"] == 50
    with pytest.raises(env.ConfigError, match="max_entries"):
        env.cache("locmem://?max_entries=lots")
    with pytest.raises(env.ConfigError):
        env.cache("memcached://x")
    with pytest.raises(env.ConfigError, match="TASKS_BACKEND"):
        env.tasks("celery")


def test_flags_reject_nonsense(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(env.ConfigError, match="DEBUG must be 1 or 0"):
        env.flag("DEBUG")
