"""The life of a referral: creating one (idempotently), who may see it, and every change a
coordinator makes to it, each recorded in its history under optimistic locking.

Views call these functions; they hold no HTTP logic and no form logic.
"""

import datetime
import logging
import re
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from core import languages
from networks import deadlines, tasks
from networks.models import (
    CLOSED_STATUSES,
    Escalation,
    Network,
    Referral,
    ReferralEvent,
    ReferralSource,
    ReferralStatus,
)

logger = logging.getLogger(__name__)

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: easy to read aloud and to type from a printout.
REFERENCE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
REFERENCE_PREFIX = "DH"
REFERENCE_GROUPS = (4, 3)
# Draws of a new reference before giving up (25**7 of them: a repeat is very rare).
REFERENCE_ATTEMPTS = 5


class StaleReferral(Exception):
    """The referral changed after the coordinator loaded it; nothing was saved."""


class AnonymisedReferral(Exception):
    """The referral's personal data was removed; it can no longer be changed."""


def new_reference():
    """A short, non-guessable reference like DH-4K7P-2QX (25**7 ≈ 6·10⁹ possibilities)."""
    groups = [
        "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(length))
        for length in REFERENCE_GROUPS
    ]
    return "-".join([REFERENCE_PREFIX, *groups])


def normalise_reference(text):
    """What a coordinator typed ("dh 4k7p 2qx") in the stored form ("DH-4K7P-2QX")."""
    compact = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    if compact.startswith(REFERENCE_PREFIX):
        compact = compact[len(REFERENCE_PREFIX) :]
    if not compact:
        return ""
    parts, start = [REFERENCE_PREFIX], 0
    for length in REFERENCE_GROUPS:
        if start < len(compact):
            parts.append(compact[start : start + length])
        start += length
    return "-".join(parts)


SUBMISSION_TOKEN_RE = re.compile(r"^[0-9a-f]{32}$")


def new_submission_token():
    return secrets.token_hex(16)


def valid_submission_token(token):
    """The token when it is one we could have issued, else a fresh one."""
    return token if SUBMISSION_TOKEN_RE.match(token or "") else new_submission_token()


# --- Who sees what ---------------------------------------------------------------------


def coordinated_networks(user):
    if not user.is_authenticated:
        return Network.objects.none()
    if user.is_superuser:
        return Network.objects.all()
    return user.coordinated_networks.all()


def can_handle_referrals(user):
    """Superusers and coordinators of at least one network."""
    return user.is_authenticated and (user.is_superuser or user.coordinated_networks.exists())


def visible_referrals(user):
    """The referrals this user may see: those routed to a network they coordinate."""
    if not user.is_authenticated:
        return Referral.objects.none()
    if user.is_superuser:
        return Referral.objects.all()
    return Referral.objects.filter(network__coordinators=user)


# --- Creating --------------------------------------------------------------------------


def find_by_submission_token(token):
    if not SUBMISSION_TOKEN_RE.match(token or ""):
        return None
    return Referral.objects.filter(submission_token=token).first()


