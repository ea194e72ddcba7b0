"""The demo's year of made-up referrals: what `make run` shows in the statistics, the gap
view and the coordinators' queue the first time someone looks."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone, translation

from demo.referrals import REFERENCE_PREFIX, TOTAL, seed_year
from figures.access import Scope
from figures.tables import Figures, Filters, Period
from geography.models import Municipality
from networks.deadlines import is_working_day
from networks.models import CLOSED_STATUSES, Network, Referral, ReferralEvent, ReferralStatus
from networks.referrals import visible_referrals


@dataclass
class Year:
    today: datetime.date
    created: int


@pytest.fixture(scope="module")
def year(django_db_setup, django_db_blocker):
    """A year of demo referrals, made once for this module (seeding takes a few seconds)
    in a transaction rolled back after the module; each test's own transaction is a
    savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        today = timezone.localdate()
        yield Year(today=today, created=seed_year(today=today))
        transaction.set_rollback(True)


@pytest.fixture
def demo_referrals(year, db):
    return Referral.objects.filter(reference__startswith=REFERENCE_PREFIX)


@pytest.fixture
def no_demo_referrals(db):
    """No demo referrals, whether or not the module's year is loaded (rolled back after)."""
    Referral.objects.filter(reference__startswith=REFERENCE_PREFIX).delete()


def local_midnight(day):
    return datetime.datetime.combine(
        day, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )


def share(queryset, **condition):
    total = queryset.count()
    assert total, "no referrals to compare"
    return queryset.filter(**condition).distinct().count() / total


def test_a_year_of_referrals_covers_the_whole_county(year, demo_referrals):
    assert year.created == demo_referrals.count() == Referral.objects.count() == TOTAL
    assert {r.reference[: len(REFERENCE_PREFIX)] for r in Referral.objects.all()} == {"DEMO-"}
    municipalities = set(demo_referrals.values_list("municipality__name", flat=True))
    assert municipalities == set(Municipality.objects.values_list("name", flat=True))
    assert len(municipalities) == 13
    assert demo_referrals.values("topics__slug").exclude(topics=None).distinct().count() >= 8
    assert not demo_referrals.filter(topics=None).exists()
    # Roughly by population: Jönköping most, the smallest municipalities least.
    by_name = defaultdict(int)
    for name in demo_referrals.values_list("municipality__name", flat=True):
        by_name[name] += 1
    ranked = sorted(by_name, key=by_name.get)
    assert ranked[-1] == "Jönköping"
    assert set(ranked[:2]) == {"Aneby", "Mullsjö"}


def test_every_referral_is_obviously_made_up_and_consented(demo_referrals):
    assert all(len(r.reference) <= 16 for r in demo_referrals)
    assert not demo_referrals.exclude(name__startswith="Demoperson ").exists()
    assert not demo_referrals.exclude(message="Påhittat demoärende.").exists()
    assert not demo_referrals.exclude(phone="").exclude(phone__startswith="070-000 ").exists()
    assert not demo_referrals.exclude(consent=True).exists()
    assert all(r.consent_at == r.created_at for r in demo_referrals)
    assert not demo_referrals.filter(anonymised_at__isnull=False).exists()


def test_every_referral_is_with_the_network_that_serves_its_municipality(demo_referrals):
    served = set(
        Network.municipalities.through.objects.values_list("network_id", "municipality_id")
    )
    pairs = set(demo_referrals.values_list("network_id", "municipality_id"))
    assert pairs <= served
    # The forwarded ones ended up there too, and their history says where they came from.
    forwarded = demo_referrals.filter(events__kind=ReferralEvent.Kind.FORWARDED).distinct()
    assert 0 < forwarded.count() < 0.1 * TOTAL
    for referral in forwarded:
        event = referral.events.get(kind=ReferralEvent.Kind.FORWARDED)
        assert event.to_value == referral.network.name
        assert event.from_value != referral.network.name
        assert referral.routing_rule == "forwarded"


def test_seeding_again_creates_nothing(demo_referrals):
    assert seed_year() == 0
    assert seed_year(rng_seed=7) == 0
    assert demo_referrals.count() == TOTAL


def test_the_oldest_ask_about_bankid_far_more_often_than_the_youngest(demo_referrals):
    oldest = demo_referrals.filter(age_band__in=["75-84", "85+"])
    youngest = demo_referrals.filter(age_band="0-29")
    assert oldest.count() > 5 * youngest.count() > 0  # mostly older people ask
    bankid_oldest = share(oldest, topics__slug="bankid")
    bankid_youngest = share(youngest, topics__slug="bankid")
    assert bankid_oldest > 2 * bankid_youngest
    assert bankid_oldest - bankid_youngest > 0.2


def test_interpreters_are_needed_where_newcomers_live(demo_referrals):
    varnamo = demo_referrals.filter(municipality__name="Värnamo")
    aneby = demo_referrals.filter(municipality__name="Aneby")
    assert share(varnamo, needs_interpreter=True) > 0.1
    assert share(varnamo, needs_interpreter=True) > 3 * share(aneby, needs_interpreter=True)
    assert share(varnamo, language__code="sv") < 0.8
    assert share(aneby, language__code="sv") > 0.9
    languages = set(varnamo.values_list("language__code", flat=True))
    assert {"ar", "so", "ti"} <= languages


