"""Monthly reminders to organisations' editors about listings older than six months.

One email per editor, at most once a month per organisation; an organisation whose mail
failed is tried again on the next run. Run by `manage.py send_verification_reminders`.
"""

import datetime
import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from wagtail.users.models import UserProfile

from directory.models import OrganisationPage, SupportPointPage
from partners import access, freshness, links, roles
from partners.models import EditorGroup

logger = logging.getLogger(__name__)
SEND_ERRORS = (smtplib.SMTPException, OSError)


@dataclass
class ReminderReport:
    emails: int = 0
    organisations: list = field(default_factory=list)
    recently_reminded: int = 0
    without_editors: list = field(default_factory=list)
    failed: list = field(default_factory=list)


def due_listings(today):
    """{organisation: [support points older than six months]} for live listings."""
    cutoff = freshness.months_before(today, freshness.REMIND_AFTER_MONTHS)
    points = SupportPointPage.originals.live().filter(last_verified__lt=cutoff).order_by("title")
    by_parent = defaultdict(list)
    for point in points:
        by_parent[point.path[: -SupportPointPage.steplen]].append(point)
    organisations = OrganisationPage.originals.filter(path__in=by_parent).order_by("title")
    return {organisation: by_parent[organisation.path] for organisation in organisations}


def reminded_recently(link, today):
    if link.reminded_at is None:
        return False
    reminded_on = timezone.localtime(link.reminded_at).date()
    return reminded_on > freshness.months_before(today, freshness.REMIND_EVERY_MONTHS)


def send_reminders(now=None):
    now = now or timezone.now()
    today = timezone.localdate(now)
    report = ReminderReport()
    for organisation, points in due_listings(today).items():
        # Only the group is needed here; the workflow is ensured on migrate and on save.
        access.sync_organisation(organisation, with_workflow=False)
        link = EditorGroup.objects.get(organisation=organisation)
        if reminded_recently(link, today):
            report.recently_reminded += 1
            continue
        recipients = [user for user in roles.editors(organisation) if user.email]
        if not recipients:
            report.without_editors.append(organisation)
            continue
        try:
            for user in recipients:
                _send(user, organisation, points, today)
                report.emails += 1
        except SEND_ERRORS as error:
            logger.warning("Reminder to %s's editors failed: %s", organisation, error)
            report.failed.append(organisation)
            continue
        EditorGroup.objects.filter(pk=link.pk).update(reminded_at=now)
        report.organisations.append(organisation)
    return report


def _send(user, organisation, points, today):
    # Their own choice of admin language, else the site's (not whatever is active).
    language = UserProfile.get_for_user(user).preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "user": user,
            "organisation": organisation,
            "listings": [
                {
                    "point": point,
                    "age_days": freshness.age_in_days(point.last_verified, today),
                    "edit_url": links.admin_url("wagtailadmin_pages:edit", point.pk),
                }
                for point in points
            ],
            "confirm_url": links.confirm_url(organisation),
            "valid_until": today + datetime.timedelta(days=links.max_age_days()),
            "dashboard_url": links.admin_url("wagtailadmin_home"),
        }
        subject = render_to_string("partners/emails/reminder_subject.txt", context)
        body = render_to_string("partners/emails/reminder.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])
