"""Coordinates must lie in Sweden."""

import pytest
from django.core.exceptions import ValidationError

from directory.models import SupportPointPage
from geography.sweden import in_sweden

SWEDISH = {
    "Smygehuk": (55.34, 13.36),
    "Malmö": (55.605, 13.0),
    "Ven": (55.91, 12.70),
    "Helsingborg": (56.046, 12.695),
    "Göteborg": (57.70, 11.97),
    "Strömstad": (58.94, 11.17),
    "Charlottenberg": (59.88, 12.29),
    "Storlien": (63.32, 12.10),
    "Hemavan": (65.81, 15.09),
    "Riksgränsen": (68.43, 18.13),
    "Kiruna": (67.86, 20.23),
    "Karesuando": (68.44, 22.48),
    "Pajala": (67.21, 23.37),
    "Haparanda": (65.83, 24.12),
    "Luleå": (65.58, 22.15),
    "Umeå": (63.83, 20.26),
    "Stockholm": (59.33, 18.07),
    "Visby": (57.64, 18.30),
    "Fårö": (57.93, 19.20),
    "Kalmar": (56.66, 16.36),
    "Karlskrona": (56.16, 15.59),
    "Ystad": (55.43, 13.82),
    "Jönköping": (57.78, 14.16),
    "Vetlanda": (57.43, 15.08),
}
FOREIGN = {
    "Copenhagen": (55.676, 12.568),
    "Helsingør": (56.036, 12.61),
    "Gilleleje": (56.12, 12.31),
    "Rønne": (55.10, 14.70),
    "Oslo": (59.91, 10.75),
    "Trondheim": (63.43, 10.40),
    "Narvik": (68.44, 17.43),
    "Mariehamn": (60.10, 19.94),
    "Vaasa": (63.10, 21.62),
    "Oulu": (65.01, 25.47),
    "Tallinn": (59.44, 24.75),
    "Jönköping swapped": (14.16, 57.78),
}


@pytest.mark.parametrize("name", SWEDISH)
def test_swedish_places_are_in_sweden(name):
    assert in_sweden(*SWEDISH[name])


@pytest.mark.parametrize("name", FOREIGN)
def test_places_abroad_are_not(name):
    assert not in_sweden(*FOREIGN[name])


@pytest.mark.parametrize(("lat", "lon"), [(55.676, 12.568), (14.16, 57.78), (59.91, 10.75)])
def test_support_point_outside_sweden_does_not_validate(demo_site, lat, lon):
    point = SupportPointPage.objects.get(slug="bibliotekets-digitala-hjalp-vetlanda")
    point.latitude, point.longitude = lat, lon
    with pytest.raises(ValidationError) as error:
        point.full_clean()
    assert "latitude" in error.value.message_dict


def test_support_point_in_sweden_validates(demo_site):
    point = SupportPointPage.objects.get(slug="bibliotekets-digitala-hjalp-vetlanda")
    point.latitude, point.longitude = 57.43, 15.08
    point.full_clean()
