"""Municipalities and postal codes move to the geography app: their tables take the new
app's names here; geography's first migration takes over the models and the next one of
this app lets them go."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("networks", "0005_retention")]

    operations = [
        migrations.AlterModelTable(name="municipality", table="geography_municipality"),
        migrations.AlterModelTable(name="postalcode", table="geography_postalcode"),
    ]
