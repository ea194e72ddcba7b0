"""Background tasks for referrals: telling the network's coordinators that a referral has
arrived, and confirming it to the resident.

The coordinators' email carries the reference and a link into the admin, never personal
data. A failed send leaves `notified_at` empty so `manage.py send_pending_notifications`
can retry it; the referral itself is always stored first.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from networks.deadlines import deadline_of
from networks.models import Referral, ReferralEvent

logger = logging.getLogger(__name__)

SEND_ERRORS = (smtplib.SMTPException, OSError)


def enqueue_safely(task_, *args):
    """Enqueue without letting a broken queue undo or hide a stored referral."""
    try:
        task_.enqueue(*args)
    except Exception:
        logger.exception("Could not enqueue %s%r; it will be retried.", task_.name, args)


def admin_url(referral):
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base + reverse("networks_referrals:inspect", args=[referral.pk])


def recipients(network):
    addresses = [user.email for user in network.coordinators.filter(is_active=True) if user.email]
    if network.email:
        addresses.append(network.email)
    return sorted(set(addresses))


@task()
def notify_network(referral_pk):
    """Email the routed network's coordinators. Returns True when sent."""
    referral = Referral.objects.select_related("network").filter(pk=referral_pk).first()
    if referral is None or referral.notified_at:
        return False
    network = referral.network
    to = recipients(network)
    if not to:
        logger.warning("Network %s has no coordinator email; %s not notified.", network, referral)
        return _failed(referral, "no recipients")
    with translation.override(settings.LANGUAGE_CODE):
        context = {"referral": referral, "network": network, "url": admin_url(referral)}
        subject = render_to_string("networks/emails/new_referral_subject.txt", context)
        body = render_to_string("networks/emails/new_referral.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, to)
    except SEND_ERRORS as error:
        logger.warning("Sending the notification for %s failed: %s", referral, error)
        return _failed(referral, str(error) or error.__class__.__name__)
    Referral.objects.filter(pk=referral.pk).update(
        notified_at=timezone.now(),
        notification_attempts=F("notification_attempts") + 1,
        notification_error="",
    )
    ReferralEvent.objects.create(
        referral=referral, kind=ReferralEvent.Kind.NOTIFIED, to_value=", ".join(to)[:200]
    )
    return True


def _failed(referral, reason):
    Referral.objects.filter(pk=referral.pk).update(
        notification_attempts=F("notification_attempts") + 1,
        notification_error=reason[:300],
    )
    ReferralEvent.objects.create(
        referral=referral, kind=ReferralEvent.Kind.NOTIFY_FAILED, note=reason[:1000]
    )
    return False


@task()
def send_confirmation(referral_pk, language=None):
    """Confirm the referral to the resident, when they gave an email address, in the
    language they made it in (`language`: from tasks queued before that was stored)."""
    referral = Referral.objects.select_related("network").filter(pk=referral_pk).first()
    if referral is None or not referral.email:
        return False
    with translation.override(language or referral.made_in_language):
        context = {"referral": referral, "deadline": deadline_of(referral)}
        subject = render_to_string("networks/emails/confirmation_subject.txt", context)
        body = render_to_string("networks/emails/confirmation.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [referral.email])
    except SEND_ERRORS as error:
        logger.warning("Sending the confirmation for %s failed: %s", referral, error)
        return False
    return True


def send_pending(limit=500):
    """Retry the coordinators' notifications not sent yet; returns (sent, failed)."""
    sent = failed = 0
    pending = Referral.objects.filter(notified_at__isnull=True).order_by("created_at")
    for pk in pending.values_list("pk", flat=True)[:limit]:
        if notify_network.call(pk):
            sent += 1
        else:
            failed += 1
    return sent, failed
