"""manage.py import_service_areas PATH: network service areas from municipality boundaries."""

from django.core.management.base import BaseCommand, CommandError

from geography.importers import InvalidFile
from networks.service_areas import import_service_areas


class Command(BaseCommand):
    help = (
        "Set each network's service area from a GeoJSON FeatureCollection of municipality "
        "boundaries, matched by municipality code (e.g. "
        "../shared/data/swedish_municipalities.geojson). Validates the whole file first, "
        "writes in one transaction and changes nothing on a malformed file."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="GeoJSON FeatureCollection of Polygon/MultiPolygon")
        parser.add_argument(
            "--code-property",
            default="id",
            help='feature property holding the 4-digit municipality code (default "id")',
        )

    def handle(self, *args, **options):
        try:
            report = import_service_areas(options["path"], options["code_property"])
        except InvalidFile as error:
            raise CommandError(str(error)) from error
        self.stdout.write(report.summary())
