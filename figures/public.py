""" "Digital help in figures": the county's figures for everyone — the supply of help, and
the demand with small counts suppressed — on a public page and as open data (CSV and
JSON, CC0), from the same daily count as the admin's statistics."""

import csv
import io

from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import override

from figures import access, charts, rollup
from figures.tables import Figures, Filters, Period, add_months

LICENCE = "CC0-1.0"
LICENCE_URL = "https://creativecommons.org/publicdomain/zero/1.0/"
# Open data is refreshed daily; caches may keep it an hour.
MAX_AGE = 3600


def public_period(today=None):
    """The last twelve whole months."""
    this_month = (today or timezone.localdate()).replace(day=1)
    return Period.ending(add_months(this_month, -1))


def tables(today=None):
    """The public tables: supply by municipality, topic and language; demand by month,
    topic, municipality, age and language; and the map of hours."""
    figures = Figures(access.Scope(), Filters(period=public_period(today)))
    by_key = {table.key: table for table in figures.demand()}
    supply = figures.supply_tables()
    wanted = ["months", "topic", "municipality", "age_band", "language"]
    demand = [by_key[key] for key in wanted]
    for table in demand:
        table.headings = table.headings[:2]
        table.rows = [row[:2] for row in table.rows]
    return [figures.map_table("hours_per_older"), *supply[:3], *demand]


def _document(today=None):
    found = tables(today)
    run = rollup.freshness()
    return {
        "title": _("Digital help in figures"),
        "publisher": _("Digital help nearby – Jönköping County"),
        "license": LICENCE,
        "license_url": LICENCE_URL,
        "counted_at": run.finished_at.isoformat() if run else None,
        "period": str(public_period(today)),
        "suppression": _(
            "Counts of referrals below 5 are shown as <5; other counts of referrals are "
            "rounded to the nearest 5."
        ),
        "tables": [
            {
                "key": table.key,
                "title": str(table.title),
                "headings": [str(heading) for heading in table.headings],
                "rows": [[str(cell) for cell in row] for row in table.rows],
            }
            for table in found
        ],
    }


def _cacheable(response):
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    return response


def open_data_json(request):
    with override("sv"):
        document = _document()
    return _cacheable(JsonResponse(document, json_dumps_params={"ensure_ascii": False}))


def open_data_csv(request):
    """One row per table cell: table, row, column, value (long format, UTF-8)."""
    with override("sv"):
        document = _document()
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(["table", "table_title", "row", "column", "value"])
    for table in document["tables"]:
        for row in table["rows"]:
            for heading, cell in zip(table["headings"][1:], row[1:], strict=True):
                writer.writerow([table["key"], table["title"], row[0], heading, cell])
    response = HttpResponse(output.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="digital-hjalp-i-siffror.csv"'
    return _cacheable(response)


def page_context():
    found = tables()
    return {
        "tables": [
            (
                table,
                charts.area_map(table.title, table.areas)
                if table.chart == "map"
                else charts.for_table(table),
            )
            for table in found
        ],
        "freshness": rollup.freshness(),
        "period": public_period(),
        "licence_url": LICENCE_URL,
    }