def create_referral(data, decision, *, submission_token, source=ReferralSource.WEB, user=None):
    """Store a referral from cleaned form data and a routing decision.

    Returns (referral, created). A second call with the same submission token returns the
    first referral and created=False, also when two requests race (double click).

    The row is inserted straight away: the unique submission token and reference catch
    the rare repeat, which then costs a lookup, instead of every referral costing two.
    """
    for attempt in range(REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                referral = _insert(data, decision, submission_token, source, user)
        except IntegrityError:
            existing = find_by_submission_token(submission_token)
            if existing is not None:
                return existing, False
            if attempt == REFERENCE_ATTEMPTS - 1:
                raise
            # The random reference was taken already: draw another.
        else:
            break
    transaction.on_commit(lambda: _after_create(referral.pk))
    return referral, True


def _insert(data, decision, submission_token, source, user):
    referral = Referral.objects.create(
        reference=new_reference(),
        submission_token=submission_token,
        source=source,
        for_whom=data["for_whom"],
        message=data.get("message", ""),
        language=data["language"],
        needs_interpreter=data.get("needs_interpreter", False),
        made_in_language=languages.supported(translation.get_language(), settings.LANGUAGE_CODE),
        accessibility_needs=list(data.get("accessibility_needs") or []),
        accessibility_other=data.get("accessibility_other", ""),
        contact_method=data["contact_method"],
        contact_times=list(data.get("contact_times") or []),
        name=data["name"],
        phone=data.get("phone", ""),
        email=data.get("email", ""),
        municipality=decision.municipality or data.get("municipality"),
        postal_code=data.get("postal_code", ""),
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        age_band=data.get("age_band", ""),
        gender=data.get("gender", ""),
        consent=bool(data.get("consent")),
        consent_at=timezone.now() if data.get("consent") else None,
        network=decision.network,
        routing_rule=str(decision.rule)[:40],
        routing_explanation=_explanation(decision)[:500],
        distance_km=decision.distance_km,
        due_on=deadlines.response_deadline(timezone.now(), decision.network.promise_working_days),
        created_by=user,
    )
    # add(), not set(): a new referral has no topics to read and compare first.
    referral.topics.add(*(data.get("topics") or []))
    ReferralEvent.objects.create(
        referral=referral,
        user=user,
        kind=ReferralEvent.Kind.CREATED,
        to_value=decision.network.name[:200],
        note=_explanation(decision)[:1000],
    )
    return referral


def _explanation(decision):
    """The explanation coordinators read (Swedish, the working language)."""
    return getattr(decision, "explanation_sv", "") or str(getattr(decision, "explanation", ""))


def _after_create(referral_pk):
    tasks.enqueue_safely(tasks.notify_network, referral_pk)
    tasks.enqueue_safely(tasks.send_confirmation, referral_pk)


# --- Changing --------------------------------------------------------------------------


def _change(referral_pk, version, user):
    """Lock the referral for a change; StaleReferral when it moved on since `version`."""
    referral = Referral.objects.select_for_update().get(pk=referral_pk)
    if referral.anonymised_at is not None:
        raise AnonymisedReferral(referral.reference)
    if referral.version != version:
        raise StaleReferral(referral.reference)
    referral.version += 1
    return referral


def _event(referral, user, kind, from_value="", to_value="", note=""):
    return ReferralEvent.objects.create(
        referral=referral,
        user=user,
        kind=kind,
        from_value=str(from_value)[:200],
        to_value=str(to_value)[:200],
        note=note or "",
    )


@transaction.atomic
def change_status(referral, version, user, status, note=""):
    referral = _change(referral.pk, version, user)
    old = referral.get_status_display()
    was_closed = referral.status in CLOSED_STATUSES
    referral.status = status
    if status in CLOSED_STATUSES and not was_closed:
        referral.closed_at = timezone.now()  # the retention period starts
    elif status not in CLOSED_STATUSES:
        referral.closed_at = None
    referral.save(update_fields=["status", "closed_at", "version", "updated_at"])
    _event(referral, user, ReferralEvent.Kind.STATUS, old, referral.get_status_display(), note)
    return referral


@transaction.atomic
def assign(referral, version, user, page, note=""):
    referral = _change(referral.pk, version, user)
    old = referral.assigned_to.title if referral.assigned_to else ""
    referral.assigned_to = page
    referral.save(update_fields=["assigned_to", "version", "updated_at"])
    _event(referral, user, ReferralEvent.Kind.ASSIGNED, old, page.title if page else "", note)
    return referral


@transaction.atomic
def add_note(referral, version, user, note):
    referral = _change(referral.pk, version, user)
    referral.save(update_fields=["version", "updated_at"])
    _event(referral, user, ReferralEvent.Kind.NOTE, note=note)
    return referral


# What a coordinator completes on the phone for a call-me referral (the questions the
# short form skipped), besides the help topics.
DETAIL_FIELDS = (
    "for_whom",
    "message",
    "language",
    "needs_interpreter",
    "accessibility_needs",
    "accessibility_other",
    "contact_times",
    "age_band",
    "gender",
)


@transaction.atomic
def complete_details(referral, version, user, details):
    """Store the answers a coordinator asked on the phone: `details` holds DETAIL_FIELDS
    and "topics" (cleaned form data). The event names the questions whose answers
    changed, never the answers."""
    referral = _change(referral.pk, version, user)
    changed = []
    for name in DETAIL_FIELDS:
        value = details[name]
        if isinstance(value, (list, tuple)):
            value = list(value)
        if getattr(referral, name) != value:
            setattr(referral, name, value)
            changed.append(name)
    topics = set(details["topics"])
    if set(referral.topics.all()) != topics:
        referral.topics.set(topics)
        changed.append("topics")
    referral.save(update_fields=[*DETAIL_FIELDS, "version", "updated_at"])
    names = [str(Referral._meta.get_field(name).verbose_name) for name in changed]
    _event(referral, user, ReferralEvent.Kind.COMPLETED, to_value=", ".join(names))
    return referral


@transaction.atomic
def forward(referral, version, user, network, reason):
    """Hand the referral to another network: it leaves the first network's queue, is new
    again for the receiving network, and that network's coordinators are notified."""
    referral = _change(referral.pk, version, user)
    old = referral.network.name
    referral.network = network
    referral.status = ReferralStatus.NEW
    referral.closed_at = None
    referral.assigned_to = None
    referral.routing_rule = "forwarded"
    referral.notified_at = None
    referral.notification_attempts = 0
    # The receiving network's promise counts from now; nothing is overdue there yet.
    referral.due_on = deadlines.response_deadline(timezone.now(), network.promise_working_days)
    referral.escalation = Escalation.NONE
    referral.save()
    _event(referral, user, ReferralEvent.Kind.FORWARDED, old, network.name, reason)
    transaction.on_commit(lambda: _after_forward(referral.pk))
    return referral


def _after_forward(referral_pk):
    from networks import tasks

    tasks.enqueue_safely(tasks.notify_network, referral_pk)


def record_access(referral, user, kind=ReferralEvent.Kind.VIEWED, quiet_minutes=10):
    """Log that a user saw (or exported) the referral; repeated views by the same person
    within a few minutes are one entry."""
    since = timezone.now() - datetime.timedelta(minutes=quiet_minutes)
    recent = ReferralEvent.objects.filter(referral=referral, user=user, kind=kind, at__gte=since)
    if not recent.exists():
        _event(referral, user, kind)


def record_export(referrals, user):
    ReferralEvent.objects.bulk_create(
        [ReferralEvent(referral=r, user=user, kind=ReferralEvent.Kind.EXPORTED) for r in referrals]
    )
