"""A change to the navigation setting drops the navigation every page keeps in the cache
(connected in HomeConfig.ready)."""

from django.db.models.signals import post_delete, post_save

from core.signals import pages_changed
from home.models import NavigationSettings


def connect():
    for signal in (post_save, post_delete):
        signal.connect(pages_changed, sender=NavigationSettings, dispatch_uid=f"nav-{signal}")
