"""A resident asks to be contacted in Chromium (with and without JavaScript) and the
Jönköping coordinator handles the referral in the admin; axe-core on every state."""

import re

import pytest
from playwright.sync_api import expect

from networks.models import Referral
from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.browser

REFERENCE = re.compile(r"DH-[0-9A-Z]{4}-[0-9A-Z]{3}")


@pytest.fixture(autouse=True)
def _quick_humans(settings):
    # The minimum fill time is tested in tests/networks; robots here type fast.
    settings.REFERRAL_MIN_FILL_SECONDS = 0


def _fill_in(page, municipality):
    page.get_by_label("Mig", exact=True).check()
    page.get_by_label("BankID och e-legitimation").check()
    page.get_by_label("Beskriv vad du behöver hjälp med (frivilligt)").fill(
        "Jag har fått ett nytt BankID-kort."
    )
    page.get_by_label("Jag hör dåligt").check()
    page.get_by_label("Telefonsamtal").check()
    page.get_by_label("Förmiddag (8–12)").check()
    page.get_by_label("Ditt namn").fill("Astrid")
    page.get_by_label("Telefonnummer").fill("070-123 45 67")
    page.get_by_label("Kommun", exact=True).select_option(label=municipality)


def _consent_and_send(page):
    page.get_by_label("Jag godkänner att mina svar sparas och skickas till hjälpnätverket").check()
    page.get_by_role("button", name="Skicka min förfrågan").click()
    page.wait_for_url(re.compile(r".*\?kvitto=.*"))
    reference = page.locator("#reference").inner_text()
    assert REFERENCE.fullmatch(reference)
    return reference


def test_resident_with_javascript_sees_the_network_live_and_gets_a_reference(page, live_server):
    page.goto(live_server.url + "/be-om-hjalp/")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Skicka min förfrågan").click()
    summary = page.locator("#error-summary")
    # The page's script moves the focus to the summary once it has loaded.
    expect(summary).to_be_focused()
    assert "Välj vem som behöver hjälp." in page.locator("#id_for_whom_error").inner_text()
    assert_no_axe_violations(page)

    _fill_in(page, "Jönköping")
    result = page.locator("#routing-result")
    result.get_by_text(
        "Din förfrågan kommer att gå till: Digital hjälp Jönköping (demo)."
    ).wait_for()
    assert "Jönköping" in result.inner_text()

    reference = _consent_and_send(page)
    assert "Digital hjälp Jönköping (demo)" in page.locator("main").inner_text()
    assert "BankID-koder" in page.locator("main").inner_text()
    assert_no_axe_violations(page)
    referral = Referral.objects.get(reference=reference)
    assert referral.network.slug == "jonkoping"

    # The coordinator logs in, finds it and changes its status.
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "samordnare.jonkoping")
    page.fill("#id_password", "demo-samordnare-2026")
    page.locator("button[type=submit]").click()
    page.wait_for_url(live_server.url + "/admin/")
    assert "1 ny förfrågan väntar i dina nätverk." in page.locator("main").inner_text()
    page.goto(live_server.url + "/admin/referrals/")
    page.get_by_label("Referens").fill(reference.lower())
    page.get_by_role("link", name=reference).click()
    assert "Astrid" in page.locator("main").inner_text()
    page.get_by_label("Ny status").select_option(label="Kontaktad")
    page.get_by_role("button", name="Spara status").click()
    page.get_by_text("Statusen ändrades.").wait_for()
    assert page.locator("#referral-status").inner_text() == "Kontaktad"
    referral.refresh_from_db()
    assert referral.status == "contacted"


def test_resident_without_javascript_checks_the_network_then_sends(no_js_page, live_server):
    page = no_js_page
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/be-om-hjalp/")
    assert page.get_by_role("button", name="Använd min plats").count() == 0
    _fill_in(page, "Vetlanda")
    page.get_by_role("button", name="Kontrollera vem som tar emot den").click()
    page.locator("#routing-result").get_by_text(
        "Din förfrågan kommer att gå till: Digital hjälp Vetlanda (demo)."
    ).wait_for()
    # What was typed is still there.
    assert page.get_by_label("Ditt namn").input_value() == "Astrid"
    assert page.get_by_label("BankID och e-legitimation").is_checked()
    # (axe-core cannot run in a page without JavaScript; the same markup is checked above.)

    reference = _consent_and_send(page)
    assert "Digital hjälp Vetlanda (demo)" in page.locator("main").inner_text()
    assert Referral.objects.get(reference=reference).network.slug == "vetlanda"


def test_use_my_location(page, live_server):
    page.context.grant_permissions(["geolocation"], origin=live_server.url)
    page.context.set_geolocation({"latitude": 57.428, "longitude": 15.078})
    page.goto(live_server.url + "/be-om-hjalp/")
    page.get_by_role("button", name="Använd min plats").click()
    result = page.locator("#routing-result")
    result.get_by_text(
        "Din förfrågan kommer att gå till: Digital hjälp Vetlanda (demo)."
    ).wait_for()
    assert "Din plats används." in result.inner_text()
    assert page.locator("#id_latitude").input_value() == "57.428"
    page.get_by_role("button", name="Glöm min plats").click()
    assert page.locator("#id_latitude").input_value() == ""
