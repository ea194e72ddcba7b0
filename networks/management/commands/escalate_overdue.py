"""manage.py escalate_overdue: remind and escalate referrals nobody contacted in time.

Run it from cron (for example every hour on weekdays); it is safe to run again and in
parallel, and sends nothing twice (networks.escalation).
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from networks.escalation import escalate_overdue, escalate_overdue_task
from networks.tasks import enqueue_safely


class Command(BaseCommand):
    help = (
        "Remind about and escalate referrals not contacted by their network's deadline: "
        "the assignee or coordinators, then all coordinators, then the county's moderators."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            help="Count as if today were this date (YYYY-MM-DD), e.g. to check a holiday.",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the run to the task worker instead of running it here.",
        )

    def handle(self, *args, today=None, enqueue=False, **options):
        if enqueue:
            enqueue_safely(escalate_overdue_task)
            self.stdout.write("Escalation queued for the task worker.")
            return
        day = None
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError:
                message = f"--today must be a date like 2026-12-24, not {today!r}."
                raise CommandError(message) from None
        moved = escalate_overdue(day)
        if not moved:
            self.stdout.write("No referral is newly overdue.")
        for label, count in moved.items():
            self.stdout.write(f"{label}: {count}")
