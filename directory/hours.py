"""Opening hours as pure functions: weekly rows plus dated exceptions, Europe/Stockholm.

A weekly row has `weekday` (0 = Monday), `opens` and `closes`; `closes <= opens` means the
range runs past midnight into the next day (Friday 18:00–00:30 covers Saturday 00:15).
An exception has `date`, `closed`, `opens`, `closes` (and `note`); any exception on a date
replaces that date's weekly rows entirely (closed, or only its own ranges).

Times are wall-clock times in Stockholm, so a range 10:00–16:00 is open from 10:00 to 16:00
local time on every day, including the days the clocks change. Rows are plain objects
(model instances or anything with the same attributes); nothing here touches the database.
"""

import datetime
from collections import namedtuple
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from core.day_names import in_sentence

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# How far ahead "opens next" looks (a long renovation closure ends the search).
LOOKAHEAD_DAYS = 31
# …but first only this far, which is enough for nearly every place.
NEAR_DAYS = 8


# Rows as loaded for a result list (no model instances).
WeeklyRow = namedtuple("WeeklyRow", "weekday opens closes")
ExceptionRow = namedtuple("ExceptionRow", "date closed opens closes note")


@dataclass(frozen=True)
class Status:
    is_open: bool
    # Local wall-clock datetimes (naive): when the current opening ends, or the next begins.
    closes_at: datetime.datetime | None = None
    opens_at: datetime.datetime | None = None
    local_now: datetime.datetime | None = None


def local_wall_time(moment):
    """A datetime → naive wall-clock time in Stockholm (naive input is taken as local)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(STOCKHOLM)
    return moment.replace(tzinfo=None)


def ranges_on(day, weekly, exceptions):
    """The (opens, closes) ranges that start on `day`, sorted; exceptions win."""
    dated = [e for e in exceptions if e.date == day]
    if dated:
        rows = [e for e in dated if not e.closed and e.opens is not None and e.closes is not None]
    else:
        rows = [r for r in weekly if r.weekday == day.weekday()]
    return sorted((r.opens, r.closes) for r in rows)


def exception_notes(day, exceptions):
    """Notes of the exceptions on `day` ("Christmas Eve")."""
    return [e.note for e in exceptions if e.date == day and e.note]


def is_open_on(day, weekly, exceptions):
    """Does any opening start on this date?"""
    return bool(ranges_on(day, weekly, exceptions))


def _intervals(first_day, last_day, weekly, exceptions):
    """Naive local (start, end) intervals of the ranges starting first_day..last_day,
    sorted, with touching or overlapping intervals merged (12:00–13:00 + 13:00–16:00)."""
    intervals = []
    day = first_day
    while day <= last_day:
        for opens, closes in ranges_on(day, weekly, exceptions):
            start = datetime.datetime.combine(day, opens)
            end_day = day if closes > opens else day + datetime.timedelta(days=1)
            intervals.append((start, datetime.datetime.combine(end_day, closes)))
        day += datetime.timedelta(days=1)
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def status_at(moment, weekly, exceptions):
    """Is the place open at `moment` (aware, or naive Stockholm time)? When does it close,
    or when does it open next (within LOOKAHEAD_DAYS)?"""
    now = local_wall_time(moment)
    today = now.date()
    weekly, exceptions = list(weekly), list(exceptions)
    # Most places open within a week: look that far first, then as far as LOOKAHEAD_DAYS
    # when nothing opens, or when an opening runs on to the end of the week looked at.
    for days in (NEAR_DAYS, LOOKAHEAD_DAYS):
        last_day = today + datetime.timedelta(days=days)
        status = _status_in(now, _intervals(today - datetime.timedelta(days=1), last_day,
                                            weekly, exceptions))  # fmt: skip
        horizon = datetime.datetime.combine(last_day, datetime.time())
        if status.opens_at is not None or (status.is_open and status.closes_at < horizon):
            return status
    return status


def _status_in(now, intervals):
    for start, end in intervals:
        if start <= now < end:
            return Status(True, closes_at=end, local_now=now)
        if start > now:
            return Status(False, opens_at=start, local_now=now)
    return Status(False, local_now=now)


def format_time(value):
    return f"{value:%H:%M}"


def format_ranges(ranges):
    """[(10:00, 12:00), (13:00, 16:00)] → "10:00–12:00, 13:00–16:00"."""
    return ", ".join(f"{format_time(o)}–{format_time(c)}" for o, c in ranges)


def _day_words(moment, today):
    """ "today", "tomorrow", a weekday name within a week, else a date."""
    days = (moment.date() - today).days
    if days == 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    if days < 7:
        return in_sentence(moment, "l")
    return in_sentence(moment, "j F")


def describe(status):
    """The status in words: "Open now – closes 16:00", "Closed – opens tomorrow 10:00"."""
    if status.is_open:
        if status.closes_at.date() == status.local_now.date():
            return _("Open now – closes %(time)s") % {"time": format_time(status.closes_at)}
        return _("Open now – closes %(day)s %(time)s") % {
            "day": _day_words(status.closes_at, status.local_now.date()),
            "time": format_time(status.closes_at),
        }
    if status.opens_at is None:
        return _("Closed – no opening hours in the coming weeks")
    return _("Closed – opens %(day)s %(time)s") % {
        "day": _day_words(status.opens_at, status.local_now.date()),
        "time": format_time(status.opens_at),
    }


@dataclass(frozen=True)
class HoursSummary:
    """What a listing shows about a place's hours at one moment."""

    status: Status
    today: list

    @property
    def is_open(self):
        return self.status.is_open

    @property
    def text(self):
        return describe(self.status)

    @property
    def today_text(self):
        return format_ranges(self.today)


def summary(moment, weekly, exceptions):
    weekly, exceptions = list(weekly), list(exceptions)
    status = status_at(moment, weekly, exceptions)
    return HoursSummary(status, ranges_on(status.local_now.date(), weekly, exceptions))


def week_table(weekly):
    """The regular week, Monday first: [(weekday, [(opens, closes), …]), …]."""
    return [
        (weekday, sorted((r.opens, r.closes) for r in weekly if r.weekday == weekday))
        for weekday in range(7)
    ]


def upcoming_exceptions(today, exceptions, days=60):
    """Exception dates from today within `days`: [(date, ranges, notes), …]."""
    end = today + datetime.timedelta(days=days)
    dates = sorted({e.date for e in exceptions if today <= e.date <= end})
    return [(d, ranges_on(d, [], exceptions), exception_notes(d, exceptions)) for d in dates]
