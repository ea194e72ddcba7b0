"""Referrals nobody contacted in time: a reminder to the assignee (or the coordinators),
then all the network's coordinators, then the county's moderators — each step once,
recorded in the history, never for a referral that was contacted, closed or anonymised,
and never twice however often or in parallel the job runs."""

import datetime
import io
import os
import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db import connection

from core.groups import COUNTY_MODERATORS
from directory.models import SupportPointPage
from networks.deadlines import add_working_days
from networks.escalation import escalate_overdue
from networks.models import Escalation, Network, Referral, ReferralEvent
from networks.referrals import assign, change_status, forward
from networks.retention import anonymise
from tests.networks.test_coordinator_permissions import make_referral

# Thursday 18 June 2026: the deadline (three working days) is Wednesday 24 June, because
# midsommarafton (Friday 19) and the weekend do not count.
MADE = datetime.date(2026, 6, 18)
DUE = datetime.date(2026, 6, 24)


@pytest.fixture
def people(demo_site):
    User = get_user_model()
    coordinator = User.objects.create_user("samordnare", email="samordnare@example.se")
    other = User.objects.create_user("samordnare2", email="samordnare2@example.se")
    moderator = User.objects.create_user("moderator", email="lan@example.se")
    moderator.groups.add(Group.objects.get(name=COUNTY_MODERATORS))
    network = Network.objects.get(slug="jonkoping")
    network.coordinators.set([coordinator, other])
    Network.objects.filter(pk=network.pk).update(email="", escalate_after_working_days=2)
    return coordinator


def waiting_referral(**changes):
    referral = make_referral("0680", **changes)
    Referral.objects.filter(pk=referral.pk).update(due_on=DUE)
    return Referral.objects.get(pk=referral.pk)


def escalations(referral):
    return list(
        referral.events.filter(kind=ReferralEvent.Kind.ESCALATED).values_list(
            "to_value", flat=True
        )
    )


def run_on(day):
    mail.outbox.clear()
    return escalate_overdue(day)


@pytest.mark.django_db
def test_the_steps_come_in_order_each_once(people):
    referral = waiting_referral()
    place = SupportPointPage.originals.live().filter(municipality__code="0680").first()
    SupportPointPage.objects.filter(pk=place.pk).update(email="plats@example.se")
    referral = assign(referral, referral.version, people, place)

    # On the deadline day itself nothing happens.
    assert run_on(DUE) == {}
    assert mail.outbox == []

    # The next working day: the assigned place is reminded.
    day1 = add_working_days(DUE, 1)
    run_on(day1)
    assert [m.to for m in mail.outbox] == [["plats@example.se"]]
    assert referral.reference in mail.outbox[0].body
    assert "Påminnelse" in mail.outbox[0].subject
    assert escalations(referral) == [str(Escalation.REMINDED.label)]
    # Running again the same day sends nothing more.
    assert run_on(day1) == {}
    assert mail.outbox == []

    # Two more working days later: every coordinator of the network.
    day3 = add_working_days(DUE, 3)
    assert run_on(add_working_days(DUE, 2)) == {}
    run_on(day3)
    assert [sorted(m.to) for m in mail.outbox] == [
        ["samordnare2@example.se", "samordnare@example.se"]
    ]

    # And as many again: the county's moderators.
    run_on(add_working_days(DUE, 5))
    assert [m.to for m in mail.outbox] == [["lan@example.se"]]
    referral.refresh_from_db()
    assert referral.escalation == Escalation.COUNTY
    assert escalations(referral) == [
        str(Escalation.REMINDED.label),
        str(Escalation.COORDINATORS.label),
        str(Escalation.COUNTY.label),
    ]
    # The referral's page says it is overdue and how far it went.
    from django.test import Client

    admin = Client()
    admin.force_login(get_user_model().objects.get(username="admin"))
    page = admin.get(f"/admin/referrals/{referral.pk}/").content.decode()
    due = page.split('id="referral-due">')[1].split("</dd>")[0]
    assert DUE.isoformat() in due and "försenad" in due
    assert str(Escalation.COUNTY.label) in due or "länets moderatorer" in due
    # Nothing is left to send, ever.
    assert run_on(add_working_days(DUE, 30)) == {}
    assert mail.outbox == []
    # No personal data in any of the emails.
    assert "Doris" not in "".join(m.body for m in mail.outbox)


@pytest.mark.django_db
def test_an_unassigned_referral_reminds_the_coordinators(people):
    referral = waiting_referral()
    run_on(add_working_days(DUE, 1))
    assert [sorted(m.to) for m in mail.outbox] == [
        ["samordnare2@example.se", "samordnare@example.se"]
    ]
    assert referral.reference in mail.outbox[0].body
    assert "Doris" not in mail.outbox[0].body


