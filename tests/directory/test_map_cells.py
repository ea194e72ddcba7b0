"""The map's per-cell counts (directory.mapcells): the unfiltered map built from them is
the map built from the points, and it follows publishing, unpublishing, moves and deletes."""

import random

import pytest
from django.core.cache import cache
from django.core.management import call_command
from wagtail.actions.unpublish_page import UnpublishPageAction

from directory import clustering, map_grid, mapcells
from directory.models import MapCell, OrganisationPage, SupportPointPage
from directory.search import DirectorySearch

pytestmark = pytest.mark.django_db

GEOJSON = "/api/v1/support-points.geojson"
SWEDEN = (10.9, 55.0, 24.2, 69.1)
# A spot in Jönköping County away from the demo's places.
SPOT = (57.5, 14.5)


def box_around(latitude, longitude, half=0.01):
    return (longitude - half, latitude - half, longitude + half, latitude + half)


def map_view(client, bbox=SWEDEN, zoom=5):
    data = client.get(GEOJSON, {"bbox": ",".join(map(str, bbox)), "zoom": zoom}).json()
    assert data["count"] == sum(f["properties"]["count"] for f in data["features"])
    return data


def assert_same_map(found, expected):
    """The same features; coordinates (rounded to 5 decimals in the JSON) may differ in the
    last digit, as sums of the same floats in another order can."""
    assert found["count"] == expected["count"]
    assert len(found["features"]) == len(expected["features"])
    for mine, theirs in zip(found["features"], expected["features"], strict=True):
        assert mine["properties"] == theirs["properties"]
        assert mine["geometry"]["coordinates"] == pytest.approx(
            theirs["geometry"]["coordinates"], abs=1.1e-5
        )


def point_ids(data):
    return {f["properties"]["id"] for f in data["features"] if f["properties"]["kind"] == "point"}


def from_points(bbox, zoom):
    """The grid grouped from the points themselves (what a filtered map does)."""
    width, height = clustering.cell_size(zoom, (bbox[1] + bbox[3]) / 2)
    while clustering.cells_across(bbox, width, height) > clustering.MAX_FEATURES:
        width, height = width * 2, height * 2
    live = clustering.in_bbox(SupportPointPage.originals.live(), bbox)
    return map_grid._grid(clustering.cell_totals(live, width, height)), (width, height)


def assert_same_grid(bbox, zoom):
    expected, (width, height) = from_points(bbox, zoom)
    rows = mapcells.grid_cells(bbox, width, height)
    assert rows is not None, "the table should serve this grid"
    found = map_grid._grid(rows)
    assert found.point_ids == expected.point_ids
    assert [c.count for c in found.clusters] == [c.count for c in expected.clusters]
    for mine, theirs in zip(found.clusters, expected.clusters, strict=True):
        assert mine.latitude == pytest.approx(theirs.latitude, abs=1e-9)
        assert mine.longitude == pytest.approx(theirs.longitude, abs=1e-9)
    # And the API answers the unfiltered map with it.
    assert map_grid.grid(SupportPointPage.originals.live(), bbox, zoom) == found
    return found


def table():
    return sorted(
        (c.cell_x, c.cell_y, c.count, c.first_id, pytest.approx(c.sum_latitude, abs=1e-9),
         pytest.approx(c.sum_longitude, abs=1e-9))
        for c in MapCell.objects.all()
    )  # fmt: skip


def new_point(latitude, longitude, title="Ny hjälp"):
    """A draft support point under a demo organisation (not on the map yet)."""
    template = SupportPointPage.originals.live().order_by("pk").first()
    organisation = template.get_parent()
    point = SupportPointPage(
        title=title,
        slug=f"ny-hjalp-{random.randrange(10**9)}",
        street_address="Storgatan 1",
        municipality=template.municipality,
        latitude=latitude,
        longitude=longitude,
        live=False,
    )
    organisation.add_child(instance=point)
    return point


def test_only_the_unfiltered_search_uses_the_table(demo_site):
    assert map_grid.is_everything(DirectorySearch({"zoom": "5"}).matches)
    assert map_grid.is_everything(SupportPointPage.originals.live())
    assert not map_grid.is_everything(DirectorySearch({"topic": "bankid"}).matches)
    assert not map_grid.is_everything(DirectorySearch({"free": "on"}).matches)
    assert not map_grid.is_everything(SupportPointPage.originals.all())
    assert not map_grid.is_everything(SupportPointPage.originals.live().none())
    assert not map_grid.is_everything(SupportPointPage.originals.live().order_by("title"))


def test_every_grid_over_sweden_nests_in_the_fine_grid():
    for latitude in (55.0, 57.5, 62.0, 69.1):
        for zoom in range(mapcells.FINE_ZOOM + 1):
            width, height = clustering.cell_size(zoom, latitude)
            assert mapcells._doublings(width, mapcells.FINE_WIDTH) is not None
            assert mapcells._doublings(height, mapcells.FINE_HEIGHT) is not None
    width, height = clustering.cell_size(mapcells.FINE_ZOOM + 1, 60)
    assert mapcells._doublings(width, mapcells.FINE_WIDTH) is None


