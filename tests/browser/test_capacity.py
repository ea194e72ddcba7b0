"""A place that is full, and the "lends" filter, in Chromium: a resident ticks what they
want to borrow with the keyboard alone, in Swedish and in Arabic (right to left); the
full place shows its badge; axe-core finds nothing on the filtered directory or on the
full place's page.

Texts of the new messages are English until their translations are merged, so this
checks the filter and the badge by their markup (ids, classes, the URL)."""

import datetime

import pytest

from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.browser

VETLANDA_LIBRARY = "/hitta-hjalp/demo-vetlanda-bibliotek/bibliotekets-digitala-hjalp-vetlanda/"
VETLANDA = "Bibliotekets digitala hjälp – Vetlanda"
PREFIXES = {"sv": "", "ar": "/ar"}


@pytest.fixture
def full_library(demo_site_live):
    """The Vetlanda library is full for two weeks and lends tablets and SIM cards."""
    from django.utils import timezone

    from directory.models import SupportPointPage
    from directory.signals import places_changed

    places = SupportPointPage.objects.filter(slug="bibliotekets-digitala-hjalp-vetlanda")
    places.update(
        full=True,
        full_until=timezone.localdate() + datetime.timedelta(days=14),
        lends_tablets=2,
        lends_sim_cards=3,
    )
    places_changed(places.values_list("pk", flat=True))  # a bulk update sends no signal


def tab_to(page, selector, limit=120):
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} was never reached with Tab")


@pytest.mark.parametrize("language", PREFIXES)
def test_resident_ticks_what_to_borrow_with_the_keyboard(
    page, live_server, full_library, language
):
    page.goto(live_server.url + PREFIXES[language] + "/hitta-hjalp/?municipality=0685")
    # "More choices" opens with Enter; the tick boxes are ticked with Space.
    tab_to(page, "details.more-filters > summary")
    page.keyboard.press("Enter")
    assert page.locator("details.more-filters").get_attribute("open") is not None
    tab_to(page, "#id_lends_1")  # tablets
    page.keyboard.press("Space")
    tab_to(page, "#id_lends_3")  # SIM cards or mobile data
    page.keyboard.press("Space")
    assert page.locator("#id_lends_1").is_checked() and page.locator("#id_lends_3").is_checked()
    tab_to(page, ".directory-search button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # The choice is in the address, with the municipality kept.
    assert "lends=tablets" in page.url and "lends=sim_cards" in page.url
    assert "municipality=0685" in page.url
    assert page.locator("#id_lends_1").is_checked() and page.locator("#id_lends_3").is_checked()
    result = page.locator(".results .result").filter(has=page.get_by_role("link", name=VETLANDA))
    assert result.count() == 1
    assert result.locator(".full-badge").is_visible()
    assert result.locator(".lending").is_visible()
    assert page.locator(".results .result").count() == page.locator(".results .lending").count()
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    page.wait_for_selector("[data-directory-map][data-loaded=true]")
    assert_no_axe_violations(page)


def test_the_lending_filter_works_without_javascript(no_js_page, live_server, full_library):
    no_js_page.goto(live_server.url + "/hitta-hjalp/?municipality=0685")
    no_js_page.locator("details.more-filters > summary").click()
    no_js_page.locator("#id_lends_1").check()
    with no_js_page.expect_navigation():
        no_js_page.locator(".directory-search button[type=submit]").click()
    assert "lends=tablets" in no_js_page.url and "municipality=0685" in no_js_page.url
    result = no_js_page.locator(".results .result").filter(
        has=no_js_page.get_by_role("link", name=VETLANDA)
    )
    assert result.locator(".full-badge").is_visible()


@pytest.mark.parametrize("language", PREFIXES)
def test_full_place_page_has_no_axe_violations(page, live_server, full_library, language):
    page.goto(live_server.url + PREFIXES[language] + VETLANDA_LIBRARY)
    assert page.locator("#full-notice").is_visible()
    assert page.locator("dd.lending").is_visible()
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert_no_axe_violations(page)
