"""Where a request for help goes: the network responsible for a place, and why.

`route()` applies the rules of DESIGN.md in order:

1. ``service_area`` — a point inside a network's service area goes to that network;
2. ``postal_code`` — a postal code gives a municipality (imported table), and the
   municipality its network;
3. ``municipality`` — a municipality goes to the network that serves it. A postal code the
   table does not know is set aside when a municipality is given too (the explanation
   says so); alone, or with only a point, it is refused so that it can be corrected;
4. ``nearest_support_point`` — otherwise (no areas loaded, a point outside all areas, a
   municipality no network serves): the network with the nearest live support point;
5. hand-over — a network that does not accept referrals right now, or is full, hands over to the
   nearest network that does (``Decision.handed_over_from`` names the first one).

Ties go to the network whose slug sorts first. The networks, their areas (with bounding
boxes) and support points are read once into a `RoutingIndex`, kept per process and
rebuilt after a change (model signals) or at the latest after CACHE_SECONDS (changes made
by other processes), so a decision costs microseconds and at most one query (postal code).
A transaction that changes networks or support points reads them fresh until it ends, so
a rollback never leaves a wrong index behind.
"""

import logging
import math
import re
import threading
import time
from dataclasses import dataclass, field
from numbers import Real

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from directory.models import SupportPointPage
from geography import postal_codes
from geography.geometry import Area, clean_polygonal, haversine_km
from geography.models import Municipality, PostalCode
from networks.models import Network

logger = logging.getLogger(__name__)

RULE_SERVICE_AREA = "service_area"
RULE_POSTAL_CODE = "postal_code"
RULE_MUNICIPALITY = "municipality"
RULE_NEAREST = "nearest_support_point"
RULES = (RULE_SERVICE_AREA, RULE_POSTAL_CODE, RULE_MUNICIPALITY, RULE_NEAREST)

CACHE_SECONDS = 60
GRID_CELLS_PER_DEGREE = 4
MAX_GRID_CELLS_PER_AREA = 4096
TIE = 1e-12  # radians (micrometres): closer than this counts as equally near

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


class RoutingError(ValueError):
    """Input that cannot be routed. str() is a user-facing sentence in the active
    language; `parameter` names the input at fault ("lat", "lon", "postal_code",
    "municipality" or None); `code` is a stable machine-readable reason."""

    def __init__(self, message, *, parameter=None, code="invalid", params=None):
        super().__init__(message)
        self.message = message
        self.parameter = parameter
        self.code = code
        self.params = params or {}

    def __str__(self):
        return str(self.message) % self.params if self.params else str(self.message)


@dataclass(frozen=True)
class Decision:
    """The outcome of routing. `network` and `municipality` are shared, read-only model
    instances (assign them to foreign keys; do not modify them)."""

    network: object
    rule: str
    municipality: object = None
    distance_km: float | None = None
    handed_over_from: object = None
    # What the explanation is made of (the arguments of _explain but the language).
    reasons: tuple = field(default=(), repr=False, compare=False)

    def explanation_in(self, language):
        """One sentence in `language` saying where the request goes and why (and a
        second one when an unknown postal code was set aside)."""
        return _explain(*self.reasons, language) if self.reasons else ""

    @property
    def explanation(self):
        """The explanation in the active language."""
        return self.explanation_in(translation.get_language() or settings.LANGUAGE_CODE)

    @property
    def explanation_sv(self):
        """The explanation coordinators read (Swedish, the working language)."""
        return self.explanation_in("sv")


# --- Input ------------------------------------------------------------------------------


def parse_coordinate(value, name):
    """A finite float from a number or a string like "57.78" or "57,78"; RoutingError if
    it is not one or lies outside the valid range."""
    low, high = (-90.0, 90.0) if name == "lat" else (-180.0, 180.0)
    message = (
        _("The latitude must be a number between -90 and 90.")
        if name == "lat"
        else _("The longitude must be a number between -180 and 180.")
    )
    if isinstance(value, bool):
        raise RoutingError(message, parameter=name, code="invalid_coordinate")
    if isinstance(value, Real):
        try:
            number = float(value)
        except (OverflowError, ValueError):
            raise RoutingError(message, parameter=name, code="invalid_coordinate") from None
    else:
        text = str(value).strip().replace(",", ".")
        if len(text) > 40 or not _NUMBER.fullmatch(text):
            raise RoutingError(message, parameter=name, code="invalid_coordinate")
        number = float(text)
    if not math.isfinite(number) or not low <= number <= high:
        raise RoutingError(message, parameter=name, code="invalid_coordinate")
    return number