def working_days_between(start, end):
    """Working days (not weekends or Swedish holidays) after the local date of `start` up to
    that of `end`."""
    day, last, count = timezone.localdate(start), timezone.localdate(end), 0
    while day < last:
        day += datetime.timedelta(days=1)
        count += is_working_day(day)
    return count


def test_dates_lie_in_the_past_year_and_histories_are_in_order(year, demo_referrals):
    start = local_midnight(year.today - datetime.timedelta(days=365))
    end = local_midnight(year.today)
    events = defaultdict(list)
    for event in ReferralEvent.objects.filter(referral__in=demo_referrals).order_by("at", "pk"):
        events[event.referral_id].append(event)
    with translation.override("sv"):
        label = {status.value: str(status.label) for status in ReferralStatus}
    waits = []
    for referral in demo_referrals:
        history = events[referral.pk]
        assert start <= referral.created_at < end, referral
        assert history[0].kind == ReferralEvent.Kind.CREATED, referral
        assert history[0].at == referral.created_at, referral
        assert all(referral.created_at <= event.at < end for event in history), referral
        assert referral.created_at <= referral.updated_at < end, referral
        changes = [event for event in history if event.kind == ReferralEvent.Kind.STATUS]
        # Each change starts from where the previous one ended, the last one is the
        # referral's status, as in a real history.
        froms, tos = [c.from_value for c in changes], [c.to_value for c in changes]
        assert froms == [label["new"], *tos][: len(changes)], referral
        assert (changes[-1].to_value if changes else label["new"]) == label[referral.status]
        if referral.status in CLOSED_STATUSES:
            assert referral.closed_at == changes[-1].at, referral
        else:
            assert referral.closed_at is None, referral
        if changes:
            assert referral.created_at <= changes[0].at <= (referral.closed_at or changes[0].at)
            waits.append(working_days_between(referral.created_at, changes[0].at))
    # Most are answered within the three working days promised, none after eight.
    assert sum(wait <= 3 for wait in waits) > 0.7 * len(waits)
    assert max(waits) <= 8


def test_most_are_closed_and_the_recent_ones_still_open(year, demo_referrals):
    open_statuses = [ReferralStatus.NEW, ReferralStatus.CONTACTED, ReferralStatus.IN_PROGRESS]
    recent = demo_referrals.filter(
        created_at__gte=local_midnight(year.today - datetime.timedelta(days=14))
    )
    older = demo_referrals.filter(
        created_at__lt=local_midnight(year.today - datetime.timedelta(days=60))
    )
    assert share(recent, status__in=open_statuses) > 0.4
    assert share(older, status__in=open_statuses) < 0.1
    assert share(demo_referrals, status=ReferralStatus.RESOLVED) > 0.6
    for status in ReferralStatus:
        assert demo_referrals.filter(status=status).exists(), status


def test_the_jonkoping_coordinator_finds_a_queue(demo_referrals):
    coordinator = get_user_model().objects.get(username="samordnare.jonkoping")
    queue = visible_referrals(coordinator)
    assert queue.filter(status=ReferralStatus.NEW).exists()
    assert queue.filter(status=ReferralStatus.IN_PROGRESS).exists()
    assert not queue.exclude(network__slug="jonkoping").exists()
    # Their handling carries their name in the history.
    assert ReferralEvent.objects.filter(
        referral__in=queue, kind=ReferralEvent.Kind.STATUS, user=coordinator
    ).exists()


THIS_MONTH = timezone.localdate().replace(day=1)


def rows_of(tables, key):
    found = next(table for table in tables if table.key == key)
    return {str(row[0]): str(row[1]) for row in found.rows}


def test_seed_demo_never_creates_referrals_with_debug_off(no_demo_referrals, settings):
    settings.DEBUG = False
    out = StringIO()
    call_command("seed_demo", "--no-users", stdout=out)
    assert not Referral.objects.exists()
    assert "Demo referrals skipped: DEBUG is off." in out.getvalue()


def test_seed_demo_creates_referrals_with_debug_on(no_demo_referrals, settings):
    settings.DEBUG = True
    out = StringIO()
    # As `make run` calls it: the site is there already, the referrals are added anyway.
    call_command("seed_demo", "--if-empty", stdout=out)
    assert Referral.objects.filter(reference__startswith=REFERENCE_PREFIX).count() == TOTAL
    assert "The database already has data; demo data not loaded." in out.getvalue()
    assert f"{TOTAL} demo referrals (made up) created." in out.getvalue()
    # As the nightly jobs would have: the oldest closed ones are anonymised, and the
    # statistics are counted, their accessibility needs included.
    anonymised = Referral.objects.filter(anonymised_at__isnull=False)
    assert anonymised.exists()
    assert not anonymised.exclude(accessibility_needs=[]).exists()
    assert f"Statistics counted: {TOTAL} referrals." in out.getvalue()
    needs = rows_of(Figures(Scope(), Filters(period=Period.ending(THIS_MONTH))).demand(), "need")
    assert sum(int(count) for count in needs.values() if count.isdigit()) > 0
    assert len(needs) >= 5  # every kind of need shows, after retention too
    out = StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert Referral.objects.count() == TOTAL
    assert "Demo referrals exist already; none created." in out.getvalue()


def test_seed_demo_without_referrals_on_request(no_demo_referrals, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", "--no-referrals", stdout=out)
    assert not Referral.objects.exists()
    assert "demo referrals" not in out.getvalue()
