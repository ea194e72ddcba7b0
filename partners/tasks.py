"""Background work of the partners app (django-tasks): telling the people who keep a
listing true that a resident reported something wrong in it."""

from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from directory.models import InformationReport, OrganisationPage
from networks.models import Network
from partners import roles


def report_recipients(report):
    """The organisation's contact email, its editors, and the coordinators of every
    network serving the support point's municipality (networks' own addresses when they
    have none)."""
    point = report.page
    recipients = []
    organisation = OrganisationPage.originals.parent_of(point).first()
    if organisation:
        if organisation.email:
            recipients.append(organisation.email)
        recipients.extend(user.email for user in roles.editors(organisation) if user.email)
    for network in Network.objects.filter(municipalities=point.municipality_id).prefetch_related(
        "coordinators"
    ):
        emails = [user.email for user in network.coordinators.all() if user.email]
        recipients.extend(emails or ([network.email] if network.email else []))
    return sorted(set(recipients))


@task()
def notify_information_report(report_id):
    """Email the people who can correct a support point about a report on it."""
    report = InformationReport.objects.select_related("page").get(pk=report_id)
    recipients = report_recipients(report)
    if not recipients:
        return 0
    body = _(
        "Someone reported wrong information about %(place)s:\n\n%(message)s\n\n"
        "Contact (optional): %(contact)s\n\nMark the report handled in the admin."
    ) % {"place": report.page.title, "message": report.message, "contact": report.contact or "–"}
    sent = send_mail(
        _("Wrong information reported: %(place)s") % {"place": report.page.title},
        body,
        None,
        recipients,
    )
    InformationReport.objects.filter(pk=report.pk).update(notified=timezone.now())
    return sent
