"""Who may see the statistics in the admin, page by page and download by download: nobody
without a role, a coordinator only their own networks, the regional analysts the whole
county but never a referral, and what a mistyped filter shows."""

import csv
import html
import io
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.translation import gettext, override

from figures import access, rollup
from networks.models import Network
from tests.networks.test_coordinator_permissions import body, make_referral, xlsx_rows

SECTIONS = ["demand", "handling", "supply", "gaps"]
# A table of each section, downloaded as CSV and as XLSX.
EXPORTS = {
    "demand": ["municipality", "summary"],
    "handling": ["handling_municipality"],
    "supply": ["supply_municipality"],
    "gaps": ["gap_hours", "map"],
}
ROLES = ["anonymous", "partner", "vetlanda", "analyst", "superuser"]
NAME = "Doris Testsson"


def section_url(section, query=""):
    url = reverse(f"figures_statistics_{section}")
    return f"{url}?{query}" if query else url


def export_url(section, table, export, query=""):
    download = f"export={export}&table={table}"
    return section_url(section, f"{query}&{download}" if query else download)


def every_url():
    """(label, url) of each statistics page and each download checked."""
    found = [(section, section_url(section)) for section in SECTIONS]
    for section, tables in EXPORTS.items():
        for table in tables:
            for export in ("csv", "xlsx"):
                found.append((f"{section} {table}.{export}", export_url(section, table, export)))
    return found


def sv(message):
    """A message as the Swedish admin shows it (translated or not, yet)."""
    with override("sv"):
        return gettext(message)


