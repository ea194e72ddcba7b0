"""manage.py import_postcodes PATH: the postal code → municipality table, replaced."""

from django.core.management.base import BaseCommand, CommandError

from geography.importers import InvalidFile, import_postcodes


class Command(BaseCommand):
    help = (
        "Replace the postal code table with a CSV file with the columns postal_code, "
        "locality, municipality_code and municipality_name (e.g. "
        "../shared/data/postal_to_municipality.csv). Validates the whole file first, writes "
        "in one transaction and changes nothing on a malformed file."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="CSV file, UTF-8, with a header row")

    def handle(self, *args, **options):
        try:
            report = import_postcodes(options["path"])
        except InvalidFile as error:
            raise CommandError(str(error)) from error
        self.stdout.write(report.summary())
