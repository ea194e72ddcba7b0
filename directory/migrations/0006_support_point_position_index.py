"""Indexes for the directory's search at national scale (see directory.search).

- PostgreSQL: a GiST index on the support point's position for nearest-first ordering
  (`ORDER BY point(longitude * 0.5, latitude) <-> point(x * 0.5, y)`: longitude is scaled
  so that planar distances are close to real ones in Sweden). SQLite uses the
  (latitude, longitude) B-tree index from the model's Meta instead.
- Both: covering indexes for "open now" / "open on a day" (weekly rows by weekday and
  time, dated exceptions by date), so those filters read an index, not every row, and
  an index on page titles for lists sorted by name.
"""

from django.db import migrations

INDEX = "directory_supportpoint_position_gist"
POSITION_EXPRESSION = "point(longitude * 0.5, latitude)"
COMMON_INDEXES = {
    "directory_openinghours_weekday_time": (
        "directory_openinghours (weekday, opens, closes, page_id)"
    ),
    "directory_openingexception_date": "directory_openingexception (date, page_id)",
    # Result lists without a location are sorted by name: walk this, not sort every page.
    "directory_page_title": "wagtailcore_page (title, id)",
}


def create(apps, schema_editor):
    for name, target in COMMON_INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON directory_supportpointpage "
            f"USING gist ({POSITION_EXPRESSION})"
        )


def drop(apps, schema_editor):
    for name in COMMON_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_directorypage_intro_en_directorypage_title_en")]

    operations = [migrations.RunPython(create, drop)]
