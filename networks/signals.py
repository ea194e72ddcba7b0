"""What keeps the networks app's derived data in step: the routing index is read again
after networks, municipalities or support points change (connected in NetworksConfig)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from directory.models import SupportPointPage
from geography.models import Municipality
from networks import routing
from networks.models import Network


def _routing_changed(sender, **kwargs):
    routing.invalidate()


def connect():
    for model in (Network, Municipality, SupportPointPage):
        for signal in (post_save, post_delete):
            signal.connect(
                _routing_changed, sender=model, dispatch_uid=f"routing-{signal}-{model}"
            )
    for signal in (page_published, page_unpublished):
        signal.connect(_routing_changed, sender=SupportPointPage, dispatch_uid=f"routing-{signal}")
    m2m_changed.connect(
        _routing_changed, sender=Network.municipalities.through, dispatch_uid="routing-m2m"
    )
