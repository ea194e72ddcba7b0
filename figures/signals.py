"""The analysts' group exists after every migration (and test flush), like the partners'
groups."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.db.models.signals import post_migrate


def _ensure_groups(sender, **kwargs):
    from figures.access import ensure_analysts_group

    # Wagtail's apps come after this one: their permissions may not exist yet.
    create_permissions(apps.get_app_config("wagtailadmin"), verbosity=0)
    ensure_analysts_group()


def connect(app_config):
    post_migrate.connect(_ensure_groups, sender=app_config, dispatch_uid="figures_groups")
