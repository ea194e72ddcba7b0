"""Where the person is, for "near me": coordinates (typed or from the browser's
geolocation), else a postal code's municipality centre, else the chosen municipality's
centre. Distances are great-circle kilometres."""

from dataclasses import dataclass

from geography.geometry import haversine_km
from geography.models import Municipality, PostalCode


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float
    label: str = ""

    def distance_km(self, latitude, longitude):
        return haversine_km(self.latitude, self.longitude, latitude, longitude)


def nearest_first(rows, origin):
    """(id, latitude, longitude) rows → [(id, km from origin), …], nearest first, ties by
    id."""
    return sorted(
        ((pk, origin.distance_km(lat, lon)) for pk, lat, lon in rows),
        key=lambda pair: (pair[1], pair[0]),
    )


def from_postal_code(code):
    """The centre of the county municipality a postal code lies in, or None."""
    postal = PostalCode.objects.filter(code=code).first()
    if postal is None:
        return None
    municipality = Municipality.objects.filter(code=postal.municipality_code).first()
    if municipality is None:
        return None
    return Location(municipality.latitude, municipality.longitude, f"{code} {postal.locality}")


def resolve(data):
    """A Location from a filter form's cleaned data, or None."""
    if data.get("lat") is not None and data.get("lon") is not None:
        return Location(data["lat"], data["lon"])
    if data.get("postal_code"):
        location = from_postal_code(data["postal_code"])
        if location:
            return location
    municipality = data.get("municipality")
    if municipality is not None:
        return Location(municipality.latitude, municipality.longitude, municipality.name)
    return None
