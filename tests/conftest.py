"""Shared fixtures: the demo site is loaded once per test database; tests that flush
tables (live_server, transactional_db) get it back through `demo_site_live`."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread (tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    from django.conf import settings

    # WhiteNoise warns when STATIC_ROOT does not exist (collectstatic makes it, in `make run`
    # and on a server). Tests find static files through the finders; an empty folder will do.
    Path(settings.STATIC_ROOT).mkdir(exist_ok=True)


# Real open data beside the repository (../shared/data): inputs nobody on the project wrote.
SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
_missing_shared_data = set()


@pytest.fixture(scope="session")
def shared_data():
    """`shared_data("name.csv")` is the path of that file in ../shared/data. When it is
    missing the test skips, loudly (a fresh clone has no ../shared); in CI (CI=true) it
    fails, so the real-data tests can never pass there by not running."""

    def path(name):
        found = SHARED_DATA / name
        if not found.is_file():
            message = f"{found} is missing: the shared open data must sit beside the repository"
            if os.environ.get("CI"):
                pytest.fail(message, pytrace=False)
            _missing_shared_data.add(str(found))
            pytest.skip(message)
        return found

    return path


def pytest_terminal_summary(terminalreporter):
    if _missing_shared_data:
        terminalreporter.section("shared open data missing", sep="!", yellow=True, bold=True)
        for found in sorted(_missing_shared_data):
            terminalreporter.write_line(f"SKIPPED the tests that need {found}", yellow=True)
        terminalreporter.write_line("CI fails on this; put ../shared beside the repository.")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """After migrations, load the demo site once; each test rolls back on top of it."""
    from demo import site as demo

    with django_db_blocker.unblock():
        demo.seed()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # New passwords hash fast; the demo users' (made before settings fixtures) still verify.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters and cached fragments never leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo_site(db):
    """The demo site inside the test's transaction (loaded by django_db_setup)."""
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True)


@pytest.fixture
def demo_site_live(transactional_db):
    """The demo site in committed tables, rebuilt after an earlier test flushed them."""
    from wagtail.models import Site

    from demo import site as demo

    if demo.database_is_empty():
        demo.seed()
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): …` runs, at the end of the block, what waits for the transaction
    to commit (search entries, map cells), as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