def test_table_grid_equals_the_point_grid(demo_site):
    # Spread the demo's points over generated positions: crowds sharing a fine cell,
    # points on cell borders and on the edges of the boxes below.
    rng = random.Random(5)
    width, height = mapcells.FINE_WIDTH, mapcells.FINE_HEIGHT
    positions = []
    for pk in SupportPointPage.originals.order_by("pk").values_list("pk", flat=True):
        kind = rng.random()
        if kind < 0.3:  # a crowd in a few fine cells
            position = (57.781 + rng.uniform(0, 0.005), 14.161 + rng.uniform(0, 0.005))
        elif kind < 0.45:  # on a fine cell's corner
            position = (rng.randint(2600, 2640) * height, rng.randint(300, 360) * width)
        elif kind < 0.55:  # on the county box's edges
            position = (rng.choice([56.9, 58.3]), rng.uniform(13.0, 15.8))
        else:
            position = (rng.uniform(55.5, 68.5), rng.uniform(11.5, 23.5))
        positions.append(position)
        SupportPointPage.originals.filter(pk=pk).update(
            latitude=position[0], longitude=position[1]
        )
    assert mapcells.rebuild() > 0
    crowded = max(MapCell.objects.all(), key=lambda cell: cell.count)
    assert crowded.count >= 3
    boxes = [
        SWEDEN,
        (13.0, 56.9, 15.8, 58.3),
        (14.1, 57.7, 14.3, 57.85),
        (14.1617, 57.7812, 14.1641, 57.7839),  # inside one crowded fine cell
        (-180.0, -90.0, 180.0, 90.0),
    ]
    for bbox in boxes:
        for zoom in (0, 3, 5, 7, 8, 9, 10, 11):
            assert_same_grid(bbox, zoom)
    whole = assert_same_grid(SWEDEN, 8)
    assert whole.total == len(positions) == SupportPointPage.originals.live().count()


def test_a_published_point_appears_and_an_unpublished_one_goes(
    client, demo_site, django_capture_on_commit_callbacks
):
    before = map_view(client)["count"]
    with django_capture_on_commit_callbacks(execute=True):
        point = new_point(*SPOT)
    assert map_view(client)["count"] == before  # a draft is not on the map
    with django_capture_on_commit_callbacks(execute=True):
        point.save_revision().publish()
    assert map_view(client)["count"] == before + 1
    near = map_view(client, box_around(*SPOT), zoom=11)
    assert point_ids(near) == {point.pk}
    assert_same_grid(SWEDEN, 8)

    point.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        point.unpublish()
    assert map_view(client)["count"] == before
    assert map_view(client, box_around(*SPOT), zoom=11)["count"] == 0


def test_a_moved_point_leaves_its_cell(client, demo_site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        point = new_point(*SPOT)
        point.save_revision().publish()
    total = map_view(client)["count"]
    elsewhere = (63.8, 20.3)  # Umeå
    here, there = box_around(*SPOT), box_around(*elsewhere)
    assert map_view(client, there, zoom=10)["count"] == 0

    point = SupportPointPage.originals.get(pk=point.pk)
    point.latitude, point.longitude = elsewhere
    with django_capture_on_commit_callbacks(execute=True):
        point.save_revision().publish()
    assert map_view(client, here, zoom=10)["count"] == 0
    assert point_ids(map_view(client, there, zoom=10)) == {point.pk}
    assert map_view(client)["count"] == total
    assert_same_grid(SWEDEN, 5)


def test_a_deleted_point_goes(client, demo_site, django_capture_on_commit_callbacks):
    point = SupportPointPage.originals.live().order_by("pk").first()
    bbox = box_around(point.latitude, point.longitude)
    before, nearby = map_view(client)["count"], map_view(client, bbox, zoom=9)["count"]
    with django_capture_on_commit_callbacks(execute=True):
        point.delete()
    assert map_view(client)["count"] == before - 1
    assert map_view(client, bbox, zoom=9)["count"] == nearby - 1
    assert_same_grid(SWEDEN, 7)


def test_unpublishing_an_organisation_takes_its_points_off_the_map(
    client, demo_site, admin_user, django_capture_on_commit_callbacks
):
    organisation = OrganisationPage.objects.live().order_by("pk").first()
    points = SupportPointPage.originals.live().descendant_of(organisation)
    gone = points.count()
    assert gone > 0
    before = map_view(client)["count"]
    with django_capture_on_commit_callbacks(execute=True):
        UnpublishPageAction(organisation, user=admin_user, include_descendants=True).execute()
    assert map_view(client)["count"] == before - gone
    for point in SupportPointPage.originals.descendant_of(organisation):
        data = map_view(client, box_around(point.latitude, point.longitude, 0.001), zoom=11)
        assert point.pk not in point_ids(data)
    assert_same_grid(SWEDEN, 5)


def test_deleting_an_organisation_takes_its_points_off_the_map(
    client, demo_site, django_capture_on_commit_callbacks
):
    organisation = OrganisationPage.objects.live().order_by("-pk").first()
    gone = SupportPointPage.originals.live().descendant_of(organisation).count()
    before = map_view(client)["count"]
    with django_capture_on_commit_callbacks(execute=True):
        organisation.delete()
    assert map_view(client)["count"] == before - gone
    assert_same_grid(SWEDEN, 5)


def test_rebuild_gives_the_table_kept_by_the_signals(
    client, demo_site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        point = new_point(*SPOT)
        point.save_revision().publish()
        moved = SupportPointPage.originals.live().order_by("-pk").first()
        moved.latitude += 0.3
        moved.save_revision().publish()
        SupportPointPage.originals.live().order_by("pk")[1].unpublish()
    kept = table()
    view = map_view(client, zoom=8)
    call_command("rebuild_map_cells", verbosity=0)
    assert table() == kept
    cache.clear()
    assert_same_map(map_view(client, zoom=8), view)


def test_an_empty_table_falls_back_to_the_points(client, demo_site):
    expected = map_view(client, zoom=8)
    MapCell.objects.all().delete()
    cache.clear()
    assert_same_map(map_view(client, zoom=8), expected)
    assert expected["count"] == SupportPointPage.originals.live().count()
