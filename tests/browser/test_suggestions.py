"""Suggestions as you type, in Chromium with the keyboard alone: a WAI-ARIA combobox whose
choices set a filter or open a place; axe-core finds nothing with the list open; without
JavaScript the box is a plain search."""

import pytest

from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.browser

LABEL = "Vad behöver du hjälp med? Till exempel BankID eller Swish"


def test_keyboard_alone_chooses_a_topic_from_the_suggestions(page, live_server):
    page.goto(live_server.url + "/hitta-hjalp/")
    box = page.get_by_role("combobox", name=LABEL)
    box.focus()
    page.keyboard.type("vårdcentr")
    listbox = page.get_by_role("listbox", name="Förslag")
    listbox.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert (
        page.locator("[data-suggest-status]")
        .inner_text()
        .endswith("Välj med pil upp och pil ner.")
    )
    assert_no_axe_violations(page)
    page.keyboard.press("ArrowDown")
    first = page.get_by_role("option").first
    assert first.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert "1177 och vård" in first.inner_text()
    page.keyboard.press("Enter")
    page.wait_for_url("**topic=1177-och-vard**")
    assert page.locator("#id_topic").input_value() == "1177-och-vard"
    assert page.get_by_role("combobox", name=LABEL).input_value() == ""
    assert "platser hittades" in page.locator("#result-count").inner_text()


def test_escape_closes_and_enter_searches_what_was_typed(page, live_server):
    page.goto(live_server.url + "/hitta-hjalp/")
    box = page.get_by_role("combobox", name=LABEL)
    box.focus()
    page.keyboard.type("swish")
    page.get_by_role("listbox", name="Förslag").wait_for()
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert page.get_by_role("listbox", name="Förslag").is_hidden()
    page.keyboard.press("Enter")
    page.wait_for_url("**q=swish**")
    assert "platser hittades" in page.locator("#result-count").inner_text()


def test_a_place_suggestion_opens_the_place(page, live_server):
    page.goto(live_server.url + "/hitta-hjalp/")
    page.get_by_role("combobox", name=LABEL).focus()
    page.keyboard.type("bibliotekets digitala hjälp vetl")
    page.get_by_role("option", name="Bibliotekets digitala hjälp – Vetlanda – plats").wait_for()
    for _ in range(page.get_by_role("option").count()):
        page.keyboard.press("ArrowDown")
        if "Vetlanda – plats" in page.locator("[aria-selected=true]").inner_text():
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/bibliotekets-digitala-hjalp-vetlanda/")
    assert page.locator("h1").inner_text() == "Bibliotekets digitala hjälp – Vetlanda"


def test_without_javascript_the_box_is_a_plain_search(no_js_page, live_server):
    no_js_page.goto(live_server.url + "/hitta-hjalp/")
    box = no_js_page.get_by_label(LABEL)
    assert box.get_attribute("role") is None
    assert no_js_page.locator("[data-suggest]").is_hidden()
    box.fill("vardcentral")
    no_js_page.get_by_role("button", name="Visa hjälp").click()
    no_js_page.wait_for_load_state()
    assert "platser hittades" in no_js_page.locator("#result-count").inner_text()
