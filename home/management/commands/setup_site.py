"""manage.py setup_site: the site's own pages and the reference data it needs, on a new
installation (idempotent); never demo data (home.site_tree)."""

import logging

from django.core.management.base import BaseCommand

from home import site_tree


class Command(BaseCommand):
    help = (
        "Create what a new site needs and does not have yet: the home page and the site's "
        "own pages with their English translations, the navigation, the default site's "
        "address (from BASE_URL), locales, municipalities, vocabularies, the county's "
        "postal codes and the standing groups. No demo data; safe to run again."
    )

    def handle(self, *args, **options):
        # One line per created page is noise here; the summary says what happened.
        logging.getLogger("wagtail").setLevel(logging.WARNING)
        report = site_tree.set_up()
        style = self.style.SUCCESS if report.created or report.site_address else str
        self.stdout.write(style(report.summary()))
