from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("Networks and referrals")

    def ready(self):
        # Connects the signals that keep the routing cache in step with the database.
        from networks import routing  # noqa: F401
