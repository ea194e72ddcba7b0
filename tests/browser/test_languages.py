"""A resident's core pages in Swedish, English, Arabic and easy-to-read Swedish, in
Chromium at a phone's narrowest width: axe-core finds nothing, nothing scrolls sideways,
and Arabic reads right to left."""

import re

import pytest

from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.browser

PREFIXES = {"sv": "", "en": "/en", "ar": "/ar"}
PHONE_WIDTH = {"width": 320, "height": 640}


@pytest.fixture(autouse=True)
def _quick_humans(settings):
    # The minimum fill time is tested in tests/networks; robots here type fast.
    settings.REFERRAL_MIN_FILL_SECONDS = 0


@pytest.fixture
def support_point_path(demo_site_live):
    from directory.models import SupportPointPage

    return SupportPointPage.objects.live().order_by("path").first().url


def _check(page, language):
    page.wait_for_load_state()  # after a click, the new page with its style sheets
    assert page.locator("html").get_attribute("lang") == language
    direction = "rtl" if language == "ar" else "ltr"
    assert page.locator("html").get_attribute("dir") == direction
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", PREFIXES)
@pytest.mark.parametrize("path", ["/", "/hitta-hjalp/?q=bankid", "support point"])
def test_public_page(page, live_server, support_point_path, language, path):
    page.set_viewport_size(PHONE_WIDTH)
    path = support_point_path if path == "support point" else path
    page.goto(live_server.url + PREFIXES[language] + path)
    if "q=" in path:
        assert page.locator(".result-card, .result, article").count() > 0
    _check(page, language)


@pytest.mark.parametrize("language", PREFIXES)
def test_referral_form_with_errors_then_sent(page, live_server, language):
    page.set_viewport_size(PHONE_WIDTH)
    page.goto(live_server.url + PREFIXES[language] + "/be-om-hjalp/")
    with page.expect_navigation():
        page.locator("button[name=action][value=send]").click()
    assert page.locator(".error-summary, [role=alert]").count() > 0
    _check(page, language)

    page.locator("input[name=for_whom]").first.check()
    page.locator("input[name=topics]").first.check()
    page.locator("input[name=contact_method][value=phone]").check()
    page.locator("input[name=name]").fill("Amal")
    page.locator("input[name=phone]").fill("070-123 45 67")
    page.locator("select[name=municipality]").select_option("0680")
    page.locator("input[name=consent]").check()
    page.locator("button[name=action][value=send]").click()
    page.wait_for_url(re.compile(r".*\?kvitto=.*"))
    assert page.locator("#reference").inner_text()
    _check(page, language)


def test_easy_to_read_is_linked_from_every_page(page, live_server):
    page.set_viewport_size(PHONE_WIDTH)
    page.goto(live_server.url + "/ar/hitta-hjalp/")
    page.get_by_role("link", name="Lättläst").first.click()
    page.wait_for_url("**/lattlast/")
    assert page.locator("h1").inner_text() == "Lättläst"
    page.goto(live_server.url + "/lattlast/")
    _check(page, "sv")


def test_language_switch_keeps_the_page_and_the_search(page, live_server):
    page.goto(live_server.url + "/hitta-hjalp/?q=swish")
    page.get_by_role("navigation", name="Välj språk").get_by_role("link", name="العربية").click()
    page.wait_for_url("**/ar/hitta-hjalp/?q=swish")
    assert page.locator("html").get_attribute("dir") == "rtl"
    switch = page.locator("nav.lang-switch a")
    assert switch.all_inner_texts() == [
        "Svenska",
        "English",
        "العربية",
        "فارسی/دری",
        "Soomaali",
        "ትግርኛ",
        "Українська",
    ]
    assert page.locator("nav.lang-switch a[aria-current=true]").inner_text() == "العربية"


def test_the_maps_controls_speak_the_visitors_language(page, live_server):
    from django.utils import translation

    page.goto(live_server.url + "/ar/hitta-hjalp/?q=bankid")
    zoom_in = page.locator(".leaflet-control-zoom-in")
    zoom_in.wait_for()
    with translation.override("ar"):
        assert zoom_in.get_attribute("title") == translation.gettext("Zoom in")
        assert page.locator(".leaflet-control-zoom-out").get_attribute(
            "title"
        ) == translation.gettext("Zoom out")
