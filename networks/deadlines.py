"""When a helper has promised to get in touch: a number of working days after a request
was made."""

import datetime

from django.utils import timezone

# A helper gets in touch within this many working days (shown to the resident).
RESPONSE_WORKING_DAYS = 3


def response_deadline(created_at, working_days=RESPONSE_WORKING_DAYS):
    """The date by which a helper gets in touch: a number of working days later."""
    day = timezone.localdate(created_at)
    remaining = working_days
    while remaining:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            remaining -= 1
    return day
