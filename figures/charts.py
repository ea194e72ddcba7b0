"""Charts drawn on the server as SVG (templates/figures/charts/): bar charts, line charts
and a map of the networks' service areas. This module only works out the geometry; the
templates write the markup. Every chart is an image with a text alternative, and the
page shows the same numbers as a table beside it. Right-to-left languages get mirrored
bar charts."""

import math

from django.utils.formats import number_format
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

WIDTH = 480
LABEL_WIDTH = 170
VALUE_WIDTH = 60
ROW_HEIGHT = 26
BAR_HEIGHT = 16
LONGEST_LABEL = 24
# Five shades of one blue, light to dark; each differs from white (the empty fill).
SHADES = ["#d0e1f2", "#94c4df", "#4a98c9", "#1764ab", "#08306b"]


def _short(label):
    text = str(label)
    return text if len(text) <= LONGEST_LABEL else text[: LONGEST_LABEL - 1] + "…"


def _format(value):
    if value is None:
        return "<5"
    if isinstance(value, float) and not value.is_integer():
        return number_format(value, decimal_pos=1)
    return number_format(round(value), force_grouping=True)


def describe(title, values):
    """A one-sentence text alternative: what is highest and lowest."""
    known = [(label, value) for label, value in values if value is not None]
    if not known:
        return _("%(title)s: no figures to show.") % {"title": title}
    highest = max(known, key=lambda item: item[1])
    lowest = min(known, key=lambda item: item[1])
    return _("%(title)s. Highest: %(high)s (%(high_value)s). Lowest: %(low)s (%(low_value)s).") % {
        "title": title,
        "high": highest[0],
        "high_value": _format(highest[1]),
        "low": lowest[0],
        "low_value": _format(lowest[1]),
    }


