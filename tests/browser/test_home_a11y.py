"""The home page, the about page and the admin log-in in Chromium, with axe-core."""

import pytest

from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/", "/en/", "/om-tjansten/", "/admin/login/"])
def test_no_axe_violations(page, live_server, path):
    page.goto(live_server.url + path)
    assert_no_axe_violations(page)


def test_keyboard_user_skips_to_content_and_searches(page, live_server):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    page.get_by_label("Sök efter hjälp, till exempel BankID eller Swish").fill("bankid")
    page.keyboard.press("Enter")
    page.wait_for_url("**/hitta-hjalp/?q=bankid*")


def test_admin_login_with_demo_credentials(page, live_server):
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "demo-admin-2026")
    page.locator("button[type=submit]").click()
    page.wait_for_url(live_server.url + "/admin/")
    assert page.locator("h1").count() >= 1


@pytest.mark.parametrize("width", [320, 640])  # 640 = a 1280 px screen at 200 % zoom
def test_reflows_without_horizontal_scroll(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 640})
    page.goto(live_server.url + "/")
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow
