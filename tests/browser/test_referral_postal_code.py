"""The referral form's live "who will receive it" in Chromium with the county's postal
codes the demo set-up loads: a postal code names its network, and an unknown one gives
way to the chosen municipality with a note (as the server does when the form is sent)."""

import pytest

pytestmark = pytest.mark.browser

VARNAMO = "Digital hjälp Värnamo (demo)"


def test_a_postal_code_names_its_network_live(page, live_server):
    page.goto(live_server.url + "/be-om-hjalp/")
    page.get_by_label("Postnummer").fill("331 30")
    result = page.locator("#routing-result")
    result.get_by_text(f"Din förfrågan kommer att gå till: {VARNAMO}.").wait_for()
    assert "postnummer 331 30 ligger i Värnamo" in result.inner_text()


def test_an_unknown_postal_code_gives_way_to_the_chosen_municipality(page, live_server):
    page.goto(live_server.url + "/en/be-om-hjalp/")
    page.get_by_label("Municipality", exact=True).select_option(label="Värnamo")
    page.get_by_label("Postal code").fill("123 45")
    result = page.locator("#routing-result")
    result.get_by_text("We did not recognise postal code 123 45").wait_for()
    text = result.inner_text()
    assert f"Your request will go to: {VARNAMO}." in text
    assert "so we used the municipality you chose." in text
