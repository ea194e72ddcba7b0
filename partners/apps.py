from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partner editing")

    def ready(self):
        # Keeps each organisation's editor group in step with its page, and tells
        # reviewers about changes waiting for them.
        from partners import signals

        post_migrate.connect(signals.sync_after_migrate, dispatch_uid="partners_sync")
