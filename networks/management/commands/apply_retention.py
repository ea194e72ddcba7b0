"""manage.py apply_retention: remove personal data from referrals kept long enough.

Run it daily from cron (or the task scheduler); it changes nothing twice. `--dry-run`
only counts.
"""

from django.core.management.base import BaseCommand

from networks.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Anonymise referrals closed longer ago than their network's retention period, and "
        "referrals never closed after REFERRAL_OPEN_RETENTION_DAYS."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count; change nothing.")

    def handle(self, *args, dry_run, **options):
        run = apply_retention(dry_run=dry_run)
        verb = "Would anonymise" if dry_run else "Anonymised"
        for name, (closed, open_) in run.by_network.items():
            self.stdout.write(f"{name}: {closed} closed, {open_} never closed")
        self.stdout.write(
            f"{verb} {run.closed + run.open} referrals "
            f"({run.closed} closed, {run.open} never closed)."
        )