class _Page(HTMLParser):
    """The tables of figures on a page ({table id: [[cell text]]}) and its inputs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables, self.inputs = {}, {}
        self._table = self._row = self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "figure-table" in (attrs.get("class") or "").split():
            self._table = self.tables.setdefault(attrs.get("id"), [])
        elif tag == "tr" and self._table is not None:
            self._row = []
            self._table.append(self._row)
        elif tag in ("th", "td") and self._row is not None:
            self._cell = []
        elif tag in ("input", "select"):
            self.inputs[attrs.get("name")] = attrs.get("value")

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = self._row = None
        elif tag in ("th", "td") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def parse(response):
    page = _Page()
    page.feed(response.content.decode())
    return page


def figure_rows(page, key):
    """{row label: [cells]} of the figures table `key` on a page."""
    return {row[0]: row[1:] for row in page.tables.get(f"data-{key}", [])[1:]}


def text(response):
    return html.unescape(body(response))


def csv_rows(response):
    return list(csv.reader(io.StringIO(body(response))))


def figures_shown(content):
    """Whether the response shows a table of figures (or is a download of one)."""
    return 'class="figure-table"' in content or 'class="figure-chart"' in content


@pytest.fixture
def users(demo_site):
    User = get_user_model()
    vetlanda = User.objects.create_user(
        "samordnare.vetlanda", "samordnare.vetlanda@example.org", "x"
    )
    vetlanda.groups.add(Group.objects.get(name="Samordnare"))
    Network.objects.get(slug="vetlanda").coordinators.add(vetlanda)
    # The demo's analyst when the demo has one; not a superuser either way.
    analyst, _made = User.objects.get_or_create(
        username="analytiker", defaults={"email": "analytiker@example.org"}
    )
    analyst.groups.add(access.ensure_analysts_group())
    assert not analyst.is_superuser
    return {
        "anonymous": None,
        "partner": User.objects.get(username="partner.bibliotek"),
        "vetlanda": vetlanda,
        "jonkoping": User.objects.get(username="samordnare.jonkoping"),
        "analyst": analyst,
        "superuser": User.objects.get(username="admin"),
    }


@pytest.fixture
def counted(users):
    """10 referrals from Jönköping, 10 from Vetlanda, counted by the roll-up."""
    made = [make_referral("0680", name=NAME) for _ in range(10)]
    made += [make_referral("0685", name=NAME) for _ in range(10)]
    rollup.update()
    return made


def client_for(client, users, role):
    if users[role] is not None:
        client.force_login(users[role])
    return client


# --- Nobody without a role ---------------------------------------------------------------


@pytest.mark.parametrize(("label", "url"), every_url())
def test_anonymous_is_sent_to_the_login_and_sees_no_figures(client, counted, label, url):
    response = client.get(url)
    assert response.status_code == 302, label
    assert response["Location"].split("?")[0] == reverse("wagtailadmin_login"), label
    content = text(response)
    assert not figures_shown(content) and "Vetlanda" not in content, label


@pytest.mark.parametrize(("label", "url"), every_url())
def test_a_partner_editor_gets_no_access_and_no_figures(client, users, counted, label, url):
    client.force_login(users["partner"])
    response = client.get(url)
    assert response.status_code == 403, label
    content = text(response)
    assert sv("No access to statistics") in content, label
    assert not figures_shown(content), label
    assert "Vetlanda" not in content and "Jönköping" not in content.split("<main")[-1], label


# --- A coordinator sees their own networks ------------------------------------------------


def test_a_coordinator_sees_only_their_networks_figures(client, users, counted):
    client.force_login(users["vetlanda"])
    response = client.get(section_url("demand"))
    assert response.status_code == 200
    page = parse(response)
    by_municipality = figure_rows(page, "municipality")
    assert list(by_municipality) == ["Vetlanda"]
    assert by_municipality["Vetlanda"][0] == "10"
    summary = figure_rows(page, "summary")
    assert list(summary.values())[0] == ["10"]  # this period: Vetlanda's 10, not 20
    for key, rows in page.tables.items():
        assert "Jönköping" not in [row[0] for row in rows], key
        assert "Jönköping" not in [cell for row in rows for cell in row], key
    assert sv("You see the figures of the networks you coordinate.") in text(response)

    rows = csv_rows(client.get(export_url("demand", "municipality", "csv")))
    assert rows[1:] == [["Vetlanda", "10", "0"]]
    assert "Jönköping" not in str(rows)
    rows = xlsx_rows(body_bytes(client.get(export_url("demand", "municipality", "xlsx"))))
    assert [row[:2] for row in rows[1:]] == [["Vetlanda", "10"]]
    summary_rows = csv_rows(client.get(export_url("demand", "summary", "csv")))
    assert summary_rows[1][1] == "10"


def body_bytes(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("section", SECTIONS)
def test_a_coordinator_sees_no_other_municipality_in_any_section(client, users, counted, section):
    client.force_login(users["vetlanda"])
    response = client.get(section_url(section))
    assert response.status_code == 200
    page = parse(response)
    assert page.tables, "the section shows its tables"
    for key, rows in page.tables.items():
        cells = [cell for row in rows for cell in row]
        assert not any("Jönköping" in cell for cell in cells), key
    for table in EXPORTS[section]:
        for export in ("csv", "xlsx"):
            response = client.get(export_url(section, table, export))
            assert response.status_code == 200, (table, export)
            assert "Jönköping" not in body(response), (table, export)


def test_asking_for_another_network_is_refused_without_figures(client, users, counted):
    jonkoping = Network.objects.get(slug="jonkoping")
    client.force_login(users["vetlanda"])
    for section in SECTIONS:
        response = client.get(section_url(section, f"network={jonkoping.pk}"))
        assert response.status_code == 400, section
        page = parse(response)
        assert not page.tables, section
        content = text(response)
        assert "Jönköping" not in content.split("<main")[-1], section
        assert 'class="error-message"' in content, section
    for section, tables in EXPORTS.items():
        for table in tables:
            url = export_url(section, table, "csv", f"network={jonkoping.pk}")
            response = client.get(url)
            assert response.status_code in (400, 404), (section, table)
            assert "Jönköping" not in body(response), (section, table)
            assert not response.get("Content-Type", "").startswith("text/csv"), (section, table)
    # Nor through a municipality outside the networks.
    municipality = jonkoping.municipalities.first()
    response = client.get(section_url("demand", f"municipality={municipality.pk}"))
    assert response.status_code == 400
    assert not parse(response).tables


# --- The regional analysts: the whole county, never a referral -----------------------------


@pytest.mark.parametrize(("label", "url"), every_url())
def test_an_analyst_sees_every_section_and_download(client, users, counted, label, url):
    client.force_login(users["analyst"])
    response = client.get(url)
    assert response.status_code == 200, label
    content = text(response)
    for referral in counted:
        assert referral.reference not in content, label
    assert NAME not in content and "070-111 22 33" not in content, label
    if "." not in label:
        assert parse(response).tables, label


def test_an_analysts_demand_covers_the_whole_county(client, users, counted):
    client.force_login(users["analyst"])
    page = parse(client.get(section_url("demand")))
    by_municipality = figure_rows(page, "municipality")
    assert by_municipality["Jönköping"][0] == "10"
    assert by_municipality["Vetlanda"][0] == "10"
    assert list(figure_rows(page, "summary").values())[0] == ["20"]


def test_an_analyst_cannot_open_the_referrals(client, users, counted):
    client.force_login(users["analyst"])
    referral = counted[0]
    urls = [
        reverse("networks_referrals:index"),
        reverse("networks_referrals:index") + "?export=csv",
        reverse("networks_referrals:index") + "?export=xlsx",
        reverse("networks_referrals:inspect", args=[referral.pk]),
        reverse("networks_referrals:history", args=[referral.pk]),
        reverse("networks_referrals:data", args=[referral.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (403, 404), url
        content = text(response)
        assert referral.reference not in content and NAME not in content, url


def test_a_superuser_sees_the_whole_county(client, users, counted):
    client.force_login(users["superuser"])
    for section in SECTIONS:
        assert client.get(section_url(section)).status_code == 200, section
    page = parse(client.get(section_url("demand")))
    assert figure_rows(page, "municipality")["Jönköping"][0] == "10"
    assert figure_rows(page, "municipality")["Vetlanda"][0] == "10"
    assert list(figure_rows(page, "summary").values())[0] == ["20"]
    rows = csv_rows(client.get(export_url("demand", "municipality", "csv")))
    by_name = {row[0]: row[1] for row in rows[1:]}
    assert by_name["Jönköping"] == by_name["Vetlanda"] == "10"
    assert len(by_name) == 13  # every municipality of the county


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("partner", False),
        ("vetlanda", True),
        ("jonkoping", True),
        ("analyst", True),
        ("superuser", True),
    ],
)
def test_the_statistics_menu_item_shows_to_those_who_may_see_figures(client, users, role, shown):
    client.force_login(users[role])
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert (section_url("demand") in response.content.decode()) is shown


# --- Filters typed by hand ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message", "kept"),
    [
        ("start=2026-13", "Write the month as year and month, for example 2026-03.", "2026-13"),
        ("end=mars", "Write the month as year and month, for example 2026-03.", "mars"),
        (
            "start=2026-05&end=2026-01",
            "The first month must come before the last one.",
            "2026-05",
        ),
    ],
)
@pytest.mark.parametrize("section", SECTIONS)
def test_a_mistyped_filter_is_explained_and_kept(
    client, users, counted, section, query, message, kept
):
    client.force_login(users["superuser"])
    response = client.get(section_url(section, query))
    assert response.status_code == 400
    content = text(response)
    assert sv(message) in content
    page = parse(response)
    name = query.split("=")[0]
    assert page.inputs[name] == kept
    assert not page.tables


@pytest.mark.parametrize(
    "query",
    [
        "start=0000-01",
        "end=9999-12",
        "start=0001-01&end=0001-12",
        "start=2020-01&end=2026-01",  # more than five years
        "network=abc",
        "municipality=999999",
        "topic=%00",
        "start=%00",
        "shade=nonsense",  # a map shading the page does not offer
    ],
)
@pytest.mark.parametrize("section", ["demand", "gaps"])
def test_any_filter_input_gives_an_answer_not_a_server_error(
    client, users, counted, section, query
):
    client.force_login(users["superuser"])
    response = client.get(section_url(section, query))  # a server error raises here
    assert response.status_code in (200, 400), response.status_code
    if response.status_code == 400:
        assert not parse(response).tables
        content = text(response)
        assert "error-message" in content or "help-critical" in content, (
            "a 400 page without figures that does not say what is wrong"
        )
    response = client.get(export_url(section, EXPORTS[section][0], "csv", query))
    assert response.status_code in (200, 400, 404)


# --- Suppression in the downloads ---------------------------------------------------------


def test_a_small_count_is_suppressed_in_the_downloads(client, users):
    for _ in range(3):
        make_referral("0604", name=NAME)  # Aneby
    rollup.update()
    client.force_login(users["superuser"])
    rows = csv_rows(client.get(export_url("demand", "municipality", "csv")))
    by_name = {row[0]: row[1:] for row in rows[1:]}
    assert by_name["Aneby"][0] == "<5"
    assert "3" not in by_name["Aneby"]
    rows = xlsx_rows(body_bytes(client.get(export_url("demand", "municipality", "xlsx"))))
    assert {row[0]: row[1] for row in rows[1:]}["Aneby"] == "<5"
    page = parse(client.get(section_url("demand")))
    assert figure_rows(page, "municipality")["Aneby"][0] == "<5"
    assert list(figure_rows(page, "summary").values())[0] == ["<5"]
