"""Opening hours: lunch breaks, ranges past midnight, exceptions, DST change days."""

import datetime
from types import SimpleNamespace as Row
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from directory import hours

UTC = ZoneInfo("UTC")
T = datetime.time


def weekly(*rows):
    return [Row(weekday=d, opens=T(*o), closes=T(*c)) for d, o, c in rows]


def closed_on(day, note=""):
    return Row(date=day, closed=True, opens=None, closes=None, note=note)


def extra(day, opens, closes, note=""):
    return Row(date=day, closed=False, opens=T(*opens), closes=T(*closes), note=note)


def local(*args):
    return datetime.datetime(*args, tzinfo=hours.STOCKHOLM)


# 2026-11-23 is a Monday.
LIBRARY = weekly(
    *[(d, (10, 0), (12, 0)) for d in range(4)],
    *[(d, (13, 0), (16, 0)) for d in range(4)],
    (4, (10, 0), (12, 0)),
)
LATE_FRIDAY = weekly((4, (18, 0), (0, 30)))


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_open_in_the_morning_closes_for_lunch():
    status = hours.status_at(local(2026, 11, 23, 11, 0), LIBRARY, [])
    assert status.is_open
    assert hours.describe(status) == "Open now – closes 12:00"


def test_lunch_break_is_closed_and_opens_again_today():
    status = hours.status_at(local(2026, 11, 23, 12, 30), LIBRARY, [])
    assert not status.is_open
    assert hours.describe(status) == "Closed – opens today 13:00"


def test_closing_time_itself_is_closed():
    assert not hours.status_at(local(2026, 11, 23, 16, 0), LIBRARY, []).is_open
    assert hours.status_at(local(2026, 11, 23, 15, 59), LIBRARY, []).is_open


def test_after_closing_opens_tomorrow():
    status = hours.status_at(local(2026, 11, 23, 17, 0), LIBRARY, [])
    assert hours.describe(status) == "Closed – opens tomorrow 10:00"


def test_friday_evening_opens_on_monday_by_name():
    status = hours.status_at(local(2026, 11, 27, 13, 0), LIBRARY, [])
    assert hours.describe(status) == "Closed – opens Monday 10:00"


def test_swedish_words():
    status = hours.status_at(local(2026, 11, 23, 17, 0), LIBRARY, [])
    with translation.override("sv"):
        assert hours.describe(status) == "Stängt – öppnar i morgon 10:00"
    status = hours.status_at(local(2026, 11, 23, 11, 0), LIBRARY, [])
    with translation.override("sv"):
        assert hours.describe(status) == "Öppet nu – stänger 12:00"


def test_swedish_day_names_are_lower_case_inside_the_sentence():
    # Friday 13:00 after the library closed: it opens again on Monday.
    status = hours.status_at(local(2026, 11, 27, 13, 0), LIBRARY, [])
    with translation.override("sv"):
        assert hours.describe(status) == "Stängt – öppnar måndag 10:00"
    assert hours.describe(status) == "Closed – opens Monday 10:00"
    # Open past midnight into another named day; and further off, a date.
    late = hours.status_at(local(2026, 11, 24, 12, 0), LATE_FRIDAY, [])
    with translation.override("sv"):
        assert hours.describe(late) == "Stängt – öppnar fredag 18:00"
    closed_for_weeks = [
        closed_on(datetime.date(2026, 11, 23) + datetime.timedelta(days=n)) for n in range(10)
    ]
    far = hours.status_at(local(2026, 11, 23, 9, 0), LIBRARY, closed_for_weeks)
    with translation.override("sv"):
        assert hours.describe(far) == "Stängt – öppnar 3 december 10:00"


def test_touching_ranges_merge_into_one_opening():
    rows = weekly((0, (10, 0), (12, 0)), (0, (12, 0), (14, 0)))
    status = hours.status_at(local(2026, 11, 23, 11, 0), rows, [])
    assert status.closes_at == datetime.datetime(2026, 11, 23, 14, 0)


def test_range_past_midnight_is_open_early_next_day():
    saturday_night = local(2026, 11, 28, 0, 15)
    status = hours.status_at(saturday_night, LATE_FRIDAY, [])
    assert status.is_open
    assert hours.describe(status) == "Open now – closes 00:30"
    assert not hours.status_at(local(2026, 11, 28, 0, 30), LATE_FRIDAY, []).is_open


def test_range_past_midnight_closes_tomorrow_in_words():
    status = hours.status_at(local(2026, 11, 27, 23, 0), LATE_FRIDAY, [])
    assert status.is_open
    assert hours.describe(status) == "Open now – closes tomorrow 00:30"


def test_range_past_midnight_counts_on_the_day_it_starts():
    assert hours.ranges_on(datetime.date(2026, 11, 27), LATE_FRIDAY, []) == [(T(18), T(0, 30))]
    assert hours.ranges_on(datetime.date(2026, 11, 28), LATE_FRIDAY, []) == []
    assert hours.is_open_on(datetime.date(2026, 11, 27), LATE_FRIDAY, [])
    assert not hours.is_open_on(datetime.date(2026, 11, 28), LATE_FRIDAY, [])


