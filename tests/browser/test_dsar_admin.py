"""A coordinator finds a referral by its reference, adds a note, answers the person's
request to see their data and then to erase it, in Chromium; axe-core on each admin page."""

import re

import pytest

from networks.models import Network, ReferralEvent
from tests.browser.axe import assert_no_axe_violations
from tests.networks.test_coordinator_permissions import make_referral

pytestmark = pytest.mark.browser


def test_coordinator_exports_then_erases_a_referral(page, live_server, demo_site_live):
    Network.objects.get(slug="jonkoping")  # the demo networks are loaded
    referral = make_referral("0680", name="Doris Testsson")
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "samordnare.jonkoping")
    page.fill("#id_password", "demo-samordnare-2026")
    page.locator("button[type=submit]").click()
    page.wait_for_url(live_server.url + "/admin/")

    page.goto(f"{live_server.url}/admin/referrals/")
    page.get_by_label("Referens").fill(referral.reference.lower())
    page.get_by_text("Det finns 1 träff").wait_for()
    assert_no_axe_violations(page, "main")
    page.get_by_role("link", name=referral.reference).click()
    page.wait_for_url(f"{live_server.url}/admin/referrals/{referral.pk}/")
    page.get_by_label("Intern anteckning").fill("Ringde, inget svar")  # its own field
    page.get_by_role("button", name="Lägg till anteckning").click()
    page.get_by_text("Anteckningen lades till.").wait_for()
    assert_no_axe_violations(page, "main")
    page.get_by_role("link", name="Alla uppgifter (registerutdrag)").click()
    page.wait_for_url(re.compile(r".*/data/$"))
    fields = page.locator("#dsar-fields").inner_text()
    assert "Doris Testsson" in fields and "070-111 22 33" in fields
    assert_no_axe_violations(page, "main")
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner som JSON").click()
    assert download.value.suggested_filename == f"{referral.reference}.json"

    page.get_by_role("link", name="Tillbaka till förfrågan").click()
    page.get_by_role("link", name="Radera personuppgifter").click()
    page.wait_for_url(re.compile(r".*/erase/$"))
    page.get_by_label("Varför raderas uppgifterna?").wait_for()
    assert_no_axe_violations(page, "main")
    page.get_by_role("button", name="Radera personuppgifterna").click()
    page.get_by_text("Skriv varför uppgifterna raderas.").wait_for()
    assert_no_axe_violations(page, "main")
    page.get_by_label("Varför raderas uppgifterna?").fill("Bad om det i telefon")
    page.get_by_label(re.compile("Jag förstår att namn")).check()
    page.get_by_role("button", name="Radera personuppgifterna").click()
    page.locator("#anonymised").wait_for()
    main = page.locator("main").inner_text()
    assert "Doris Testsson" not in main
    assert "Bad om det i telefon" in main
    assert referral.events.filter(kind=ReferralEvent.Kind.ERASED).exists()
