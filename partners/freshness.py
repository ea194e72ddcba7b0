"""How fresh a listing is: its age, when its editors are reminded, when the public is told
it may be out of date, and the quiet "still correct" confirmation."""

import calendar
import datetime

from django.utils import timezone
from wagtail.models import PageLogEntry

from directory.models import SupportPointPage
from home import page_cache

REMIND_AFTER_MONTHS = 6
OUTDATED_AFTER_MONTHS = 12
REMIND_EVERY_MONTHS = 1
CONFIRM_ACTION = "partners.still_correct"


def months_before(day, months):
    """The same day `months` calendar months earlier (clamped to the month's last day)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def needs_reminder(last_verified, today=None):
    """Older than six months."""
    return last_verified < months_before(today or timezone.localdate(), REMIND_AFTER_MONTHS)


def may_be_outdated(last_verified, today=None):
    """Not verified for twelve months."""
    return last_verified < months_before(today or timezone.localdate(), OUTDATED_AFTER_MONTHS)


def age_in_days(last_verified, today=None):
    return ((today or timezone.localdate()) - last_verified).days


def confirm(point, user=None, today=None):
    """Set `last_verified` to today without a new revision: the page row and the latest
    revision (so a later publish keeps the date) change, nothing else; the page's history
    gets one "confirmed still correct" entry."""
    today = today or timezone.localdate()
    SupportPointPage.objects.filter(pk=point.pk).update(last_verified=today)
    point.last_verified = today
    revision = point.latest_revision
    if revision is not None and "last_verified" in revision.content:
        revision.content["last_verified"] = today.isoformat()
        revision.save(update_fields=["content"])
    PageLogEntry.objects.log_action(point, CONFIRM_ACTION, user=user)
    # The update skipped the signals: pages and result lists must drop "may be out of date".
    page_cache.invalidate()
    return today


def outdated_listings(municipalities=None, today=None):
    """Live support points not verified for twelve months, by municipality then age."""
    cutoff = months_before(today or timezone.localdate(), OUTDATED_AFTER_MONTHS)
    points = SupportPointPage.objects.live().filter(last_verified__lt=cutoff)
    if municipalities is not None:
        points = points.filter(municipality__in=municipalities)
    return points.select_related("municipality").order_by(
        "municipality__name", "last_verified", "title"
    )


def listings_of(organisation, today=None):
    """An organisation's support points (live or not) with their age and state."""
    today = today or timezone.localdate()
    return [
        {
            "point": point,
            "age_days": age_in_days(point.last_verified, today),
            "needs_reminder": needs_reminder(point.last_verified, today),
            "outdated": may_be_outdated(point.last_verified, today),
        }
        for point in SupportPointPage.objects.child_of(organisation).order_by("title")
    ]
