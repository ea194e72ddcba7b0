"""manage.py sync_partner_access: create or repair every organisation's editor group, the
county moderators' group and the moderation workflow (also done after `migrate` and
whenever an organisation page is saved)."""

from django.core.management.base import BaseCommand

from directory.models import OrganisationPage
from partners.access import sync_all


class Command(BaseCommand):
    help = "Create or repair the partner editor groups and the moderation workflow."

    def handle(self, *args, **options):
        sync_all()
        count = OrganisationPage.originals.count()
        self.stdout.write(f"Editor groups in step for {count} organisation(s).")