def _is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _clean_point(lat, lon):
    if _is_blank(lat) and _is_blank(lon):
        return None
    if _is_blank(lat) or _is_blank(lon):
        raise RoutingError(
            _("Give both the latitude and the longitude."),
            parameter="lat" if _is_blank(lat) else "lon",
            code="incomplete_point",
        )
    return parse_coordinate(lat, "lat"), parse_coordinate(lon, "lon")


def normalise_postal_code(value):
    """'553 18' → '55318'; RoutingError unless the result is five digits."""
    try:
        return postal_codes.normalise(value)
    except postal_codes.InvalidPostalCode:
        raise RoutingError(
            postal_codes.MESSAGE, parameter="postal_code", code="invalid_postal_code"
        ) from None


# --- The index ------------------------------------------------------------------------


class _Entry:
    """One network with what routing needs, precomputed."""

    __slots__ = (
        "network",
        "slug",
        "accepts",
        "full",
        "municipalities",
        "area",
        "bbox",
        "anchors",
        "anchor_vectors",
        "centre",
        "centre_vector",
        "radius",
    )

    def __init__(self, network, municipalities, points_by_municipality):
        self.network = network
        self.slug = network.slug
        # A full network is passed over like one not taking referrals. The index is
        # rebuilt at least every CACHE_SECONDS, so a "full until" date runs out by itself.
        self.full = network.is_full()
        self.accepts = network.accepts_referrals and not self.full
        self.municipalities = sorted(municipalities, key=lambda m: m.code)
        area = _usable_area(network)
        self.area = Area(area) if area else None
        self.bbox = self.area.bbox if area else None
        # Distances are measured to the live support points of the network's
        # municipalities, or to the municipality centres when it has none.
        self.anchors = [
            point for m in self.municipalities for point in points_by_municipality.get(m.pk, ())
        ] or [(m.latitude, m.longitude) for m in self.municipalities]
        # Unit vectors: the angle between two of them is the great-circle distance, and a
        # circle around the anchors' centre bounds them all (for pruning in nearest()).
        self.anchor_vectors = [_unit(lat, lon) for lat, lon in self.anchors]
        if self.anchors:
            lat = sum(a[0] for a in self.anchors) / len(self.anchors)
            lon = sum(a[1] for a in self.anchors) / len(self.anchors)
            self.centre = (lat, lon)
            self.centre_vector = _unit(lat, lon)
            self.radius = max(_angle(self.centre_vector, v) for v in self.anchor_vectors)
        else:
            self.centre, self.centre_vector, self.radius = None, None, 0.0

    def contains(self, lat, lon):
        return self.area is not None and self.area.contains(lat, lon)

    def distance(self, lat, lon):
        return min(haversine_km(lat, lon, a[0], a[1]) for a in self.anchors)


def _unit(lat, lon):
    phi, lam = math.radians(lat), math.radians(lon)
    return (math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi))


def _angle(u, v):
    """The angle (radians) between two unit vectors: great-circle distance / radius."""
    dot = u[0] * v[0] + u[1] * v[1] + u[2] * v[2]
    return math.acos(1.0 if dot > 1.0 else -1.0 if dot < -1.0 else dot)


def _usable_area(network):
    """The network's service area, validated; None (and a warning in the log) when it is
    missing or broken, so that one bad area never stops routing."""
    if not network.service_area:
        return None
    try:
        return clean_polygonal(network.service_area)
    except ValueError as error:
        logger.warning("Service area of network %s ignored: %s", network.slug, error)
        return None


