"""The directory map's places and clusters are targets a finger or an unsteady hand can
hit: at least 24 × 24 px and never on top of each other (WCAG 2.2, 2.5.8)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

MARKERS = "#directory-map .leaflet-marker-icon"


def marker_boxes(page):
    return [marker.bounding_box() for marker in page.locator(MARKERS).all()]


def open_map(page, url):
    page.goto(url)
    page.wait_for_selector("[data-directory-map][data-loaded=true]")
    # The map may move once more as it settles (and load again): wait for that answer.
    page.wait_for_load_state("networkidle")


def shown_on_map(page):
    """The number in "81 platser visas på kartan." (the map's status for screen readers)."""
    return int(page.locator("[data-map-status]").inner_text().split()[0])


def overlapping(boxes):
    return [
        (a, b)
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    ]


@pytest.mark.parametrize("width", [1280, 375])
def test_map_targets_are_large_and_apart_at_county_zoom(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    open_map(page, live_server.url + "/hitta-hjalp/")
    boxes = marker_boxes(page)
    assert len(boxes) >= 2
    assert all(box["width"] >= 24 and box["height"] >= 24 for box in boxes)
    assert not overlapping(boxes)
    # No place is lost in merging: the counts add up to the places the map says it shows.
    counts = page.locator(MARKERS).evaluate_all(
        "els => els.map(el => Number(el.textContent.trim() || 1))"
    )
    assert sum(counts) == shown_on_map(page)

    results = Axe().run(
        page,
        context="#directory-map",
        options={"runOnly": {"type": "rule", "values": ["target-size"]}},
    )
    failures = results.response["violations"]
    assert not failures, [node["target"] for v in failures for node in v["nodes"]]
    passed = [rule["id"] for rule in results.response["passes"]]
    assert "target-size" in passed


def test_cluster_opens_to_its_places_by_keyboard(page, live_server):
    open_map(page, live_server.url + "/hitta-hjalp/")
    before = shown_on_map(page)
    page.locator(MARKERS).filter(has=page.locator(".map-cluster")).first.focus()
    page.keyboard.press("Enter")
    # The map zooms in to the cluster: fewer places in view, still apart, and the
    # keyboard focus stays on the map, on a place or cluster where the cluster was.
    page.wait_for_function(
        "before => parseInt(document.querySelector('[data-map-status]').textContent) < before",
        arg=before,
    )
    page.wait_for_load_state("networkidle")
    assert not overlapping(marker_boxes(page))
    assert page.evaluate("document.activeElement.classList.contains('leaflet-marker-icon')")
