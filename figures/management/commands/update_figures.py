"""manage.py update_figures: count the statistics again (daily, from cron or the worker)."""

from django.core.management.base import BaseCommand

from figures import rollup


class Command(BaseCommand):
    help = "Count the statistics' figures again from the referrals and the directory."

    def handle(self, *args, **options):
        run = rollup.update()
        self.stdout.write(
            f"Figures counted: {run.referrals} referrals, {run.support_points} support "
            f"points, in {run.seconds:.1f} s."
        )
