"""Small screens and right-to-left text in Chromium: long Swedish words do not make a
page scroll sideways, and the layout mirrors when the page is written right to left."""

import pytest

pytestmark = pytest.mark.browser

# The elements whose content sticks out of their box (a word too long for its line) or
# past the viewport's edge, for the failure message.
STICKING_OUT = """() => [...document.querySelectorAll("body *")]
    .filter((el) => !el.closest(".visually-hidden"))
    .filter((el) => el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0
        || el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
    .slice(-8)
    .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth} px in `
        + `${el.clientWidth} px "${el.textContent.trim().slice(0, 40)}"`)"""


def medborgarkontoret_paths():
    from directory.models import SupportPointPage

    point = SupportPointPage.objects.live().filter(title__startswith="Medborgarkontoret").first()
    organisation = point.get_parent()
    assert "Medborgarkontoret" in organisation.title
    return point.url, organisation.url


def assert_no_sideways_scroll(page, width):
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, (
        f"{page.url} is {scroll_width} px wide on a {width} px screen:\n"
        + "\n".join(page.evaluate(STICKING_OUT))
    )


@pytest.mark.parametrize("width", [320, 375])
def test_medborgarkontoret_pages_fit_a_phone(page, live_server, width):
    point_path, organisation_path = medborgarkontoret_paths()
    page.set_viewport_size({"width": width, "height": 700})
    for path in (point_path, organisation_path, "/hitta-hjalp/?q=medborgarkontoret"):
        page.goto(live_server.url + path)
        assert "Medborgarkontoret" in page.locator("main").inner_text()
        assert_no_sideways_scroll(page, width)


def box(locator):
    found = locator.bounding_box()
    assert found, f"{locator} is not shown"
    return found


def test_layout_mirrors_right_to_left(page, live_server):
    page.set_viewport_size({"width": 800, "height": 900})
    page.goto(live_server.url + "/hitta-hjalp/?q=bankid&municipality=0685")
    page.evaluate("document.documentElement.dir = 'rtl'")
    width = page.viewport_size["width"]

    # The site name and the first menu item start at the right, where reading starts.
    site_name, first_link = box(page.locator(".site-name")), box(page.locator(".main-nav a").first)
    assert site_name["x"] > width / 2
    assert first_link["x"] + first_link["width"] > width - 60
    # The skip link, once focused, appears at the top right.
    page.keyboard.press("Tab")
    skip = box(page.locator(".skip-link"))
    assert skip["y"] >= 0 and skip["x"] + skip["width"] > width - 40

    # A result card's title is aligned to the right of its card.
    card = page.locator(".results .result").first
    card_box, title = box(card), box(card.locator("h3 a"))
    assert abs((title["x"] + title["width"]) - (card_box["x"] + card_box["width"])) < 2
    assert title["x"] - card_box["x"] > 20

    # A notice's coloured edge is on its right, the side the text starts from.
    edges = page.evaluate(
        """() => { const p = document.createElement("p"); p.className = "notice";
        p.textContent = "x"; document.querySelector("main .wrap").append(p);
        const style = getComputedStyle(p);
        return [style.borderRightWidth, style.borderLeftWidth]; }"""
    )
    assert edges == ["6px", "0px"]


def test_phone_numbers_stay_left_to_right_in_right_to_left_text(page, live_server):
    point_path, _organisation_path = medborgarkontoret_paths()
    page.goto(live_server.url + point_path)
    page.evaluate("document.documentElement.dir = 'rtl'")
    phone = page.locator('.contact-links a[href^="tel:"]').first
    # Bidirectional reordering would show "036-10 20 30" as "30 20 10-036".
    assert phone.evaluate("el => getComputedStyle(el).direction") == "ltr"
    assert (
        page.locator('.contact-links a[href^="mailto:"]').first.evaluate(
            "el => getComputedStyle(el).direction"
        )
        == "ltr"
    )