def test_closed_exception_overrides_the_whole_day():
    christmas_eve = datetime.date(2026, 12, 24)  # a Thursday
    exceptions = [closed_on(christmas_eve, "Jul")]
    status = hours.status_at(local(2026, 12, 24, 11, 0), LIBRARY, exceptions)
    assert not status.is_open
    assert status.opens_at == datetime.datetime(2026, 12, 25, 10, 0)
    assert not hours.is_open_on(christmas_eve, LIBRARY, exceptions)
    assert hours.upcoming_exceptions(datetime.date(2026, 12, 1), exceptions) == [
        (christmas_eve, [], ["Jul"])
    ]


def test_extra_session_exception_replaces_weekly_ranges():
    monday = datetime.date(2026, 11, 23)
    exceptions = [extra(monday, (18, 0), (20, 0), "Kvällsöppet")]
    assert not hours.status_at(local(2026, 11, 23, 11, 0), LIBRARY, exceptions).is_open
    assert hours.status_at(local(2026, 11, 23, 19, 0), LIBRARY, exceptions).is_open
    assert hours.ranges_on(monday, LIBRARY, exceptions) == [(T(18), T(20))]
    # An extra day on an otherwise closed Sunday.
    sunday = datetime.date(2026, 11, 29)
    assert hours.is_open_on(sunday, LIBRARY, [extra(sunday, (11, 0), (13, 0))])


def test_closed_exception_on_friday_stops_the_spill_into_saturday():
    exceptions = [closed_on(datetime.date(2026, 11, 27))]
    assert not hours.status_at(local(2026, 11, 28, 0, 15), LATE_FRIDAY, exceptions).is_open


def test_spring_forward_day_uses_wall_clock_time():
    # 2026-03-29: clocks go from 02:00 to 03:00 (CET → CEST). 01:30 UTC is 03:30 local.
    sunday = weekly((6, (3, 0), (5, 0)))
    assert hours.status_at(datetime.datetime(2026, 3, 29, 1, 30, tzinfo=UTC), sunday, []).is_open
    # 00:30 UTC is 01:30 local (still CET): not yet open.
    status = hours.status_at(datetime.datetime(2026, 3, 29, 0, 30, tzinfo=UTC), sunday, [])
    assert not status.is_open
    assert status.opens_at == datetime.datetime(2026, 3, 29, 3, 0)


def test_fall_back_day_uses_wall_clock_time():
    # 2026-10-25: clocks go from 03:00 back to 02:00. 15:30 UTC is 16:30 local (CET).
    sunday = weekly((6, (10, 0), (16, 0)))
    assert not hours.status_at(
        datetime.datetime(2026, 10, 25, 15, 30, tzinfo=UTC), sunday, []
    ).is_open
    # The same UTC time a day earlier is 17:30 CEST; 14:30 UTC on the day is 15:30 local.
    assert hours.status_at(datetime.datetime(2026, 10, 25, 14, 30, tzinfo=UTC), sunday, []).is_open


def test_summer_and_winter_offsets_give_the_same_local_opening():
    rows = weekly((0, (10, 0), (11, 0)))
    summer = datetime.datetime(2026, 6, 1, 8, 30, tzinfo=UTC)  # 10:30 CEST, a Monday
    winter = datetime.datetime(2026, 1, 5, 9, 30, tzinfo=UTC)  # 10:30 CET, a Monday
    assert hours.status_at(summer, rows, []).is_open
    assert hours.status_at(winter, rows, []).is_open


def test_no_hours_at_all():
    status = hours.status_at(local(2026, 11, 23, 11, 0), [], [])
    assert not status.is_open
    assert hours.describe(status) == "Closed – no opening hours in the coming weeks"


def test_next_opening_far_away_is_given_as_a_date():
    monday = datetime.date(2026, 11, 23)
    exceptions = [closed_on(monday + datetime.timedelta(days=n)) for n in range(10)]
    status = hours.status_at(local(2026, 11, 23, 9, 0), LIBRARY, exceptions)
    assert hours.describe(status) == "Closed – opens 3 December 10:00"


def test_opening_that_runs_for_weeks_closes_when_it_really_closes():
    # Open round the clock (every day to midnight and on) until a closed day 12 days on:
    # further than the first week the status looks at.
    always = weekly(*[(d, (0, 0), (0, 0)) for d in range(7)])
    status = hours.status_at(
        local(2026, 11, 23, 9, 0), always, [closed_on(datetime.date(2026, 12, 5))]
    )
    assert status.is_open
    assert status.closes_at == datetime.datetime(2026, 12, 5, 0, 0)
    assert hours.describe(status) == "Open now – closes 5 December 00:00"


def test_summary_and_week_table():
    summary = hours.summary(local(2026, 11, 27, 9, 0), LIBRARY, [])
    assert summary.today_text == "10:00–12:00"
    assert summary.text == "Closed – opens today 10:00"
    table = hours.week_table(LIBRARY)
    assert table[0] == (0, [(T(10), T(12)), (T(13), T(16))])
    assert table[5] == (5, [])
