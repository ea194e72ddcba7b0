"""Keeping listings fresh: when editors are reminded, the quiet "still correct"
confirmation, and the out-of-date listings coordinators look after. (When the public is
told a listing may be out of date is the directory's rule, directory.freshness.)"""

from django.utils import timezone
from wagtail.models import PageLogEntry

from core import cache
from core.http_cache import purge_pages
from directory.freshness import (
    OUTDATED_AFTER_MONTHS,
    age_in_days,
    may_be_outdated,
    months_before,
)
from directory.listing import place_stamp
from directory.models import SupportPointPage

REMIND_AFTER_MONTHS = 6
REMIND_EVERY_MONTHS = 1
CONFIRM_ACTION = "partners.still_correct"


def needs_reminder(last_verified, today=None):
    """Older than six months."""
    return last_verified < months_before(today or timezone.localdate(), REMIND_AFTER_MONTHS)


def confirm(point, user=None, today=None):
    """Set `last_verified` to today without a new revision: the page row and the latest
    revision (so a later publish keeps the date) change, nothing else; the page's history
    gets one "confirmed still correct" entry."""
    today = today or timezone.localdate()
    SupportPointPage.originals.filter(pk=point.pk).update(last_verified=today)
    point.last_verified = today
    revision = point.latest_revision
    if revision is not None and "last_verified" in revision.content:
        revision.content["last_verified"] = today.isoformat()
        revision.save(update_fields=["content"])
    PageLogEntry.objects.log_action(point, CONFIRM_ACTION, user=user)
    # The update skipped the signals: the place's pages, its card and the map's answers must
    # drop "may be out of date".
    purge_pages([point])
    cache.changed(cache.PLACES, place_stamp(point.pk))
    return today


def outdated_listings(municipalities=None, today=None):
    """Live support points not verified for twelve months, by municipality then age."""
    cutoff = months_before(today or timezone.localdate(), OUTDATED_AFTER_MONTHS)
    points = SupportPointPage.originals.live().filter(last_verified__lt=cutoff)
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
        for point in SupportPointPage.originals.child_of(organisation).order_by("title")
    ]
