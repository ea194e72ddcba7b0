"""Browser fixtures: the system Chromium (/usr/bin/chromium) driven by Playwright.

In CI (CI=true) a missing Chromium fails the run; elsewhere browser tests skip, loudly.
"""

import os
import shutil
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium_available():
    return os.path.exists(CHROMIUM) or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    if not _chromium_available():
        message = f"Chromium not found at {CHROMIUM}: install the Debian package chromium."
        if os.environ.get("CI"):
            pytest.fail(message)
        print(f"\n*** SKIPPING BROWSER TESTS: {message} ***\n")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _block_outside(route):
    """Only the test server is reachable; map tiles and anything else are refused."""
    host = urlsplit(route.request.url).hostname
    if host in {"localhost", "127.0.0.1"}:
        route.continue_()
    else:
        route.abort()


@pytest.fixture
def browser_context(browser, demo_site_live):
    context = browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm")
    context.route("**/*", _block_outside)
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    page = browser_context.new_page()
    page.set_default_timeout(15_000)
    yield page
    page.close()


@pytest.fixture
def no_js_page(browser, demo_site_live):
    context = browser.new_context(
        locale="sv-SE", timezone_id="Europe/Stockholm", java_script_enabled=False
    )
    context.route("**/*", _block_outside)
    page = context.new_page()
    yield page
    context.close()