class RoutingIndex:
    """Networks, municipalities and support points, prepared for fast decisions.

    networks: [(Network, [Municipality, ...]), ...]; municipalities: [Municipality, ...];
    support_points: [(lat, lon, municipality_id), ...] of live support points;
    postal_codes: optional {code: (municipality_code, municipality_name)} — without it
    postal codes are looked up in the database.
    """

    def __init__(self, networks, municipalities, support_points, postal_codes=None):
        points_by_municipality = {}
        for lat, lon, municipality_id in support_points:
            points_by_municipality.setdefault(municipality_id, []).append((lat, lon))
        self.entries = sorted(
            (_Entry(network, munis, points_by_municipality) for network, munis in networks),
            key=lambda e: e.slug,
        )
        self.located = [e for e in self.entries if e.centre is not None]
        # Service areas by grid cell, so a point is tested against a few areas only.
        self.grid, self.large_areas = {}, []
        for entry in self.entries:
            if entry.bbox is None:
                continue
            x0, y0, x1, y1 = (math.floor(c * GRID_CELLS_PER_DEGREE) for c in entry.bbox)
            if (x1 - x0 + 1) * (y1 - y0 + 1) > MAX_GRID_CELLS_PER_AREA:
                self.large_areas.append(entry)
                continue
            for x in range(x0, x1 + 1):
                for y in range(y0, y1 + 1):
                    self.grid.setdefault((x, y), []).append(entry)
        self.municipalities = {m.code: m for m in municipalities}
        self.municipalities_by_name = {m.name.casefold(): m for m in municipalities}
        self.by_municipality = {}
        for entry in self.entries:
            for municipality in entry.municipalities:
                self.by_municipality.setdefault(municipality.code, []).append(entry)
        self.postal_codes = postal_codes

    @classmethod
    def build(cls):
        municipalities = list(Municipality.objects.all())
        by_id = {m.pk: m for m in municipalities}
        through = Network.municipalities.through
        served = {}
        for network_id, municipality_id in through.objects.values_list(
            "network_id", "municipality_id"
        ):
            served.setdefault(network_id, []).append(by_id[municipality_id])
        networks = [(n, served.get(n.pk, [])) for n in Network.objects.all()]
        points = SupportPointPage.originals.live().values_list(
            "latitude", "longitude", "municipality_id"
        )
        return cls(networks, municipalities, points)

    def containing(self, lat, lon):
        """The networks whose service area contains the point, in slug order."""
        cell = (math.floor(lon * GRID_CELLS_PER_DEGREE), math.floor(lat * GRID_CELLS_PER_DEGREE))
        found = [e for e in self.grid.get(cell, ()) if e.contains(lat, lon)]
        if self.large_areas:
            found += [e for e in self.large_areas if e.contains(lat, lon)]
            found.sort(key=lambda e: e.slug)
        return found

    def nearest(self, lat, lon, accept=None):
        """(entry, km) of the network with the nearest anchor among those `accept`
        allows, ties by slug; (None, None) when there is none."""
        v = _unit(lat, lon)
        candidates = [
            (_angle(v, e.centre_vector) - e.radius, e.slug, e)
            for e in self.located
            if accept is None or accept(e)
        ]
        candidates.sort(key=lambda c: (c[0], c[1]))
        best, best_angle = None, math.inf
        for bound, slug, entry in candidates:
            if bound > best_angle + TIE:
                break  # no later network can be closer
            angle = min(_angle(v, a) for a in entry.anchor_vectors)
            if angle < best_angle - TIE or (abs(angle - best_angle) <= TIE and slug < best.slug):
                best, best_angle = entry, angle
        return (best, best.distance(lat, lon)) if best else (None, None)

    def municipality(self, value):
        """A county Municipality from a code ("0680"), a name ("Jönköping") or an
        instance; RoutingError when it is none of the county's."""
        if hasattr(value, "code"):
            value = value.code
        text = str(value).strip()
        if text.isascii() and text.isdigit() and len(text) < 4:
            text = text.zfill(4)
        found = self.municipalities.get(text) or self.municipalities_by_name.get(text.casefold())
        if found is None:
            raise RoutingError(
                _("Choose one of the county's municipalities."),
                parameter="municipality",
                code="unknown_municipality",
            )
        return found

    def postal_code(self, code):
        """(municipality_code, municipality_name) of a known postal code, else None."""
        if self.postal_codes is not None:
            return self.postal_codes.get(code)
        return (
            PostalCode.objects.filter(code=code)
            .values_list("municipality_code", "municipality_name")
            .first()
        )


# --- The cache -------------------------------------------------------------------------

_cache = {"index": None, "built": 0.0, "generation": 0}
_lock = threading.Lock()
# Per thread: this thread's open transaction has changed what routing reads.
_local = threading.local()


