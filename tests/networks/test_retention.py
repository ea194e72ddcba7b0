"""Retention: `manage.py apply_retention` removes the personal data of referrals kept long
enough (per network after closing, longer when never closed) and keeps the statistics."""

import datetime
import io
import logging

import pytest
from django.core.management import call_command
from django.utils import timezone

from networks.models import Network, Referral, ReferralEvent
from networks.referrals import add_note, change_status
from networks.retention import apply_retention
from tests.networks.test_coordinator_permissions import make_referral

pytestmark = pytest.mark.django_db

PERSONAL = {
    "name": "Doris Andersson",
    "phone": "070-111 22 33",
    "email": "doris@example.se",
    "message": "Hjälp med Swish, jag bor på Storgatan 1",
    "accessibility_other": "Rullstol",
    "accessibility_needs": ["hearing"],
    "postal_code": "55318",
    "latitude": 57.78,
    "longitude": 14.16,
}


def _days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def closed_referral(days_closed, network_code="0680", status="resolved"):
    referral = make_referral(network_code, **PERSONAL)
    referral = add_note(referral, referral.version, None, "Ringde Doris på 070-111 22 33")
    referral = change_status(referral, referral.version, None, status)
    Referral.objects.filter(pk=referral.pk).update(closed_at=_days_ago(days_closed))
    return Referral.objects.get(pk=referral.pk)


def open_referral(days_old, network_code="0680"):
    referral = make_referral(network_code, **PERSONAL)
    Referral.objects.filter(pk=referral.pk).update(created_at=_days_ago(days_old))
    return Referral.objects.get(pk=referral.pk)


def run(*args):
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_closed_referral_past_the_period_loses_personal_data_keeps_statistics(demo_site):
    old = closed_referral(91)
    topics = set(old.topics.values_list("slug", flat=True))

    output = run()

    assert "Anonymised 1 referrals (1 closed, 0 never closed)." in output
    old.refresh_from_db()
    # Cleared: everything that identifies or describes the person.
    assert (old.name, old.phone, old.email, old.message) == ("", "", "", "")
    assert (old.accessibility_other, old.accessibility_needs, old.postal_code) == ("", [], "")
    assert (old.latitude, old.longitude, old.routing_explanation) == (None, None, "")
    assert old.anonymised_at is not None
    # Kept: what the statistics need.
    assert old.status == "resolved"
    assert old.network.slug == "jonkoping"
    assert old.municipality.code == "0680"
    assert (old.age_band, old.gender, old.for_whom) == ("85+", "woman", "me")
    assert set(old.topics.values_list("slug", flat=True)) == topics
    assert old.created_at is not None and old.closed_at is not None
    # The history keeps who did what, without the free-text notes.
    assert not old.events.exclude(note="").exclude(kind="anonymised").exists()
    assert old.events.filter(kind="note").exists()
    assert "90 dagar" in old.events.get(kind="anonymised").note


def test_recent_and_open_referrals_are_left_alone(demo_site):
    recent = closed_referral(89)
    young_open = open_referral(300)
    run()
    for referral in (recent, young_open):
        referral.refresh_from_db()
        assert referral.name == "Doris Andersson"
        assert referral.anonymised_at is None


def test_never_closed_referrals_go_after_the_longer_period(demo_site, settings):
    settings.REFERRAL_OPEN_RETENTION_DAYS = 200
    old_open = open_referral(201)
    young_open = open_referral(199)
    assert "(0 closed, 1 never closed)" in run()
    old_open.refresh_from_db()
    young_open.refresh_from_db()
    assert old_open.name == "" and old_open.status == "new"
    assert young_open.name == "Doris Andersson"


def test_each_network_has_its_own_period(demo_site):
    Network.objects.filter(slug="vetlanda").update(retention_days=365)
    jonkoping = closed_referral(100, "0680")
    vetlanda = closed_referral(100, "0685")
    output = run()
    assert "Digital hjälp Jönköping (demo): 1 closed, 0 never closed" in output
    assert "Vetlanda" not in output
    jonkoping.refresh_from_db()
    vetlanda.refresh_from_db()
    assert jonkoping.name == "" and vetlanda.name == "Doris Andersson"


def test_running_again_changes_nothing(demo_site):
    old = closed_referral(120)
    run()
    old.refresh_from_db()
    first = (old.anonymised_at, old.version, old.events.count())
    assert "Anonymised 0 referrals" in run()
    old.refresh_from_db()
    assert (old.anonymised_at, old.version, old.events.count()) == first
    assert old.events.filter(kind="anonymised").count() == 1


def test_dry_run_only_counts(demo_site):
    old = closed_referral(120)
    assert "Would anonymise 1 referrals" in run("--dry-run")
    old.refresh_from_db()
    assert old.name == "Doris Andersson"
    assert not old.events.filter(kind="anonymised").exists()


def test_each_run_is_logged_without_personal_data(demo_site, caplog):
    closed_referral(120)
    with caplog.at_level(logging.INFO, logger="networks.retention"):
        apply_retention()
    assert "apply_retention dry_run=False anonymised_closed=1 anonymised_open=0" in caplog.text
    for value in ("Doris", "070-111", "doris@example.se", "Storgatan"):
        assert value not in caplog.text


def test_closing_starts_and_reopening_stops_the_clock(demo_site):
    referral = make_referral("0680")
    referral = change_status(referral, referral.version, None, "withdrawn")
    assert referral.closed_at is not None
    referral = change_status(referral, referral.version, None, "in_progress")
    assert referral.closed_at is None
    Referral.objects.filter(pk=referral.pk).update(updated_at=_days_ago(400))
    run()  # open, 0 days old: kept
    referral.refresh_from_db()
    assert referral.anonymised_at is None


def test_anonymised_referral_cannot_be_changed_any_more(client, demo_site):
    from django.contrib.auth import get_user_model

    old = closed_referral(120)
    run()
    old.refresh_from_db()
    client.force_login(get_user_model().objects.get(username="samordnare.jonkoping"))
    page = client.get(f"/admin/referrals/{old.pk}/").content.decode()
    assert "personuppgifterna togs bort" in page.lower()
    assert 'id="actions-heading"' not in page
    response = client.post(
        f"/admin/referrals/{old.pk}/note/",
        {"version": old.version, "note": "Doris ringde igen"},
        follow=True,
    )
    assert not old.events.filter(note="Doris ringde igen").exists()
    assert response.status_code == 200
    assert ReferralEvent.objects.filter(referral=old, kind="note").count() == 1
