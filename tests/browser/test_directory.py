"""The directory in Chromium: a resident's search, the map, no JavaScript, axe-core."""

import re

import pytest

from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.browser

VETLANDA_LIBRARY = "/hitta-hjalp/demo-vetlanda-bibliotek/bibliotekets-digitala-hjalp-vetlanda/"


def search_bankid_in_vetlanda_in_arabic(page, live_server):
    page.goto(live_server.url + "/hitta-hjalp/")
    page.get_by_label("Vad behöver du hjälp med? Till exempel BankID eller Swish").fill("bankid")
    page.get_by_label("Kommun").select_option(label="Vetlanda")
    page.get_by_role("button", name="Visa hjälp").click()
    page.wait_for_load_state()
    assert "Medborgarkontoret – Vetlanda" in page.locator(".results").inner_text()
    page.get_by_text("Fler val: språk, ämne, öppettider, tillgänglighet").click()
    page.get_by_label("Språk", exact=True).select_option(label="Arabiska")
    page.get_by_role("button", name="Visa hjälp").click()
    page.wait_for_load_state()
    assert page.locator("#result-count").inner_text() == "1 plats hittades"
    results = page.locator(".results").inner_text()
    assert "Medborgarkontoret – Vetlanda" not in results
    assert re.search(r"q=bankid", page.url) and "language=ar" in page.url
    page.get_by_role("link", name="Bibliotekets digitala hjälp – Vetlanda").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Bibliotekets digitala hjälp – Vetlanda"
    today = page.locator("tr.today").inner_text()
    assert "(i dag)" in today
    assert re.search(r"\d\d:\d\d–\d\d:\d\d|Stängt", today)
    assert re.search(r"I dag: \d\d:\d\d|Stängt i dag", page.locator("main").inner_text())


def test_resident_finds_bankid_help_in_arabic_in_vetlanda(page, live_server):
    search_bankid_in_vetlanda_in_arabic(page, live_server)


def test_same_search_works_without_javascript(no_js_page, live_server):
    search_bankid_in_vetlanda_in_arabic(no_js_page, live_server)
    no_js_page.go_back()
    assert no_js_page.locator("[data-directory-map]").is_hidden()


def test_map_shows_markers(page, live_server):
    page.goto(live_server.url + "/hitta-hjalp/?municipality=0685")
    page.wait_for_selector("[data-directory-map][data-loaded=true]")
    assert page.locator("#directory-map .leaflet-marker-icon").count() >= 1
    status = page.locator("[data-map-status]").inner_text()
    assert status == "6 platser visas på kartan."
    # Every marker is reachable with the keyboard and has a name.
    for marker in page.locator("#directory-map .leaflet-marker-icon").all():
        assert marker.get_attribute("tabindex") == "0"
        assert marker.get_attribute("aria-label")


def test_map_marker_opens_popup_with_link_and_hours(page, live_server):
    page.goto(live_server.url + "/hitta-hjalp/?q=bankid&municipality=0685&language=ar")
    page.wait_for_selector("[data-directory-map][data-loaded=true]")
    marker = page.locator(
        '#directory-map .leaflet-marker-icon[aria-label="Bibliotekets digitala hjälp – Vetlanda"]'
    )
    marker.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.get_by_role("link", name="Bibliotekets digitala hjälp – Vetlanda").count() == 1
    assert re.search(r"I dag: |Stängt i dag", popup.inner_text())


def test_map_popup_says_when_a_place_may_be_out_of_date(page, live_server):
    import datetime

    from django.utils import timezone

    from directory.models import SupportPointPage
    from directory.signals import places_changed

    places = SupportPointPage.objects.filter(slug="bibliotekets-digitala-hjalp-vetlanda")
    places.update(last_verified=timezone.localdate() - datetime.timedelta(days=400))
    places_changed(places.values_list("pk", flat=True))  # a bulk update sends no signal
    page.goto(live_server.url + "/hitta-hjalp/?q=bankid&municipality=0685&language=ar")
    page.wait_for_selector("[data-directory-map][data-loaded=true]")
    page.locator("#directory-map .leaflet-marker-icon").first.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Uppgifterna kan vara inaktuella." in popup.inner_text()


@pytest.mark.parametrize(
    "path",
    [
        "/hitta-hjalp/",
        "/hitta-hjalp/?q=bankid&municipality=0685",
        "/hitta-hjalp/?municipality=0685&language=ar&mode=home_visit",
        "/hitta-hjalp/?q=zzzzzz",
        "/hitta-hjalp/?postal_code=12&lat=abc",
        VETLANDA_LIBRARY,
        "/hitta-hjalp/demo-vetlanda-bibliotek/",
        "/en/hitta-hjalp/?q=bankid",
    ],
)
def test_no_axe_violations(page, live_server, path):
    page.goto(live_server.url + path)
    if page.locator("[data-directory-map]").count():
        page.wait_for_selector("[data-directory-map][data-loaded=true]")
    assert_no_axe_violations(page)


def test_report_form_errors_have_no_axe_violations(page, live_server):
    page.goto(live_server.url + VETLANDA_LIBRARY)
    page.get_by_role("link", name="Rapportera fel uppgifter").click()
    page.get_by_role("button", name="Skicka").click()
    page.wait_for_load_state()
    assert page.locator("#id_message_error").is_visible()
    assert_no_axe_violations(page)


def test_editor_sets_the_position_by_clicking_the_map(page, live_server):
    from directory.models import SupportPointPage

    point = SupportPointPage.objects.get(slug="bibliotekets-digitala-hjalp-vetlanda")
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "demo-admin-2026")
    page.locator("button[type=submit]").click()
    page.wait_for_url(live_server.url + "/admin/")
    page.goto(live_server.url + f"/admin/pages/{point.pk}/edit/")
    map_element = page.locator(".directory-position-map")
    map_element.scroll_into_view_if_needed()
    assert page.locator(".directory-position-picker .leaflet-marker-icon").count() == 1
    before = (page.input_value("#id_latitude"), page.input_value("#id_longitude"))
    box = map_element.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.25)
    after = (page.input_value("#id_latitude"), page.input_value("#id_longitude"))
    assert after != before
    assert float(after[0]) > float(before[0]) and float(after[1]) < float(before[1])
    assert re.fullmatch(r"\d+\.\d{5}", after[0])
    # Typing still works and moves the marker.
    page.fill("#id_latitude", "57.5")
    page.fill("#id_longitude", "15.0")
    assert page.locator(".directory-position-picker .leaflet-marker-icon").count() == 1
    # The editor's ping as it opened (editing sessions) ends before the data is flushed.
    page.wait_for_load_state("networkidle")


def test_use_my_location_sorts_by_distance(page, live_server):
    page.context.grant_permissions(["geolocation"], origin=live_server.url)
    page.context.set_geolocation({"latitude": 57.4274, "longitude": 15.0847})  # Vetlanda
    page.goto(live_server.url + "/hitta-hjalp/?q=bankid")
    page.get_by_role("button", name="Använd min plats").click()
    page.wait_for_url(re.compile(r"lat=57\.4274"))
    assert "lon=15.0847" in page.url
    assert "postal_code=" not in page.url  # empty fields are left out of the URL
    first = page.locator(".results .result").first
    assert "Vetlanda" in first.locator("h3").inner_text()
    assert re.search(r"\d,\d km bort", first.inner_text())
    assert page.get_by_text("Sorterat efter avstånd från din plats.").is_visible()