@pytest.mark.django_db
def test_a_long_forgotten_referral_goes_straight_to_the_county(people):
    referral = waiting_referral()
    run_on(add_working_days(DUE, 10))
    assert [m.to for m in mail.outbox] == [["lan@example.se"]]
    assert escalations(referral) == [str(Escalation.COUNTY.label)]


@pytest.mark.django_db
def test_weekends_and_holidays_do_not_count_towards_escalation(people):
    # Due Wednesday 23 December 2026: julafton, juldagen and the weekend pass before
    # the next working day (Monday 28), so the reminder comes only then.
    referral = waiting_referral()
    Referral.objects.filter(pk=referral.pk).update(due_on=datetime.date(2026, 12, 23))
    assert run_on(datetime.date(2026, 12, 24)) != {}  # the day after the deadline
    assert run_on(datetime.date(2026, 12, 29)) == {}  # one working day: not yet
    assert run_on(datetime.date(2026, 12, 30)) == {Escalation.COORDINATORS.label: 1}


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["contacted", "closed", "anonymised"])
def test_nothing_escalates_once_contacted_closed_or_anonymised(people, how):
    referral = waiting_referral()
    if how == "contacted":
        change_status(referral, referral.version, people, "contacted")
    elif how == "closed":
        change_status(referral, referral.version, people, "withdrawn")
    else:
        anonymise(referral.pk, kind=ReferralEvent.Kind.ANONYMISED, note="test")
    assert run_on(add_working_days(DUE, 10)) == {}
    assert mail.outbox == []
    assert escalations(referral) == []


@pytest.mark.django_db
def test_forwarding_starts_the_receiving_networks_promise_again(people):
    referral = waiting_referral()
    run_on(add_working_days(DUE, 1))
    referral.refresh_from_db()
    assert referral.escalation == Escalation.REMINDED
    referral = forward(
        referral, referral.version, people, Network.objects.get(slug="vaggeryd"), "Bor där"
    )
    assert referral.escalation == Escalation.NONE
    assert referral.due_on > DUE
    assert run_on(referral.due_on) == {}


@pytest.mark.django_db
def test_a_failed_send_is_tried_again_next_time(people, settings):
    referral = waiting_referral()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    assert run_on(add_working_days(DUE, 1)) == {}
    assert escalations(referral) == []
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert run_on(add_working_days(DUE, 1)) == {Escalation.REMINDED.label: 1}
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_command_reports_what_it_did(people):
    waiting_referral()
    out = io.StringIO()
    call_command("escalate_overdue", "--today", add_working_days(DUE, 1).isoformat(), stdout=out)
    assert "1" in out.getvalue()
    out = io.StringIO()
    call_command("escalate_overdue", "--today", add_working_days(DUE, 1).isoformat(), stdout=out)
    assert "No referral is newly overdue." in out.getvalue()


def database_url(tmp_path):
    """A URL other processes reach this test's (committed) database by; an in-memory
    SQLite test database is copied to a file first."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp_path / "escalation.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)
        return f"sqlite:///{path}", path
    user, host = settings_dict["USER"] or "postgres", settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{settings_dict['NAME']}", None


@pytest.mark.django_db(transaction=True)
def test_parallel_runs_in_separate_processes_send_each_step_once(demo_site_live, tmp_path):
    User = get_user_model()
    coordinator = User.objects.create_user("samordnare", email="samordnare@example.se")
    Network.objects.get(slug="jonkoping").coordinators.set([coordinator])
    Network.objects.filter(slug="jonkoping").update(email="")
    references = [waiting_referral().reference for _ in range(12)]
    url, copy = database_url(tmp_path)
    environment = {**os.environ, "DATABASE_URL": url, "EMAIL_URL": "console:"}
    command = [
        sys.executable,
        "manage.py",
        "escalate_overdue",
        "--today",
        add_working_days(DUE, 1).isoformat(),
    ]
    runs = [
        subprocess.Popen(
            command,
            cwd=django_settings.BASE_DIR,
            env=environment,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outputs = [run.communicate(timeout=120)[0] for run in runs]

    assert [run.returncode for run in runs] == [0, 0, 0, 0]
    emails = "".join(outputs)
    # Every reference was sent exactly once, by one of the four runs.
    assert sorted(ref for ref in references if emails.count(ref) == 1) == sorted(references)
    if copy is not None:  # the runs wrote to the copy of the SQLite database
        with sqlite3.connect(copy) as db:
            rows = db.execute(
                "SELECT COUNT(*) FROM networks_referralevent WHERE kind = 'escalated'"
            ).fetchone()
        assert rows == (12,)
    else:
        events = ReferralEvent.objects.filter(kind=ReferralEvent.Kind.ESCALATED)
        assert events.count() == 12
