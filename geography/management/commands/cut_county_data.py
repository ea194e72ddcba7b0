"""manage.py cut_county_data DIR: the county's slice of the national open-data files, cut
again into geography/data/ (see geography/data/README.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from geography import county_data
from geography.importers import InvalidFile


class Command(BaseCommand):
    help = (
        "Cut the county's municipality boundaries and postal codes out of the national files "
        f"({county_data.NATIONAL_BOUNDARIES} and {county_data.NATIONAL_POSTCODES} in DIR, "
        "e.g. ../shared/data) and write them, in the same formats, to geography/data/ (the "
        "files the demo set-up loads)."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="folder holding the two national files")
        parser.add_argument(
            "--county",
            default=county_data.COUNTY_CODE,
            help=f'2-digit county code, the features\' "lan_code" (default '
            f"{county_data.COUNTY_CODE})",
        )
        parser.add_argument(
            "--out",
            default=str(county_data.DATA_DIR),
            help="folder to write to (default geography/data)",
        )

    def handle(self, *args, **options):
        folder = Path(options["directory"])
        try:
            report = county_data.cut(
                folder / county_data.NATIONAL_BOUNDARIES,
                folder / county_data.NATIONAL_POSTCODES,
                county=options["county"],
                out_dir=options["out"],
            )
        except InvalidFile as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{report.summary()} ({options['out']})")
