"""Reminders to editors about listings older than six months: sent once when due, not
again within the month, none for fresh listings; the signed link confirms without a
log-in, expires, and cannot be turned into another organisation's."""

import datetime
import io

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.utils import timezone

from directory.models import SupportPointPage
from partners import links
from partners.reminders import send_reminders
from tests.partners.conftest import first_point

pytestmark = pytest.mark.django_db

PARTNER_EMAIL = "partner.bibliotek@example.org"


def _age(point, days):
    SupportPointPage.objects.filter(pk=point.pk).update(
        last_verified=timezone.localdate() - datetime.timedelta(days=days)
    )


def _reminders_to_partner():
    return [message for message in mail.outbox if PARTNER_EMAIL in message.to]


def test_no_reminder_for_fresh_listings(people):
    mail.outbox.clear()
    out = io.StringIO()
    call_command("send_verification_reminders", stdout=out)
    assert mail.outbox == []
    assert "Reminders sent: 0 email(s)" in out.getvalue()


def test_reminder_sent_once_when_due_and_not_again_within_the_month(people, org_a):
    point = first_point(org_a)
    _age(point, 190)
    mail.outbox.clear()
    out = io.StringIO()
    call_command("send_verification_reminders", stdout=out)
    reminders = _reminders_to_partner()
    assert len(reminders) == 1
    message = reminders[0]
    assert message.subject == "Stämmer uppgifterna om Demo Stadsbiblioteket Jönköping fortfarande?"
    assert point.title in message.body
    assert f"/admin/pages/{point.pk}/edit/" in message.body
    assert "/partner/bekrafta/" in message.body
    assert "1 organisation(s)" in out.getvalue()

    # Again the same day, and three weeks later: nothing.
    mail.outbox.clear()
    call_command("send_verification_reminders", stdout=io.StringIO())
    send_reminders(now=timezone.now() + datetime.timedelta(days=21))
    assert _reminders_to_partner() == []

    # A month and a day later, still not confirmed: reminded again.
    send_reminders(now=timezone.now() + datetime.timedelta(days=32))
    assert len(_reminders_to_partner()) == 1


def test_a_listing_just_under_six_months_is_not_due(people, org_a):
    _age(first_point(org_a), 170)
    mail.outbox.clear()
    send_reminders()
    assert _reminders_to_partner() == []


def _confirm_link(message):
    return next(
        line.strip() for line in message.body.splitlines() if "/partner/bekrafta/" in line
    ).removeprefix("http://127.0.0.1:8000")


def test_signed_link_confirms_without_logging_in(client, people, org_a):
    point = first_point(org_a)
    _age(point, 200)
    mail.outbox.clear()
    send_reminders()
    url = _confirm_link(_reminders_to_partner()[0])

    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert point.title in html
    point.refresh_from_db()
    assert point.last_verified < timezone.localdate()  # opening the link changes nothing

    response = client.post(url, {"listing": point.pk})
    assert response.status_code == 302
    assert (
        "Tack! Platsen är markerad som fortfarande korrekt."
        in client.get(response["Location"]).content.decode()
    )
    point.refresh_from_db()
    assert point.last_verified == timezone.localdate()


def test_signed_link_cannot_be_used_for_another_organisation(client, org_a, org_b):
    other = first_point(org_b)
    _age(other, 400)
    token = links.token_for(org_a)
    url = f"/partner/bekrafta/{token}/"
    assert client.post(url, {"listing": other.pk}).status_code == 404
    # Changing the organisation inside the token breaks the signature.
    payload, rest = token.split(":", 1)
    forged = signing.dumps({"organisation": org_b.pk}, salt="something else")
    for bad in (forged, f"{forged.split(':', 1)[0]}:{rest}", token[:-2] + "xx"):
        response = client.post(f"/partner/bekrafta/{bad}/", {"listing": other.pk})
        assert response.status_code == 400
        assert "Länken fungerar inte längre" in response.content.decode()
    other.refresh_from_db()
    assert other.last_verified < timezone.localdate() - datetime.timedelta(days=399)


def test_signed_link_expires(client, org_a, settings, monkeypatch):
    point = first_point(org_a)
    _age(point, 200)
    token = links.token_for(org_a)
    settings.VERIFICATION_LINK_MAX_AGE_DAYS = 30
    later = timezone.now().timestamp() + 31 * 24 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    response = client.post(f"/partner/bekrafta/{token}/", {"listing": point.pk})
    assert response.status_code == 400
    point.refresh_from_db()
    assert point.last_verified < timezone.localdate()


def test_organisations_without_editors_are_listed_not_mailed(org_b):
    _age(first_point(org_b), 200)
    mail.outbox.clear()
    out = io.StringIO()
    call_command("send_verification_reminders", stdout=out)
    assert mail.outbox == []
    assert "No editor with an email address: Demo Vetlanda bibliotek" in out.getvalue()
