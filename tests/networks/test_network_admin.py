"""Administrators edit networks in the Wagtail admin, with the service area on a map."""

import json

import pytest
from django.contrib.auth import get_user_model

from geography.models import Municipality
from networks.models import Network

pytestmark = pytest.mark.django_db

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[14.0, 57.7], [14.3, 57.7], [14.3, 57.9], [14.0, 57.9], [14.0, 57.7]]],
}


@pytest.fixture
def admin_client(client, demo_site):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def _form(network, **changes):
    data = {
        "name": network.name,
        "slug": network.slug,
        "municipalities": [m.pk for m in network.municipalities.all()],
        "email": network.email,
        "phone": network.phone,
        "website": network.website,
        "coordinators": [u.pk for u in network.coordinators.all()],
        "accepts_referrals": "on" if network.accepts_referrals else "",
        "not_accepting_message": network.not_accepting_message,
        "retention_days": network.retention_days,
        "promise_working_days": network.promise_working_days,
        "escalate_after_working_days": network.escalate_after_working_days,
        "lends_computers": network.lends_computers,
        "lends_tablets": network.lends_tablets,
        "lends_phones": network.lends_phones,
        "lends_sim_cards": network.lends_sim_cards,
        "service_area": json.dumps(network.service_area) if network.service_area else "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_edit_page_shows_the_area_map(admin_client):
    network = Network.objects.get(slug="jonkoping")
    response = admin_client.get(f"/admin/networks/edit/{network.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-area-map" in html
    assert "leaflet/leaflet.js" in html


def test_admin_saves_a_valid_area(admin_client):
    network = Network.objects.get(slug="jonkoping")
    response = admin_client.post(
        f"/admin/networks/edit/{network.pk}/", _form(network, service_area=json.dumps(SQUARE))
    )
    assert response.status_code == 302
    network.refresh_from_db()
    assert network.service_area == SQUARE


def test_broken_area_is_refused_with_a_message_and_nothing_saved(admin_client):
    network = Network.objects.get(slug="jonkoping")
    before = network.service_area
    broken = {"type": "Polygon", "coordinates": [[[14.0, 57.7], [14.3, 57.7], [14.0, 57.7]]]}
    response = admin_client.post(
        f"/admin/networks/edit/{network.pk}/", _form(network, service_area=json.dumps(broken))
    )
    assert response.status_code == 200
    assert "service area" in response.content.decode().lower() or "tjänsteområde" in (
        response.content.decode()
    )
    network.refresh_from_db()
    assert network.service_area == before


def test_pausing_referrals_needs_a_message(admin_client):
    network = Network.objects.get(slug="jonkoping")
    response = admin_client.post(
        f"/admin/networks/edit/{network.pk}/", _form(network, accepts_referrals="")
    )
    assert response.status_code == 200
    network.refresh_from_db()
    assert network.accepts_referrals is True


def test_coordinators_and_partners_cannot_edit_networks(client, demo_site):
    network = Network.objects.get(slug="jonkoping")
    for username in ("samordnare.jonkoping", "partner.bibliotek"):
        client.force_login(get_user_model().objects.get(username=username))
        response = client.get(f"/admin/networks/edit/{network.pk}/")
        assert response.status_code in (302, 403)
        assert Municipality.objects.count() == 13
