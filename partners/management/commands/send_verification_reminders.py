"""manage.py send_verification_reminders: email organisations' editors about listings
that have not been confirmed for six months (at most once a month per organisation).

Run it daily from cron (or the scheduler of your platform); running it again the same
day sends nothing new.
"""

from django.core.management.base import BaseCommand

from partners.reminders import send_reminders


class Command(BaseCommand):
    help = "Remind organisations' editors to confirm listings older than six months."

    def handle(self, *args, **options):
        report = send_reminders()
        self.stdout.write(
            f"Reminders sent: {report.emails} email(s) to the editors of "
            f"{len(report.organisations)} organisation(s); "
            f"{report.recently_reminded} reminded within the last month."
        )
        for organisation in report.without_editors:
            self.stdout.write(f"  No editor with an email address: {organisation.title}")
        if report.failed:
            names = ", ".join(organisation.title for organisation in report.failed)
            self.stderr.write(f"Sending failed for: {names}. They are retried on the next run.")
