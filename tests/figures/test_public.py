"""The public "Digital help in figures" page and its open data (JSON and CSV, CC0): the
supply as it is, the demand with small counts suppressed and the rest rounded, in every
language, and an answer before the figures were ever counted."""

import csv
import datetime
import io
import json

import pytest
from django.utils import timezone
from django.utils.translation import override
from wagtail.models import Locale

from figures import rollup
from figures.models import Cell, FiguresPage, Run
from figures.tables import add_months
from home.models import HomePage
from networks.models import Referral
from tests.figures.test_access import figure_rows, parse
from tests.networks.test_coordinator_permissions import make_referral

JSON_URL = "/oppna-data/digital-hjalp-i-siffror.json"
CSV_URL = "/oppna-data/digital-hjalp-i-siffror.csv"


def figures_page_for_test():
    """The Swedish "Digital hjälp i siffror" page: the demo's when it has one, else a new
    one under the Swedish home page, published."""
    home = HomePage.objects.filter(locale=Locale.get_default()).first()
    page = FiguresPage.objects.filter(locale=home.locale).first()
    if page is None:
        page = home.add_child(
            instance=FiguresPage(
                title="Digital hjälp i siffror",
                slug="siffror",
                body="<p>Så många får hjälp, och så mycket hjälp finns nära dig.</p>",
            )
        )
    page.save_revision().publish()
    return page


@pytest.fixture
def figures_page(demo_site):
    return figures_page_for_test()


def swedish_path(page):
    """The page's path in Swedish ("/siffror/"), whatever language is active."""
    with override("sv"):
        return page.url


def made_last_month(referrals):
    """Move referrals into last month: the public page shows the last whole months."""
    last_month = add_months(timezone.localdate().replace(day=1), -1)
    when = timezone.make_aware(datetime.datetime.combine(last_month, datetime.time(12)))
    when += datetime.timedelta(days=14)
    Referral.objects.filter(pk__in=[r.pk for r in referrals]).update(created_at=when)


@pytest.fixture
def counted(demo_site):
    """3 referrals from Aneby and 12 from Jönköping last month, counted by the roll-up."""
    made = [make_referral("0604") for _ in range(3)]
    made += [make_referral("0680") for _ in range(12)]
    made_last_month(made)
    rollup.update()
    return made


def open_data_table(document, key):
    return next(table for table in document["tables"] if table["key"] == key)


def test_the_page_shows_the_supply_and_the_suppressed_demand(client, figures_page, counted):
    response = client.get(swedish_path(figures_page))
    assert response.status_code == 200
    page = parse(response)
    demand = figure_rows(page, "municipality")
    assert demand["Aneby"] == ["<5"]
    assert demand["Jönköping"] == ["10"]
    for name in ("Aneby", "Jönköping"):
        assert "3" not in demand[name] and "12" not in demand[name], name
    supply = figure_rows(page, "supply_municipality")
    assert "Aneby" in supply and "Jönköping" in supply
    assert supply["Jönköping"][0] not in ("", "0")  # the demo's live support points
    content = response.content.decode()
    assert JSON_URL in content and CSV_URL in content


@pytest.mark.parametrize("prefix", ["/en", "/ar"])
def test_the_page_is_served_in_other_languages(client, figures_page, counted, prefix):
    response = client.get(prefix + swedish_path(figures_page))
    assert response.status_code == 200
    content = response.content.decode()
    html_tag = content[content.index("<html") : content.index(">", content.index("<html"))]
    assert f'lang="{prefix[1:]}"' in html_tag
    assert ('dir="rtl"' in html_tag) is (prefix == "/ar")
    demand = figure_rows(parse(response), "municipality")
    assert demand["Aneby"] == ["<5"]
    assert demand["Jönköping"] == ["10"]


def test_the_open_data_as_json(client, counted):
    response = client.get(JSON_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    document = json.loads(response.content)
    assert document["license"] == "CC0-1.0"
    assert document["counted_at"]
    assert datetime.datetime.fromisoformat(document["counted_at"])
    rows = {row[0]: row[1:] for row in open_data_table(document, "municipality")["rows"]}
    assert rows["Aneby"] == ["<5"]
    assert rows["Jönköping"] == ["10"]
    assert "supply_municipality" in [table["key"] for table in document["tables"]]
    _cacheable_with_licence(response)


def test_the_open_data_as_csv(client, counted):
    response = client.get(CSV_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert rows[0] == ["table", "table_title", "row", "column", "value"]
    demand = {row[2]: row[4] for row in rows[1:] if row[0] == "municipality"}
    assert demand["Aneby"] == "<5"
    assert demand["Jönköping"] == "10"
    assert {row[0] for row in rows[1:]} >= {"municipality", "supply_municipality"}
    _cacheable_with_licence(response)


def _cacheable_with_licence(response):
    cache_control = response.get("Cache-Control", "")
    assert "max-age=" in cache_control
    assert int(cache_control.split("max-age=")[1].split(",")[0]) > 0
    assert 'rel="license"' in response.get("Link", "")
    assert "creativecommons.org/publicdomain/zero/1.0" in response["Link"]


def test_the_page_and_open_data_answer_before_the_first_count(client, figures_page):
    Cell.objects.all().delete()
    Run.objects.all().delete()
    make_referral("0680")
    response = client.get(swedish_path(figures_page))
    assert response.status_code == 200
    assert "Digital hjälp i siffror" in response.content.decode()
    for url in (JSON_URL, CSV_URL):
        assert client.get(url).status_code == 200, url
    assert json.loads(client.get(JSON_URL).content)["counted_at"] is None