def bar_chart(title, values):
    """Horizontal bars, one per (label, value); a suppressed value (None) gets no bar."""
    rtl = get_language_bidi()
    largest = max((value for _label, value in values if value), default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for index, (label, value) in enumerate(values):
        length = span * (value or 0) / largest
        y = index * ROW_HEIGHT
        bar_x = WIDTH - LABEL_WIDTH - length if rtl else LABEL_WIDTH
        value_x = WIDTH - LABEL_WIDTH - length - 6 if rtl else LABEL_WIDTH + length + 6
        bars.append(
            {
                "label": _short(label),
                "value": _format(value),
                "x": round(bar_x, 1),
                "width": round(length, 1),
                "y": y + (ROW_HEIGHT - BAR_HEIGHT) / 2,
                "text_y": y + ROW_HEIGHT / 2 + 5,
                "value_x": round(value_x, 1),
            }
        )
    return {
        "kind": "bar",
        "title": title,
        "description": describe(title, values),
        "width": WIDTH,
        "height": max(len(values), 1) * ROW_HEIGHT,
        "bar_height": BAR_HEIGHT,
        "label_x": WIDTH - 4 if rtl else LABEL_WIDTH - 8,
        "label_anchor": "start" if rtl else "end",
        # Text runs in the page's direction: "start" is the right-hand end in RTL.
        "value_anchor": "start",
        "rtl": rtl,
        "bars": bars,
    }


LINE_HEIGHT = 220
MARGIN = {"left": 56, "right": 16, "top": 12, "bottom": 36}


def line_chart(title, values):
    """A line through (label, value) in order; suppressed values break the line."""
    inner_width = WIDTH - MARGIN["left"] - MARGIN["right"]
    inner_height = LINE_HEIGHT - MARGIN["top"] - MARGIN["bottom"]
    largest = max((value for _label, value in values if value), default=0)
    top = _nice_ceiling(largest)
    step = inner_width / max(len(values) - 1, 1)
    segments, current, points = [], [], []
    for index, (_label, value) in enumerate(values):
        x = MARGIN["left"] + index * step
        if value is None:
            if current:
                segments.append(current)
            current = []
            continue
        y = MARGIN["top"] + inner_height * (1 - value / top)
        current.append(f"{x:.1f},{y:.1f}")
        points.append({"x": round(x, 1), "y": round(y, 1)})
    if current:
        segments.append(current)
    every = max(1, math.ceil(len(values) / 8))
    ticks = [
        {"x": round(MARGIN["left"] + index * step, 1), "label": label}
        for index, (label, _value) in enumerate(values)
        if index % every == 0
    ]
    grid = [
        {
            "y": round(MARGIN["top"] + inner_height * (1 - fraction), 1),
            "label": _format(round(top * fraction)),
        }
        for fraction in (0, 0.5, 1)
    ]
    return {
        "kind": "line",
        "title": title,
        "description": describe(title, values),
        "width": WIDTH,
        "height": LINE_HEIGHT,
        "left": MARGIN["left"],
        "right": WIDTH - MARGIN["right"],
        "axis_y": LINE_HEIGHT - MARGIN["bottom"],
        "label_y": LINE_HEIGHT - MARGIN["bottom"] + 18,
        "lines": [" ".join(segment) for segment in segments],
        "points": points if len(points) <= 60 else [],
        "ticks": ticks,
        "grid": grid,
    }


def _nice_ceiling(value):
    """A round number at or above `value` for the top of an axis."""
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for factor in (1, 2, 2.5, 5, 10):
        if value <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


MAP_WIDTH = 480


def _rings(geometry):
    """Every outer and inner ring of a GeoJSON Polygon or MultiPolygon."""
    if not geometry:
        return []
    if geometry.get("type") == "Polygon":
        return geometry.get("coordinates", [])
    if geometry.get("type") == "MultiPolygon":
        return [ring for polygon in geometry.get("coordinates", []) for ring in polygon]
    return []


def area_map(title, areas):
    """A map of areas shaded by value: `areas` is [(label, GeoJSON geometry, value)].
    Longitudes are shrunk by the cosine of the latitude so that shapes keep their form."""
    rings = [(label, value, _rings(geometry)) for label, geometry, value in areas]
    coordinates = [point for _label, _value, found in rings for ring in found for point in ring]
    if not coordinates:
        return None
    lons = [point[0] for point in coordinates]
    lats = [point[1] for point in coordinates]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    shrink = math.cos(math.radians((south + north) / 2))
    scale = MAP_WIDTH / ((east - west) * shrink or 1)
    height = round((north - south or 1) * scale)
    known = sorted(value for _label, _g, value in areas if value is not None)
    bounds = _class_bounds(known)

    def project(lon, lat):
        return (lon - west) * shrink * scale, (north - lat) * scale

    shapes = []
    for label, value, found in rings:
        if not found:
            continue
        path = " ".join(_path(ring, project) for ring in found)
        # The label sits at the middle of the area's largest ring (by its vertices).
        largest = max(found, key=len)
        middle = [sum(point[axis] for point in largest) / len(largest) for axis in (0, 1)]
        x, y = project(*middle)
        shade = None if value is None else SHADES[_class_of(value, bounds)]
        shapes.append({"label": label, "path": path, "fill": shade, "value": _format(value),
                       "x": round(x, 1), "y": round(y, 1)})  # fmt: skip
    legend = [
        {"fill": SHADES[index], "text": f"{_format(low)} – {_format(high)}"}
        for index, (low, high) in enumerate(bounds)
    ]
    return {
        "kind": "map",
        "title": title,
        "description": describe(title, [(label, value) for label, _g, value in areas]),
        "width": MAP_WIDTH,
        "height": height,
        "shapes": shapes,
        "legend": legend,
    }


def _path(ring, project):
    """An SVG path of a ring, to the whole pixel; points that fall on the same spot as
    the one before are left out (a municipality's boundary has thousands of vertices, a
    map 480 pixels wide shows a few hundred)."""
    points = []
    for lon, lat, *_rest in ring:
        point = "{:.0f},{:.0f}".format(*project(lon, lat))
        if not points or point != points[-1]:
            points.append(point)
    return "M" + " L".join(points) + " Z"


def _class_bounds(known):
    """Up to five (low, high) classes of equal count over the sorted values."""
    if not known:
        return []
    classes = min(len(SHADES), len(set(known)))
    bounds = []
    for index in range(classes):
        part = known[len(known) * index // classes : len(known) * (index + 1) // classes]
        if part:
            bounds.append((part[0], part[-1]))
    return bounds


def _class_of(value, bounds):
    for index, (_low, high) in enumerate(bounds):
        if value <= high:
            return index
    return len(bounds) - 1


def for_table(table):
    """The chart of a figures.tables.Table, or None."""
    if table.chart == "bar" and table.values:
        return bar_chart(table.title, table.values)
    if table.chart == "line" and len(table.values) > 1:
        return line_chart(table.title, table.values)
    return None
