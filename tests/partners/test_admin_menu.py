"""The admin's top level is grouped, and each demo user sees only what they may use: the
administrator everything, the Jönköping coordinator their partners and reports, the
partner editor their pages and the reports about their own listings.

Referral handling (the networks app) is another team's group: it is allowed at the top
level wherever its links lead only to referrals or networks, whatever it is called."""

import pytest

from tests.partners.adminpage import main_menu

pytestmark = pytest.mark.django_db

REFERRAL_AREAS = ("/admin/referrals/", "/admin/networks/")


def _menu(client, user):
    client.force_login(user)
    return main_menu(client.get("/admin/").content.decode())


def _own_items(menu):
    """The top-level items that are not referral handling."""
    return {
        name
        for name, entry in menu.items()
        if not all(url.startswith(REFERRAL_AREAS) for _name, url in entry.links())
    }


def _assert_every_link_opens(client, menu):
    for entry in menu.values():
        for name, url in entry.links():
            if url.startswith("/admin/"):
                # Some items forward (site settings to the default site's); Wagtail's
                # refusal is a redirect to the dashboard.
                response = client.get(url, follow=True)
                hops = [hop for hop, _status in response.redirect_chain]
                assert response.status_code == 200 and "/admin/" not in hops, (name, url, hops)


def test_administrator_sees_every_group(client, people):
    menu = _menu(client, people["admin"])
    assert _own_items(menu) == {
        "explorer",
        "partners",
        "images",
        "documents",
        "vocabularies",
        "reports",
        "settings",
        "help",
    }
    assert menu["partners"].child_names() == ["partner-editors", "information-reports"]
    assert menu["vocabularies"].child_names() == [
        "help-topics",
        "languages",
        "target-groups",
        "accessibility-features",
        "municipalities",
    ]
    assert "out-of-date-listings" in menu["reports"].child_names()
    # Every snippet sits in its group: no separate "Snippets" item.
    assert "snippets" not in menu
    _assert_every_link_opens(client, menu)


def test_coordinator_sees_partners_and_their_report(client, people):
    menu = _menu(client, people["coordinator"])
    assert _own_items(menu) == {"partners", "reports", "help"}
    assert menu["partners"].child_names() == ["partner-editors", "information-reports"]
    # Their own networks' statistics, and the listings they look after.
    assert menu["reports"].child_names() == ["statistics", "out-of-date-listings"]
    assert any(url.startswith("/admin/referrals/") for m in menu.values() for _n, url in m.links())
    _assert_every_link_opens(client, menu)


def test_partner_editor_sees_pages_and_reports_about_own_listings(client, people):
    menu = _menu(client, people["partner"])
    assert set(menu) == {"explorer", "partners", "reports", "help"}  # no referral handling
    assert menu["partners"].child_names() == ["information-reports"]
    assert "out-of-date-listings" not in menu["reports"].child_names()
    assert "statistics" not in menu["reports"].child_names()
    _assert_every_link_opens(client, menu)
