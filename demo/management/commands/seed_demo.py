"""manage.py seed_demo: the demo page tree, networks, directory and users (idempotent), and
with DEBUG on a year of made-up referrals."""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import referrals as demo_referrals
from demo import site as demo
from figures import rollup
from networks.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Create the demo site: pages, 13 networks, a demo directory and demo users, and "
        "with DEBUG on a year of made-up referrals."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load the demo site only when the directory has no support points (the "
            "county's postal codes and boundaries are still loaded where missing, and the "
            "demo referrals added when DEBUG is on and there are none yet).",
        )
        parser.add_argument(
            "--force-users",
            action="store_true",
            help="Create the demo users even when DEBUG is off (never on a real site).",
        )
        parser.add_argument("--no-users", action="store_true", help="Create no users.")
        parser.add_argument(
            "--no-referrals", action="store_true", help="Create no demo referrals."
        )

    def handle(
        self,
        *args,
        if_empty=False,
        force_users=False,
        no_users=False,
        no_referrals=False,
        **options,
    ):
        if if_empty and not demo.database_is_empty():
            self.stdout.write("The database already has data; demo data not loaded.")
            # A database made before the routing data shipped gets what it lacks (postal
            # codes into an empty table, areas for networks without one), so that `make
            # run` routes postal codes there too.
            self.stdout.write(demo.load_routing_data().summary())
        else:
            self._seed_site(create_users=not no_users, force_users=force_users)
        if not no_referrals:
            self._seed_referrals()
        run = rollup.update()
        self.stdout.write(f"Statistics counted: {run.referrals} referrals.")

    def _seed_site(self, *, create_users, force_users):
        if create_users and not settings.DEBUG and not force_users:
            raise CommandError(
                "Refusing to create demo users with known passwords while DEBUG is off; "
                "use --no-users, or --force-users if this is not a real site."
            )
        # One line per created page is noise here; the summary below says what happened.
        logging.getLogger("wagtail").setLevel(logging.WARNING)
        report = demo.seed(create_users=create_users)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {report.networks} new networks, {report.organisations} new "
                f"organisations, {report.support_points} new support points."
            )
        )
        self.stdout.write(report.routing.summary())
        for username, password, role in report.users:
            self.stdout.write(f"  {role}: {username} / {password}")

    def _seed_referrals(self):
        # Made-up referrals would mix with real people's requests and statistics: only on
        # a development site.
        if not settings.DEBUG:
            self.stdout.write("Demo referrals skipped: DEBUG is off.")
            return
        if demo_referrals.exist():
            self.stdout.write("Demo referrals exist already; none created.")
            return
        created = demo_referrals.seed_year()
        self.stdout.write(self.style.SUCCESS(f"{created} demo referrals (made up) created."))
        # As the nightly job would: the oldest closed ones lose their personal data.
        retention = apply_retention()
        self.stdout.write(f"Retention applied to {retention.closed + retention.open} of them.")
