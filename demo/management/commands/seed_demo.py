"""manage.py seed_demo: the demo page tree, networks, directory and users (idempotent)."""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import site as demo


class Command(BaseCommand):
    help = "Create the demo site: pages, 13 networks, a demo directory and demo users."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the directory already has support points.",
        )
        parser.add_argument(
            "--force-users",
            action="store_true",
            help="Create the demo users even when DEBUG is off (never on a real site).",
        )
        parser.add_argument("--no-users", action="store_true", help="Create no users.")

    def handle(self, *args, if_empty=False, force_users=False, no_users=False, **options):
        if if_empty and not demo.database_is_empty():
            self.stdout.write("The database already has data; demo data not loaded.")
            return
        create_users = not no_users
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
        for username, password, role in report.users:
            self.stdout.write(f"  {role}: {username} / {password}")
