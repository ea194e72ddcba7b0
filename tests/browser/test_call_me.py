"""The short "call me" form (Ring mig) in Chromium: from the home page's link to the form
and the receipt, with the keyboard alone, without JavaScript, in Swedish and in Arabic
(right to left), at a phone's narrowest width; axe-core on every state."""

import re

import pytest

from networks.models import Referral, ReferralSource
from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_layout import assert_no_sideways_scroll

pytestmark = pytest.mark.browser

REFERENCE = re.compile(r"DH-[0-9A-Z]{4}-[0-9A-Z]{3}")
FORM_PATH = "/be-om-hjalp/ring-mig/"
PHONE_WIDTH = {"width": 320, "height": 640}
FOCUSED = "(selector) => document.activeElement && document.activeElement.matches(selector)"


@pytest.fixture(autouse=True)
def _quick_humans(settings):
    # The minimum fill time is tested in tests/networks; robots here type fast.
    settings.REFERRAL_MIN_FILL_SECONDS = 0


def tab_to(page, selector, presses=80):
    """Press Tab until the element matching `selector` has the focus."""
    for _press in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED, selector):
            return
    raise AssertionError(f"{selector} never got the focus with Tab")


def _receipt(page):
    page.wait_for_url(re.compile(r".*/be-om-hjalp/\?kvitto=.*"))
    reference = page.locator("#reference").inner_text()
    assert REFERENCE.fullmatch(reference)
    assert page.locator("#call-back-phone").inner_text() == "•••-••• •• 67"  # last two digits only
    assert page.locator("#call-back-phone").get_attribute("dir") == "ltr"
    referral = Referral.objects.get(reference=reference)
    assert referral.source == ReferralSource.SHORT
    return referral


def test_keyboard_only_from_the_home_page_to_the_receipt(page, live_server):
    page.goto(live_server.url + "/")
    tab_to(page, "#call-me-link")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live_server.url + FORM_PATH
    assert page.locator("html").get_attribute("lang") == "sv"
    assert_no_axe_violations(page)

    # Sent empty: the error summary and a message next to each question.
    tab_to(page, "#call-me-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator("#error-summary")
    assert summary.get_attribute("role") == "alert"
    # The focus is on the summary: a screen reader reads it, the next Tab reaches its links.
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert summary.locator("a").count() == 4  # name, phone, place, consent
    for field in ("name", "phone", "municipality", "consent"):
        assert page.locator(f"#id_{field}_error").count() == 1
    assert_no_axe_violations(page)

    # The summary's links lead to the questions.
    tab_to(page, "#error-summary a[href='#id_name']")
    page.keyboard.press("Enter")
    assert page.url.endswith("#id_name")

    tab_to(page, "#id_name")
    page.keyboard.type("Astrid")
    tab_to(page, "#id_phone")
    page.keyboard.type("070-123 45 67")
    tab_to(page, "#id_municipality")
    # A closed list chooses by typing the start of a name (in ASCII: Chromium hands other
    # characters to the text field last typed in); only Jönköping starts with J.
    page.keyboard.type("J")
    assert page.locator("#id_municipality").input_value() == "0680"
    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    assert page.locator("#id_consent").is_checked()
    tab_to(page, "#call-me-form button[type=submit]")
    page.keyboard.press("Enter")

    referral = _receipt(page)
    assert referral.network.slug == "jonkoping"
    assert (referral.name, referral.phone) == ("Astrid", "070-123 45 67")
    assert referral.language.code == "sv"
    assert "Digital hjälp Jönköping (demo)" in page.locator("main").inner_text()
    assert_no_axe_violations(page)


def test_without_javascript_from_the_referral_page(no_js_page, live_server):
    page = no_js_page
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/be-om-hjalp/")
    page.locator("#call-me-link").click()
    page.wait_for_url(live_server.url + FORM_PATH)

    page.locator("#id_name").fill("Bertil")
    page.locator("#id_phone").fill("070-123 45 67")
    page.locator("#id_municipality").select_option("0685")
    page.locator("#call-me-form button[type=submit]").click()
    # No consent: shown again from the server, with what was typed.
    page.locator("#error-summary").wait_for()
    assert page.locator("#id_consent_error").count() == 1
    assert page.locator("#id_name").input_value() == "Bertil"
    assert page.locator("#id_phone").input_value() == "070-123 45 67"
    assert page.locator("#id_municipality").input_value() == "0685"
    # (axe-core cannot run in a page without JavaScript; the same markup is checked above.)

    page.locator("#id_consent").check()
    page.locator("#call-me-form button[type=submit]").click()
    referral = _receipt(page)
    assert referral.network.slug == "vetlanda"
    assert "Digital hjälp Vetlanda (demo)" in page.locator("main").inner_text()


def test_in_arabic_right_to_left_on_a_phone(page, live_server):
    page.set_viewport_size(PHONE_WIDTH)
    page.goto(live_server.url + "/ar/")
    with page.expect_navigation():
        page.locator("#call-me-link").click()
    assert page.url == live_server.url + "/ar" + FORM_PATH
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert_no_sideways_scroll(page, PHONE_WIDTH["width"])
    assert_no_axe_violations(page)

    page.locator("#id_phone").fill("12ab")
    with page.expect_navigation():
        page.locator("#call-me-form button[type=submit]").click()
    assert page.locator("#error-summary").count() == 1
    assert page.locator("#id_phone").input_value() == "12ab"
    assert_no_sideways_scroll(page, PHONE_WIDTH["width"])
    assert_no_axe_violations(page)

    page.locator("#id_name").fill("Amal")
    page.locator("#id_phone").fill("070-123 45 67")
    page.locator("#id_municipality").select_option("0680")
    page.locator("#id_consent").check()
    page.locator("#call-me-form button[type=submit]").click()
    referral = _receipt(page)
    assert page.url.startswith(live_server.url + "/ar/be-om-hjalp/?kvitto=")
    assert referral.language.code == "ar" and referral.made_in_language == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_no_sideways_scroll(page, PHONE_WIDTH["width"])
    assert_no_axe_violations(page)


@pytest.mark.parametrize("prefix", ["", "/en", "/fa"])
def test_the_form_fits_a_phone(page, live_server, prefix):
    page.set_viewport_size(PHONE_WIDTH)
    page.goto(live_server.url + prefix + FORM_PATH)
    assert_no_sideways_scroll(page, PHONE_WIDTH["width"])
    with page.expect_navigation():
        page.locator("#call-me-form button[type=submit]").click()
    assert page.locator("#error-summary").count() == 1
    assert_no_sideways_scroll(page, PHONE_WIDTH["width"])