def get_index():
    """The process's RoutingIndex, rebuilt when stale."""
    in_transaction = transaction.get_connection().in_atomic_block
    if getattr(_local, "dirty", False):
        if in_transaction:
            # This transaction changed networks or support points: read them fresh and
            # keep nothing a rollback would make wrong.
            return RoutingIndex.build()
        _local.dirty = False  # that transaction is over (committed or rolled back)
    now = time.monotonic()
    with _lock:
        index, built, generation = _cache["index"], _cache["built"], _cache["generation"]
    if index is None or now - built > CACHE_SECONDS:
        index = RoutingIndex.build()
        with _lock:
            if _cache["generation"] == generation:  # nothing changed while building
                _cache["index"], _cache["built"] = index, now
    return index


def invalidate(**kwargs):
    """Forget the cached index (networks.signals calls it when networks, municipalities or
    support points change; call it after bulk updates that send no signals)."""
    with _lock:
        _cache["index"] = None
        _cache["generation"] += 1
    if transaction.get_connection().in_atomic_block:
        _local.dirty = True
        transaction.on_commit(_committed)


def _committed():
    with _lock:
        _cache["index"] = None
        _cache["generation"] += 1
    # Callbacks run inside an atomic block only when tests capture them; the outer (test)
    # transaction may still roll back, so this thread keeps reading fresh until it ends.
    if not transaction.get_connection().in_atomic_block:
        _local.dirty = False


# --- Explanations ----------------------------------------------------------------------


def _km(distance, language):
    text = f"{distance:.1f}" if distance < 10 else f"{distance:.0f}"
    return text.replace(".", ",") if language == "sv" else text


EXPLANATIONS = {
    RULE_SERVICE_AREA: _("Your request goes to %(network)s because the place is in their area."),
    RULE_POSTAL_CODE: _(
        "Your request goes to %(network)s because postal code %(postal_code)s is in "
        "%(municipality)s."
    ),
    RULE_MUNICIPALITY: _(
        "Your request goes to %(network)s because they help people in %(municipality)s."
    ),
    RULE_NEAREST: _(
        "Your request goes to %(network)s because the place is outside every network's "
        "area and their nearest help point is %(distance)s km away."
    ),
    "nearest_from_municipality": _(
        "Your request goes to %(network)s because no network serves %(municipality)s yet "
        "and their nearest help point is %(distance)s km away."
    ),
    "hand_over": _(
        "Your request goes to %(network)s because %(first)s is not taking requests right "
        "now and %(network)s is the nearest network that is (%(distance)s km away)."
    ),
    "hand_over_full": _(
        "Your request goes to %(network)s because %(first)s is full right now and "
        "%(network)s is the nearest network with room (%(distance)s km away)."
    ),
}
# A second sentence, after any of the above, when an unknown postal code was set aside:
# by what the decision went instead.
UNKNOWN_POSTAL_CODE_NOTES = {
    "municipality": _(
        "We did not recognise postal code %(postal_code)s, so we used the municipality you chose."
    ),
    "position": _("We did not recognise postal code %(postal_code)s, so we used your position."),
}


def _explain(rule, entry, municipality, postal_code, distance, first, set_aside, language):
    """One sentence in `language` saying where the request goes and why; a second one
    when an unknown postal code was set aside (`set_aside`: what was used instead)."""
    values = {"network": entry.network.name}
    if municipality is not None:
        values["municipality"] = municipality.name
    if postal_code is not None:
        values["postal_code"] = postal_codes.display(postal_code)
    if distance is not None:
        values["distance"] = _km(distance, language)
    key = rule
    if first is not None:
        paused = not first.network.accepts_referrals
        key = "hand_over_full" if first.full and not paused else "hand_over"
        values["first"] = first.network.name
    elif rule == RULE_NEAREST and municipality is not None:
        key = "nearest_from_municipality"
    with translation.override(language):
        text = str(EXPLANATIONS[key]) % values
        if set_aside is not None:
            text += " " + str(UNKNOWN_POSTAL_CODE_NOTES[set_aside]) % values
        return text


# --- The decision ----------------------------------------------------------------------


