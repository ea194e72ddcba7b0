"""A partial index on the weekly ranges that run past midnight. "Open now" asks which of
yesterday's ranges spill over into today: few ranges do, but without this index the
query read every range of yesterday to find them."""

from django.db import migrations

INDEX = "directory_openinghours_overnight"


class Migration(migrations.Migration):
    dependencies = [("directory", "0007_mapcell")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON directory_openinghours "
            "(weekday, closes, page_id) WHERE closes <= opens",
            f"DROP INDEX IF EXISTS {INDEX}",
        )
    ]
