"""When a helper has promised to get in touch: a number of working days after a request
was made. Working days are Monday to Friday except Swedish public holidays and the eves
that are days off (midsommarafton, julafton, nyårsafton), from the holidays package."""

import datetime
from functools import lru_cache

import holidays
from django.utils import timezone

# A helper gets in touch within this many working days unless the network promises
# otherwise (Network.promise_working_days).
RESPONSE_WORKING_DAYS = 3

# Public holidays, and the eves that are days off in practice ("de facto" in holidays).
HOLIDAY_CATEGORIES = ("public", "de_facto")


@lru_cache(maxsize=32)
def days_off(year):
    """The Swedish public holidays and eves off in a year: {date: Swedish name}."""
    found = holidays.country_holidays(
        "SE", years=year, categories=HOLIDAY_CATEGORIES, language="sv"
    )
    return dict(found.items())


def is_working_day(day):
    return day.weekday() < 5 and day not in days_off(day.year)


def add_working_days(day, working_days):
    """The working day `working_days` working days after `day` (a non-working `day`
    counts from the next working day)."""
    remaining = working_days
    while remaining > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_before(day, working_days):
    """The working day `working_days` working days before `day`."""
    remaining = working_days
    while remaining > 0:
        day -= datetime.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def response_deadline(created_at, working_days=RESPONSE_WORKING_DAYS):
    """The date by which a helper gets in touch with a request made at `created_at`."""
    return add_working_days(timezone.localdate(created_at), working_days)


def deadline_of(referral):
    """The referral's own deadline (set when it was made or forwarded), else the
    default promise counted from when it was made."""
    return referral.due_on or response_deadline(referral.created_at)
