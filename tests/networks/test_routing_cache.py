"""The routing index is cached per process and follows committed changes (transactional:
these tests commit, as production does)."""

import pytest
from django.db import transaction

from directory.models import SupportPointPage
from geography.models import Municipality
from networks import routing
from networks.models import Network
from networks.routing import route

VETLANDA = (57.4280, 15.0780)


@pytest.fixture
def committed_demo(demo_site_live):
    routing.invalidate()
    yield demo_site_live
    routing.invalidate()


def test_the_index_is_reused_until_a_committed_change(committed_demo):
    first = routing.get_index()
    assert routing.get_index() is first
    assert route(municipality_code="0685").handed_over_from is None

    with pytest.raises(RuntimeError), transaction.atomic():
        network = Network.objects.get(slug="vetlanda")
        network.accepts_referrals = False
        network.save()
        # Inside the transaction the change is seen...
        assert route(municipality_code="0685").handed_over_from.slug == "vetlanda"
        raise RuntimeError("roll back")
    # ...and after the rollback it is gone, not cached.
    assert route(municipality_code="0685").handed_over_from is None

    network = Network.objects.get(slug="vetlanda")
    network.accepts_referrals = False
    network.save()
    assert routing.get_index() is not first
    assert route(lat=VETLANDA[0], lon=VETLANDA[1]).handed_over_from.slug == "vetlanda"


def test_changes_to_municipalities_served_and_support_points_are_seen(committed_demo):
    assert route(municipality_code="0604").network.slug == "aneby"
    Network.objects.get(slug="aneby").municipalities.remove(Municipality.objects.get(code="0604"))
    assert route(municipality_code="0604").rule == "nearest_support_point"

    for network in Network.objects.all():
        network.service_area = None
        network.save()
    point = SupportPointPage.objects.live().filter(title__contains="Mariannelund").first()
    assert route(lat=point.latitude, lon=point.longitude).distance_km == 0.0
    point.unpublish()
    assert route(lat=point.latitude, lon=point.longitude).distance_km > 0.0
