"""How old a listing's information is allowed to get: a place its organisation has not
confirmed for OUTDATED_AFTER_MONTHS is shown as "may be out of date" to the public."""

import calendar
import datetime

from django.utils import timezone

OUTDATED_AFTER_MONTHS = 12


def months_before(day, months):
    """The same day `months` calendar months earlier (clamped to the month's last day)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def may_be_outdated(last_verified, today=None):
    """Not verified for twelve months."""
    return last_verified < months_before(today or timezone.localdate(), OUTDATED_AFTER_MONTHS)


def age_in_days(last_verified, today=None):
    return ((today or timezone.localdate()) - last_verified).days
