"""manage.py load_population FILE [--year YYYY]: one year's population per municipality
and age from Statistics Sweden (SCB table BE0101N1), replaced."""

from django.core.management.base import BaseCommand, CommandError

from geography.population import InvalidPopulationFile, load_population


class Command(BaseCommand):
    help = (
        "Load the population per municipality and single year of age from Statistics "
        "Sweden's table BE0101N1 (Statistikdatabasen), exported as comma, semicolon or tab "
        "delimited text with heading. Keeps the county's municipalities, replaces the "
        "year's figures in one transaction and changes nothing on a file it cannot use."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the exported CSV file (UTF-8 or ISO-8859-1)")
        parser.add_argument(
            "--year",
            type=int,
            help="the year column to load (default: the latest year in the file)",
        )

    def handle(self, *args, **options):
        try:
            report = load_population(options["file"], year=options["year"])
        except InvalidPopulationFile as error:
            raise CommandError(str(error)) from error
        self.stdout.write(report.summary())
