"""Configuration comes from the environment; bad values stop start-up with one sentence."""

import contextlib
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from config import env

ROOT = Path(__file__).resolve().parents[2]


# Variables this module's tests set themselves; a developer's own are left out.
OWN = {
    "DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DIGITALHELP_ENV_FILE", "SECRET_KEY",
    "ALLOWED_HOSTS", "BASE_URL", "LOCAL_REHEARSAL", "TRUSTED_PROXY_COUNT", "LOG_LEVEL",
}  # fmt: skip
SECRET = "k" * 20 + "a-real-looking-secret-0123456789-abcdefghij"


def manage(*args, timeout=120, **environment):
    """Run manage.py in a fresh process with the given environment additions."""
    clean = {k: v for k, v in os.environ.items() if k not in OWN}
    clean.update(environment)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def suite_database_url(tmp_path):
    """The database this test run uses (DATABASE_URL), or a SQLite file under tmp_path when
    it runs on the SQLite default: the subprocesses run on the same kind of database."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_path / 'db.sqlite3'}"


def production(tmp_path, **more):
    """The environment of a production process (DEBUG=0) on the suite's kind of database."""
    return {
        "DEBUG": "0",
        "SECRET_KEY": SECRET,
        "DATABASE_URL": suite_database_url(tmp_path),
        **more,
    }


def shell(code, **environment):
    """What `manage.py shell -c code` prints (the process's last line of output)."""
    result = manage("shell", "-v", "0", "-c", code, **environment)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def one_sentence(result):
    """The configuration error a process stopped with: exit 2, one line, no traceback."""
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Configuration error: "), result.stderr
    return lines[0]


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


def test_deploy_check_is_clean_in_production_mode(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **production(tmp_path, ALLOWED_HOSTS="digitalhjalp.example.se"),
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


# --- Production names its database --------------------------------------------------------


def test_production_without_database_url_stops_before_touching_sqlite():
    local_file = ROOT / "db.sqlite3"
    existed = local_file.exists()
    result = manage(
        "shell",
        "-c",
        "from django.db import connection; connection.ensure_connection()",
        DEBUG="0",
        SECRET_KEY=SECRET,
    )
    assert one_sentence(result) == (
        "Configuration error: DATABASE_URL must be set when DEBUG=0 "
        "(postgres://USER:PASSWORD@HOST:5432/NAME); production never falls back to the "
        "local SQLite file."
    )
    assert existed or not local_file.exists()


def test_production_starts_on_a_named_database(tmp_path):
    result = manage("check", **production(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


# --- The environment file every process shares ------------------------------------------

SETTINGS = (
    "from django.conf import settings as s; "
    "print(s.DEBUG, ','.join(s.ALLOWED_HOSTS), s.DATABASES['default']['NAME'], s.SECRET_KEY, "
    "sep='|')"
)


def env_file(tmp_path, database_url, *extra):
    """A production environment file as an operator writes it: comments, quotes, a ${...}."""
    path = tmp_path / "env"
    path.write_text(
        "\n".join(
            [
                "# Digital help nearby, production",
                "DEBUG=0",
                'SECRET_KEY="with-${HOME}-' + "s" * 50 + '"',
                f'DATABASE_URL="{database_url}"',
                "",
                "ALLOWED_HOSTS=digitalhjalp.example.se  # the public name",
                *extra,
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    return path


def test_settings_come_from_the_env_file(tmp_path):
    url = suite_database_url(tmp_path)
    path = env_file(tmp_path, url)
    printed = shell(SETTINGS, DIGITALHELP_ENV_FILE=str(path))
    name = env.database(url, "/unused")["NAME"]
    secret = "with-${HOME}-" + "s" * 50  # taken literally, never expanded
    assert printed == f"False|digitalhjalp.example.se|{name}|{secret}"


def test_the_process_environment_wins_over_the_env_file(tmp_path):
    path = env_file(tmp_path, suite_database_url(tmp_path), "LOG_LEVEL=WARNING")
    printed = shell(
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.LOGGING['root']['level'], sep='|')",
        DIGITALHELP_ENV_FILE=str(path),
        LOG_LEVEL="DEBUG",
        ALLOWED_HOSTS="127.0.0.1",
    )
    assert printed == "False|['127.0.0.1']|DEBUG"


def test_a_missing_env_file_stops_with_one_sentence(tmp_path):
    missing = tmp_path / "not-there"
    result = manage("check", DIGITALHELP_ENV_FILE=str(missing))
    assert one_sentence(result) == (
        f"Configuration error: DIGITALHELP_ENV_FILE names {missing}, which does not exist."
    )
    result = manage("check", DIGITALHELP_ENV_FILE=str(tmp_path))
    assert "cannot be read (is a directory)" in one_sentence(result)


def test_a_line_that_is_not_key_value_stops_with_one_sentence(tmp_path):
    path = tmp_path / "env"
    path.write_text("DEBUG=0\nSECRET_KEY oops-a-password\n")
    sentence = one_sentence(manage("check", DIGITALHELP_ENV_FILE=str(path)))
    assert (
        sentence
        == f"Configuration error: Line 2 of {path} (DIGITALHELP_ENV_FILE) is not KEY=VALUE."
    )
    assert "oops" not in sentence


@pytest.fixture
def marked_database(tmp_path, request):
    """A database holding one marker row, as a DATABASE_URL: on PostgreSQL a table in the
    suite's own test database, on SQLite a new file under tmp_path."""
    marker = f"marker-{uuid.uuid4().hex}"
    table = "dh_env_file_marker_" + marker[-8:]
    suite_url = os.environ.get("DATABASE_URL", "")
    if not suite_url.startswith(("postgres", "pgsql")):
        path = tmp_path / "cron.sqlite3"
        with contextlib.closing(sqlite3.connect(path)) as lite, lite:
            lite.execute(f"CREATE TABLE {table} (note text)")
            lite.execute(f"INSERT INTO {table} VALUES (?)", (marker,))
        yield f"sqlite:///{path}", table, marker
        return
    import psycopg
    from django.db import connection

    request.getfixturevalue("django_db_setup")  # the test database exists
    url = urlsplit(suite_url)._replace(path="/" + connection.settings_dict["NAME"]).geturl()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE TABLE {table} (note text)")
        conn.execute(f"INSERT INTO {table} VALUES (%s)", (marker,))
    try:
        yield url, table, marker
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP TABLE {table}")


def test_a_cron_job_with_only_the_env_file_uses_its_database(tmp_path, marked_database):
    url, table, marker = marked_database
    path = env_file(tmp_path, url)
    local_file = ROOT / "db.sqlite3"
    existed = local_file.exists()
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c",
         "from django.db import connection\n"
         "with connection.cursor() as cursor:\n"
         f"    cursor.execute('SELECT note FROM {table}')\n"
         "    print(cursor.fetchone()[0])"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "DIGITALHELP_ENV_FILE": str(path)},  # as cron starts it
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == marker
    assert existed or not local_file.exists()


def test_a_web_server_with_a_missing_env_file_stops(tmp_path):
    """config.wsgi exits 4, gunicorn's "application failed to load", so the gunicorn master
    stops instead of starting one failing worker after another."""
    missing = tmp_path / "not-there"
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "DIGITALHELP_ENV_FILE": str(missing)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 4
    assert result.stderr.strip() == (
        f"Configuration error: DIGITALHELP_ENV_FILE names {missing}, which does not exist."
    )
