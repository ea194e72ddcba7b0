"""Removing personal data from referrals: automatically when a network's retention period
has passed (`manage.py apply_retention`), or at once when a person asks for erasure.

Anonymising clears everything that could identify or describe the person and keeps what
the statistics need: status, source, for whom, help topics, language, municipality,
network, age band, gender, routing rule, assignment and the dates. The referral's history
keeps who did what and when, without the free-text notes. Accessibility needs are health
information and go, but are first added to the aggregate counts the statistics read
(AnonymisedNeedCount), so that the figures stay the same after retention.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from networks.models import (
    CLOSED_STATUSES,
    AnonymisedNeedCount,
    Network,
    Referral,
    ReferralEvent,
)

logger = logging.getLogger("networks.retention")

# Field → the value it gets. Everything else on Referral is statistical and stays.
CLEARED_FIELDS = {
    "name": "",
    "phone": "",
    "email": "",
    "message": "",
    "accessibility_needs": [],
    "accessibility_other": "",
    "contact_times": [],
    "postal_code": "",
    "latitude": None,
    "longitude": None,
    "distance_km": None,
    "routing_explanation": "",
    "notification_error": "",
}
# History entries whose from/to values may name people (coordinators' addresses).
EVENTS_WITH_ADDRESSES = (ReferralEvent.Kind.NOTIFIED, ReferralEvent.Kind.NOTIFY_FAILED)
# Never-closed referrals are kept this long (setting REFERRAL_OPEN_RETENTION_DAYS).
OPEN_RETENTION_DAYS = 365


def open_retention_days():
    return getattr(settings, "REFERRAL_OPEN_RETENTION_DAYS", OPEN_RETENTION_DAYS)


def anonymise(referral_pk, *, kind, note="", user=None, now=None):
    """Remove the personal data of one referral; False when it was already removed."""
    now = now or timezone.now()
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral_pk)
        if referral.anonymised_at is not None:
            return False
        count_needs(referral)
        for name, value in CLEARED_FIELDS.items():
            setattr(referral, name, value)
        referral.anonymised_at = now
        referral.version += 1
        referral.save()
        referral.events.update(note="")
        referral.events.filter(kind__in=EVENTS_WITH_ADDRESSES).update(from_value="", to_value="")
        ReferralEvent.objects.create(referral=referral, user=user, kind=kind, note=note)
    return True


def count_needs(referral):
    """Add the referral's accessibility needs to the aggregate counts, for all topics and
    for each of its topics (within the caller's transaction)."""
    needs = [need for need in referral.accessibility_needs or [] if isinstance(need, str)]
    if not needs:
        return
    created = timezone.localtime(referral.created_at).date()
    key = {
        "month": created.replace(day=1),
        "network_id": referral.network_id,
        "municipality_id": referral.municipality_id,
    }
    for topic_id in [None, *referral.topics.values_list("pk", flat=True)]:
        for need in needs:
            found = AnonymisedNeedCount.objects.filter(**key, topic_id=topic_id, need=need)
            if not found.update(count=F("count") + 1):
                AnonymisedNeedCount.objects.create(**key, topic_id=topic_id, need=need, count=1)


def due_closed(network, now):
    """The network's closed referrals whose retention period has passed."""
    cutoff = now - datetime.timedelta(days=network.retention_days)
    return Referral.objects.filter(
        Q(closed_at__lte=cutoff) | Q(closed_at__isnull=True, updated_at__lte=cutoff),
        network=network,
        status__in=CLOSED_STATUSES,
        anonymised_at__isnull=True,
    )


def open_days(network):
    """Never-closed referrals are kept at least as long as closed ones."""
    return max(open_retention_days(), network.retention_days)


def due_open(network, now):
    """The network's referrals never closed, created longer ago than the open period."""
    cutoff = now - datetime.timedelta(days=open_days(network))
    return Referral.objects.filter(
        network=network, created_at__lte=cutoff, anonymised_at__isnull=True
    ).exclude(status__in=CLOSED_STATUSES)


@dataclass
class RetentionRun:
    dry_run: bool
    by_network: dict = field(default_factory=dict)  # network name → (closed, open)

    @property
    def closed(self):
        return sum(closed for closed, _open in self.by_network.values())

    @property
    def open(self):
        return sum(open_ for _closed, open_ in self.by_network.values())


def _note(template, days):
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(template) % {"days": days}


def apply_retention(*, now=None, dry_run=False):
    """Anonymise every referral whose period has passed; safe to run again at any time."""
    now = now or timezone.now()
    run = RetentionRun(dry_run=dry_run)
    for network in Network.objects.order_by("name"):
        closed_ids = list(due_closed(network, now).values_list("pk", flat=True))
        open_ids = list(due_open(network, now).values_list("pk", flat=True))
        if not dry_run:
            closed_note = _note(
                gettext_noop("Removed automatically %(days)d days after the referral was closed."),
                network.retention_days,
            )
            open_note = _note(
                gettext_noop(
                    "Removed automatically %(days)d days after the referral was made; it was "
                    "never closed."
                ),
                open_days(network),
            )
            closed_ids = [
                pk
                for pk in closed_ids
                if anonymise(pk, kind=ReferralEvent.Kind.ANONYMISED, note=closed_note, now=now)
            ]
            open_ids = [
                pk
                for pk in open_ids
                if anonymise(pk, kind=ReferralEvent.Kind.ANONYMISED, note=open_note, now=now)
            ]
        if closed_ids or open_ids:
            run.by_network[network.name] = (len(closed_ids), len(open_ids))
    logger.info(
        "apply_retention dry_run=%s anonymised_closed=%d anonymised_open=%d networks=%d",
        dry_run,
        run.closed,
        run.open,
        len(run.by_network),
    )
    return run
