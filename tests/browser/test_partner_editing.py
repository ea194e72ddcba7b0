"""The demo partner editor changes an opening hour and submits it for moderation; the
Jönköping coordinator approves it; the public page shows the new hour. axe-core checks
the partner's screens that come from the project's own templates."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from directory.models import OrganisationPage, SupportPointPage
from partners import links
from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.browser


def _log_in(page, live_server, username, password):
    page.context.clear_cookies()
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("button[type=submit]").click()
    page.wait_for_url(live_server.url + "/admin/")


def _partner_point():
    organisation = OrganisationPage.objects.get(slug="demo-stadsbiblioteket-jonkoping")
    return SupportPointPage.objects.child_of(organisation).live().order_by("path").first()


def test_partner_change_is_approved_by_the_coordinator_and_published(page, live_server):
    point = _partner_point()
    public_url = live_server.url + point.url
    first_row = point.opening_hours.order_by("sort_order").first()
    assert first_row.opens.strftime("%H:%M") != "08:30"

    _log_in(page, live_server, "partner.bibliotek", "demo-partner-2026")
    panel = page.locator("#partner-listings-section")
    assert point.title in panel.inner_text()
    assert_no_axe_violations(page, context="#partner-listings-section")

    panel.get_by_role("link", name=f"Ändra {point.title}").click()
    page.locator("#id_opening_hours-0-opens").fill("08:30")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Fler åtgärder").last.click()
    page.get_by_role("button", name=re.compile("Lämna in till")).click()
    page.get_by_text("har blivit inlämnad för moderering").wait_for()

    # Not public before approval.
    page.goto(public_url)
    assert "08:30" not in page.locator("main").inner_text()

    _log_in(page, live_server, "samordnare.jonkoping", "demo-samordnare-2026")
    review = page.locator("#awaiting-review-section")
    row = review.locator("tr", has_text=point.title)
    row.get_by_role("button", name="Åtgärder").click()
    row.get_by_role("button", name="Godkänn", exact=True).click()
    # The dashboard reloads; nothing waits for review any more.
    review.wait_for(state="detached")

    page.goto(public_url)
    assert "08:30" in page.locator(".hours-table").inner_text()


def test_signed_link_page_is_accessible_and_confirms(page, live_server):
    point = _partner_point()
    SupportPointPage.objects.filter(pk=point.pk).update(
        last_verified=timezone.localdate() - datetime.timedelta(days=400)
    )
    organisation = OrganisationPage.objects.get(slug="demo-stadsbiblioteket-jonkoping")
    page.goto(live_server.url + urlsplit(links.confirm_url(organisation)).path)
    assert_no_axe_violations(page)
    section = page.locator("section", has_text=point.title)
    section.get_by_role("button", name=re.compile("Stämmer fortfarande")).click()
    page.get_by_text("Tack! Platsen är markerad som fortfarande korrekt.").wait_for()
    assert_no_axe_violations(page)
    point.refresh_from_db()
    assert point.last_verified == timezone.localdate()


def test_partner_editor_form_fields_of_the_project_are_accessible(page, live_server):
    point = _partner_point()
    _log_in(page, live_server, "partner.bibliotek", "demo-partner-2026")
    page.goto(live_server.url + f"/admin/pages/{point.pk}/edit/")
    page.locator("[data-position-picker]").wait_for()
    assert_no_axe_violations(page, context="[data-position-picker]")
    # The editor pings the server as it opens (editing sessions): let that request end
    # before the test's data is flushed, or the flush meets its open transaction.
    page.wait_for_load_state("networkidle")


def test_coordinator_partner_screens_are_accessible(page, live_server):
    point = _partner_point()
    SupportPointPage.objects.filter(pk=point.pk).update(
        last_verified=timezone.localdate() - datetime.timedelta(days=400)
    )
    organisation = OrganisationPage.objects.get(slug="demo-stadsbiblioteket-jonkoping")
    _log_in(page, live_server, "samordnare.jonkoping", "demo-samordnare-2026")
    assert_no_axe_violations(page, context="#outdated-listings-section")
    # The dashboard panel leads to the report under Reports.
    page.get_by_role("link", name="Visa inaktuella platser").click()
    page.wait_for_url(live_server.url + "/admin/reports/out-of-date-listings/")
    row = page.locator("#listing-results tr", has_text=point.title)
    assert organisation.title in row.inner_text()
    assert_no_axe_violations(page, context="main")
    row.get_by_role("link", name=organisation.title).click()
    page.wait_for_url(live_server.url + f"/admin/partners/editors/{organisation.pk}/")
    assert_no_axe_violations(page, context="main")
    page.get_by_role("button", name="Skicka inbjudan").click()
    page.locator("#id_email").and_(page.locator("[aria-invalid=true]")).wait_for()
    assert_no_axe_violations(page, context="main")
