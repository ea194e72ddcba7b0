"""The promised first contact: working days skip weekends, Swedish public holidays and
the eves that are days off, and each network sets its own number of days."""

import datetime

import pytest
from django.utils import timezone

from networks.deadlines import add_working_days, is_working_day, response_deadline
from networks.models import Network
from tests.networks.test_coordinator_permissions import make_referral

D = datetime.date


def made_on(day, hour=10):
    """A request made at `hour` o'clock Swedish time on `day`."""
    return datetime.datetime.combine(day, datetime.time(hour), timezone.get_current_timezone())


@pytest.mark.parametrize(
    "made, promised",
    [
        # A weekend: Friday → Monday, Tuesday, Wednesday.
        (D(2026, 11, 27), D(2026, 12, 2)),
        # Midsommarafton (Friday 19 June 2026) is a day off, midsommardagen a Saturday.
        (D(2026, 6, 18), D(2026, 6, 24)),
        # Julafton, juldagen (Thursday and Friday), then the weekend.
        (D(2026, 12, 22), D(2026, 12, 29)),
        # Nyårsafton and nyårsdagen (Thursday and Friday).
        (D(2026, 12, 29), D(2027, 1, 5)),
        # Trettondedag jul (Wednesday 6 January 2027).
        (D(2027, 1, 4), D(2027, 1, 8)),
        # Easter 2027: långfredagen 26 March and annandag påsk 29 March.
        (D(2027, 3, 25), D(2027, 4, 1)),
        # The national day on a Friday (6 June 2025).
        (D(2025, 6, 4), D(2025, 6, 10)),
        # Kristi himmelsfärdsdag (Thursday 14 May 2026).
        (D(2026, 5, 13), D(2026, 5, 19)),
        # Made on a Saturday: the count starts on Monday.
        (D(2026, 11, 28), D(2026, 12, 2)),
    ],
)
def test_three_working_days_skip_weekends_and_swedish_holidays(made, promised):
    assert response_deadline(made_on(made)) == promised
    assert is_working_day(promised)


@pytest.mark.parametrize(
    "day",
    [D(2026, 6, 19), D(2026, 12, 24), D(2026, 12, 31), D(2026, 4, 3), D(2026, 4, 6)],
)
def test_eves_and_holidays_are_not_working_days(day):
    assert not is_working_day(day)


def test_an_ordinary_eve_that_is_a_working_day_counts():
    # Valborgsmässoafton (30 April) is a working day until 14.00: it counts.
    assert is_working_day(D(2026, 4, 30))
    assert add_working_days(D(2026, 4, 29), 1) == D(2026, 4, 30)


def test_the_local_date_decides_late_in_the_evening():
    # 00.00 on Saturday in Sweden is still Friday in UTC: the Swedish date counts, so the
    # count starts on Monday.
    saturday_early = made_on(D(2026, 11, 28), hour=0)
    assert response_deadline(saturday_early) == D(2026, 12, 2)


@pytest.mark.django_db
def test_each_network_promises_its_own_number_of_days(demo_site):
    network = Network.objects.get(slug="jonkoping")
    network.promise_working_days = 5
    network.save()
    referral = make_referral("0680")
    today = timezone.localdate()
    assert referral.due_on == add_working_days(today, 5)
    other = make_referral("0685")  # Vaggeryd keeps the default three
    assert other.due_on == add_working_days(today, 3)


@pytest.mark.django_db
def test_the_receipt_names_the_networks_deadline(demo_site, client):
    from networks.views import receipt_token

    network = Network.objects.get(slug="jonkoping")
    network.promise_working_days = 10
    network.save()
    referral = make_referral("0680")
    response = client.get("/be-om-hjalp/", {"kvitto": receipt_token(referral)})
    assert response.status_code == 200
    assert (
        response.context["deadline"]
        == referral.due_on
        == add_working_days(timezone.localdate(), 10)
    )