def route(*, lat=None, lon=None, postal_code=None, municipality_code=None, index=None):
    """Decide which network a request for help goes to.

    Give a point (lat and lon: numbers or strings), a postal code ("55318" or "553 18"),
    a municipality (code "0680", name or instance), or several — they are used in the
    order of the rules. A postal code that is well formed but unknown is set aside when a
    municipality is given too (the explanation says so). Returns a Decision; raises
    RoutingError for input that cannot be routed (nothing given, invalid or unknown
    values, no network at all, or no network taking requests).
    """
    point = _clean_point(lat, lon)
    postal = None if _is_blank(postal_code) else normalise_postal_code(postal_code)
    wanted = None if _is_blank(municipality_code) else municipality_code
    if point is None and postal is None and wanted is None:
        raise RoutingError(
            _("Give a postal code, a municipality or a position."), code="no_location"
        )
    index = index or get_index()
    # Every given value is checked, even when an earlier rule decides.
    municipality = index.municipality(wanted) if wanted is not None else None
    postal_municipality = None
    postal_outside = None
    unknown_postal = None  # a postal code set aside because the table does not know it
    if postal is not None:
        found = index.postal_code(postal)
        if found is None and municipality is not None:
            # The person chose a municipality too (what the refusal below asks for): use
            # it, and say that the postal code was not recognised.
            unknown_postal, postal = postal, None
        elif found is None:
            raise RoutingError(
                _(
                    "We do not know the postal code %(code)s; check it or choose your "
                    "municipality instead."
                ),
                parameter="postal_code",
                code="unknown_postal_code",
                params={"code": postal_codes.display(postal)},
            )
        else:
            postal_municipality = index.municipalities.get(found[0])
            if postal_municipality is None:
                postal_outside = found

    chosen, preferred, rule, place, distance = None, [], None, None, None
    if point is not None:
        preferred = index.containing(*point)
        if preferred:
            chosen, rule = preferred[0], RULE_SERVICE_AREA
            place = _municipality_at(chosen, point)
    if chosen is None:
        for given, given_rule in (
            (postal_municipality, RULE_POSTAL_CODE),
            (municipality, RULE_MUNICIPALITY),
        ):
            if given is None:
                continue
            preferred = index.by_municipality.get(given.code, [])
            place = given
            if preferred:
                chosen, rule = preferred[0], given_rule
            break
    if chosen is None:
        if place is not None:
            origin = (place.latitude, place.longitude)
        elif point is not None:
            origin = point
        else:
            name = postal_outside[1] or postal_outside[0]
            raise RoutingError(
                _(
                    "The postal code %(code)s is in %(municipality)s, outside the area "
                    "this service covers."
                ),
                parameter="postal_code",
                code="outside_area",
                params={"code": postal_codes.display(postal), "municipality": name},
            )
        chosen, distance = index.nearest(*origin)
        if chosen is None:
            raise RoutingError(_("No network can take requests yet."), code="no_network")
        rule, preferred = RULE_NEAREST, [chosen]

    set_aside = None
    if unknown_postal is not None:
        # A point inside a service area decides before the municipality does.
        set_aside = "position" if rule == RULE_SERVICE_AREA else "municipality"
    first = None
    if not chosen.accepts:
        first = chosen
        chosen, distance = _hand_over(index, first, preferred, point, place)
    elif rule == RULE_NEAREST:
        distance = round(distance, 1)
    return Decision(
        network=chosen.network,
        rule=rule,
        municipality=place,
        distance_km=distance,
        handed_over_from=first.network if first else None,
        reasons=(rule, chosen, place, postal or unknown_postal, distance, first, set_aside),
    )


def _municipality_at(entry, point):
    """The municipality of a network a point lies in: its only one, or the one whose
    centre is nearest."""
    if len(entry.municipalities) <= 1:
        return entry.municipalities[0] if entry.municipalities else None
    return min(
        entry.municipalities,
        key=lambda m: (haversine_km(point[0], point[1], m.latitude, m.longitude), m.code),
    )


def _hand_over(index, first, preferred, point, place):
    """(entry, km): another network that qualified by the same rule and accepts (slug
    order), else the accepting network nearest the place."""
    if point is not None:
        origin = point
    elif place is not None:
        origin = (place.latitude, place.longitude)
    else:
        origin = first.centre
    for entry in preferred:
        if entry is not first and entry.accepts and entry.centre is not None:
            return entry, round(entry.distance(*origin), 1)
    entry, distance = (
        index.nearest(*origin, accept=lambda e: e.accepts and e is not first)
        if origin is not None
        else (None, None)
    )
    if entry is None:
        raise RoutingError(
            _("No network is taking requests right now; please try again later."),
            code="none_accepting",
        )
    return entry, round(distance, 1)
