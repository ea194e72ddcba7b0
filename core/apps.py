from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Shared foundations")

    def ready(self):
        from core import signals, translation_sync

        signals.connect()
        translation_sync.connect()
