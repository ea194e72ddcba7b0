"""Referrals nobody contacted in time: reminders, then escalation.

A referral still new after its deadline (`Referral.due_on`, working days that skip
Swedish holidays) is overdue:

1. the day after the deadline, whoever it is assigned to is reminded (the assigned
   place's email), or the network's coordinators when it is assigned to nobody;
2. after the network's `escalate_after_working_days` more working days, it goes to all
   the network's coordinators (and the network's own address);
3. after as many working days again, to the county's moderators.

Each step is one event in the referral's history and one email per recipient list and
run, which names references and admin links, never personal data. A referral that is
contacted, closed, forwarded (its deadline starts again) or anonymised never escalates.

`escalate_overdue()` runs from cron (`manage.py escalate_overdue`) or the task worker. It
is safe to run again and in parallel: a referral is moved to its new step under a row
lock in the same transaction that records the event and sends the email, and a run that
finds a row locked or already moved leaves it alone, so no step is sent twice. When
sending fails the transaction is rolled back and the next run tries again.
"""

import logging
from collections import Counter, defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task
from wagtail.models import Page

from core.groups import COUNTY_MODERATORS
from networks.deadlines import working_days_before
from networks.models import Escalation, Network, Referral, ReferralEvent, ReferralStatus
from networks.tasks import SEND_ERRORS, admin_url, recipients

logger = logging.getLogger(__name__)


def overdue(queryset, today=None):
    """The referrals of `queryset` not contacted by their deadline."""
    return queryset.filter(
        status=ReferralStatus.NEW,
        anonymised_at__isnull=True,
        due_on__lt=today or timezone.localdate(),
    )


def step_cutoff(network, step, today):
    """A referral of `network` reaches `step` when its deadline is before this day."""
    return working_days_before(today, (step - 1) * network.escalate_after_working_days)


def escalate_overdue(today=None):
    """Move every overdue referral to the step it has reached; {step: referrals moved}."""
    today = today or timezone.localdate()
    moved = Counter()
    # Only networks with a referral past its deadline and short of the last step: one
    # query on a partial index that holds just those referrals.
    waiting = Referral.objects.filter(
        status=ReferralStatus.NEW,
        escalation__lt=Escalation.COUNTY,
        due_on__lt=today,
        anonymised_at__isnull=True,
    )
    late = waiting.order_by().values("network_id").distinct()
    for network in Network.objects.filter(pk__in=late).order_by("pk"):
        # The last step first: a referral late enough for it skips the earlier ones.
        for step in (Escalation.COUNTY, Escalation.COORDINATORS, Escalation.REMINDED):
            try:
                moved[step] += _escalate(network, step, step_cutoff(network, step, today))
            except SEND_ERRORS as error:
                logger.warning(
                    "Escalation of %s to step %s not sent (%s); the next run tries again.",
                    network,
                    step,
                    error,
                )
    return {Escalation(step).label: count for step, count in sorted(moved.items()) if count}


@task()
def escalate_overdue_task():
    """escalate_overdue() in the task worker; returns {step: referrals moved}."""
    return {str(label): count for label, count in escalate_overdue().items()}


def _escalate(network, step, cutoff):
    with transaction.atomic():
        claimed = list(
            Referral.objects.select_for_update(skip_locked=True)
            .filter(
                network=network,
                status=ReferralStatus.NEW,
                anonymised_at__isnull=True,
                due_on__lt=cutoff,
                escalation__lt=step,
            )
            .order_by("due_on", "pk")
            .values_list("pk", "reference", "assigned_to_id")
        )
        if not claimed:
            return 0
        Referral.objects.filter(pk__in=[pk for pk, _ref, _page in claimed]).update(
            escalation=step, updated_at=timezone.now()
        )
        for to, references in _mailing(network, step, claimed).items():
            _record_and_send(network, step, list(to), references)
    return len(claimed)


def _mailing(network, step, claimed):
    """{(recipient, …): [(pk, reference), …]}: who is told about which referrals."""
    if step == Escalation.COUNTY:
        to = tuple(county_moderators()) or tuple(recipients(network))
        return {to: [(pk, ref) for pk, ref, _page in claimed]}
    coordinators = tuple(recipients(network))
    if step == Escalation.COORDINATORS:
        return {coordinators: [(pk, ref) for pk, ref, _page in claimed]}
    emails = _page_emails({page for _pk, _ref, page in claimed if page})
    mailing = defaultdict(list)
    for pk, ref, page in claimed:
        assignee = emails.get(page)
        mailing[(assignee,) if assignee else coordinators].append((pk, ref))
    return mailing


def county_moderators():
    users = (
        get_user_model()
        .objects.filter(groups__name=COUNTY_MODERATORS, is_active=True)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def _page_emails(page_ids):
    """{page id: its email} of the assigned places that have one."""
    if not page_ids:
        return {}
    pages = Page.objects.filter(pk__in=page_ids).specific()
    return {page.pk: page.email for page in pages if getattr(page, "email", "")}


def _record_and_send(network, step, to, references):
    label = Escalation(step).label
    # Each referral's link: its pk in place of the 0 (one reverse() for all of them).
    before, after = admin_url(Referral(pk=0)).rsplit("/0/", 1)
    with translation.override(settings.LANGUAGE_CODE):
        ReferralEvent.objects.bulk_create(
            ReferralEvent(
                referral_id=pk,
                kind=ReferralEvent.Kind.ESCALATED,
                to_value=str(label)[:200],
                note=", ".join(to)[:1000] if to else "",
            )
            for pk, _ref in references
        )
        if not to:
            logger.warning(
                "Nobody to tell about %d overdue referrals of %s.", len(references), network
            )
            return
        context = {
            "network": network,
            "step": step,
            "steps": Escalation,
            "referrals": [(ref, f"{before}/{pk}/{after}") for pk, ref in references],
        }
        subject = render_to_string("networks/emails/overdue_subject.txt", context)
        body = render_to_string("networks/emails/overdue.txt", context)
    send_mail(" ".join(subject.split()), body, None, to)
