"""manage.py send_pending_notifications: retry the coordinators' emails that failed.

Run it from cron (for example every 10 minutes); it sends nothing twice.
"""

from django.core.management.base import BaseCommand

from networks.tasks import send_pending


class Command(BaseCommand):
    help = "Email the coordinators about referrals whose notification has not been sent yet."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500, help="At most this many.")

    def handle(self, *args, limit, **options):
        sent, failed = send_pending(limit=limit)
        self.stdout.write(f"Notifications sent: {sent}; still failing: {failed}.")
        if failed:
            self.stderr.write("Some notifications failed; see the log and try again later.")
