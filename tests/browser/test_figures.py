"""The statistics in Chromium: the admin's demand and gaps pages and the public "Digital
help in figures" page, with axe-core; every chart has its numbers in a table after it; the
public page fits a phone, reads right to left in Arabic and works without JavaScript."""

import pytest

from figures import rollup
from tests.browser.axe import assert_no_axe_violations
from tests.browser.test_layout import assert_no_sideways_scroll
from tests.figures.test_public import figures_page_for_test, made_last_month, swedish_path
from tests.networks.test_coordinator_permissions import make_referral

pytestmark = pytest.mark.browser

PHONE_WIDTH = 320

# The charts (figure.figure-chart) without a table of figures after them in their section.
CHARTS_WITHOUT_TABLE = """() => [...document.querySelectorAll("figure.figure-chart")]
    .filter((figure) => {
        const section = figure.closest("section");
        const table = section && section.querySelector(".figure-table-wrap table");
        return !table
            || !(figure.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING);
    })
    .map((figure) => {
        const heading = figure.closest("section")?.querySelector("h2");
        return heading ? heading.textContent.trim() : figure.outerHTML.slice(0, 80);
    })"""


@pytest.fixture
def counted(demo_site_live):
    """Referrals from last month, committed (the live server reads them) and counted:
    3 from Aneby (shown as <5) and 12 from Jönköping (shown as 10)."""
    made = [make_referral("0604") for _ in range(3)]
    made += [make_referral("0680", age_band="65-74") for _ in range(12)]
    made_last_month(made)
    rollup.update()
    return made


@pytest.fixture
def figures_path(demo_site_live):
    return swedish_path(figures_page_for_test())


def log_in_as_admin(page, live_server):
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "demo-admin-2026")
    page.locator("button[type=submit]").click()
    page.wait_for_url(live_server.url + "/admin/")


def assert_every_chart_has_its_table(page):
    assert page.locator("figure.figure-chart").count() > 0, f"no charts on {page.url}"
    without = page.evaluate(CHARTS_WITHOUT_TABLE)
    assert not without, f"charts without their table on {page.url}: {without}"


@pytest.mark.parametrize("section", ["demand", "gaps"])
def test_admin_statistics_are_accessible(page, live_server, counted, section):
    log_in_as_admin(page, live_server)
    page.goto(f"{live_server.url}/admin/statistics/{section}/")
    assert page.locator("table.figure-table").count() > 0
    if section == "demand":
        aneby = page.locator("#data-municipality tr", has_text="Aneby")
        assert aneby.locator("td").first.inner_text() == "<5"
    assert_every_chart_has_its_table(page)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("prefix", ["", "/ar"])
def test_public_figures_are_accessible_and_fit_a_phone(
    page, live_server, counted, figures_path, prefix
):
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 640})
    page.goto(live_server.url + prefix + figures_path)
    assert page.locator("html").get_attribute("dir") == ("rtl" if prefix == "/ar" else "ltr")
    municipality = page.locator("#data-municipality")
    assert municipality.locator("tr", has_text="Aneby").locator("td").inner_text() == "<5"
    assert municipality.locator("tr", has_text="Jönköping").locator("td").inner_text() == "10"
    assert_every_chart_has_its_table(page)
    assert_no_sideways_scroll(page, PHONE_WIDTH)
    assert_no_axe_violations(page)


def test_public_figures_work_without_javascript(no_js_page, live_server, counted, figures_path):
    no_js_page.goto(live_server.url + figures_path)
    assert no_js_page.locator("table.figure-table").count() >= 5
    municipality = no_js_page.locator("#data-municipality")
    assert municipality.is_visible()
    assert municipality.locator("tr", has_text="Aneby").locator("td").inner_text() == "<5"
    assert no_js_page.locator("#data-supply_municipality").is_visible()
    assert no_js_page.locator("figure.figure-chart svg").first.is_visible()
