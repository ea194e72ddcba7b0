"""manage.py setup_site on a new installation: the site's own pages, navigation and
reference data, no demo data; safe to run again."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from wagtail.models import Page, Site

from core.groups import COUNTY_MODERATORS
from directory.models import HelpTopic, Language, OrganisationPage, SupportPointPage
from figures.access import ANALYSTS
from geography import county_data
from geography.models import Municipality, PostalCode
from home.models import NavigationSettings, StandardPage
from networks.models import Network, Referral
from partners.roles import COORDINATORS
from tests.core.test_configuration import SECRET, manage
from tests.networks.test_referral_form import referral_data

WELCOME = "Welcome to your new Wagtail site!"
PAGES = ["/", "/hitta-hjalp/", "/be-om-hjalp/", "/om-tjansten/", "/integritet/"]
PAGES += ["/tillganglighet/", "/lattlast/", "/siffror/", "/en/", "/en/om-tjansten/"]


@pytest.fixture
def migrated(db, client):
    """The database as `migrate` leaves it: the demo loaded once for the test database is
    taken away inside the test's transaction (rolled back after it), and Wagtail's
    "Welcome" page and default site are put back as Wagtail's own migration makes them."""
    Referral.objects.all().delete()
    Network.objects.all().delete()
    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()  # the demo's pages, translations too; the site goes with its root
    PostalCode.objects.all().delete()
    get_user_model().objects.all().delete()
    root.refresh_from_db()
    welcome = root.add_child(instance=Page(title=WELCOME, slug="home"))
    site = Site.objects.create(
        hostname="localhost", port=80, root_page=welcome, is_default_site=True
    )
    NavigationSettings.objects.create(site=site)  # home/0002 gives each site one
    cache.clear()
    assert WELCOME in client.get("/").content.decode()


def setup_site():
    out = StringIO()
    call_command("setup_site", stdout=out)
    cache.clear()  # as another process would find it: nothing remembered from before
    return out.getvalue()


@pytest.fixture
def public_address(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://digitalhjalp.example.se"


def test_setup_site_builds_the_site_without_demo_data(client, migrated, public_address):
    out = setup_site()
    assert "Created pages: 15, postal codes: 568." in out
    home = client.get("/").content.decode()
    assert "Digital hjälp nära dig" in home
    assert WELCOME not in home
    for path in PAGES:
        assert client.get(path).status_code == 200, path
    assert 'href="/hitta-hjalp/"' in home and 'href="/be-om-hjalp/"' in home
    assert "Digital help nearby" in client.get("/en/").content.decode()
    assert "demodata" not in client.get("/om-tjansten/").content.decode()
    # No demo data.
    assert not get_user_model().objects.exists()
    assert not OrganisationPage.objects.exists()
    assert not SupportPointPage.objects.exists()
    assert not Network.objects.exists()
    assert not Referral.objects.exists()
    # Reference data.
    assert Municipality.objects.count() == 13
    shipped = county_data.POSTCODES.read_text(encoding="utf-8").strip().splitlines()
    assert PostalCode.objects.count() == len(shipped) - 1 == 568
    assert PostalCode.objects.get(code="33130").municipality_code == "0683"
    assert HelpTopic.objects.filter(slug="bankid").exists()
    assert Language.all_locales.filter(code="ar", locale__language_code="ar").exists()
    names = set(Group.objects.values_list("name", flat=True))
    assert {COORDINATORS, COUNTY_MODERATORS, ANALYSTS} <= names
    # The public address, and every navigation link.
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.site_name) == (
        "digitalhjalp.example.se",
        443,
        "Digital hjälp nära dig",
    )
    assert "The default site's address is digitalhjalp.example.se:443." in out
    navigation = NavigationSettings.for_site(site)
    assert all(getattr(navigation, field) for field in NavigationSettings.select_related)


def test_running_again_creates_nothing_and_keeps_an_editors_changes(client, migrated):
    setup_site()
    pages = Page.objects.count()
    about = StandardPage.objects.get(slug="om-tjansten", locale__language_code="sv")
    about.title = "Om Digital hjälp"
    about.save_revision().publish()
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "hjalp.example.org", 8443  # the operator's own address
    site.save()
    out = setup_site()
    assert out.strip() == "Nothing to do: the site is set up already."
    assert Page.objects.count() == pages
    assert StandardPage.objects.get(pk=about.pk).title == "Om Digital hjälp"
    assert "Om Digital hjälp" in client.get("/om-tjansten/").content.decode()
    site.refresh_from_db()
    assert (site.hostname, site.port) == ("hjalp.example.org", 8443)


def test_missing_groups_are_made_again(migrated):
    Group.objects.filter(name__in=[COORDINATORS, COUNTY_MODERATORS, ANALYSTS]).delete()
    out = setup_site()
    assert "groups: 3" in out
    assert Group.objects.filter(name__in=[COORDINATORS, COUNTY_MODERATORS, ANALYSTS]).count() == 3


def test_site_address_follows_base_url(migrated, settings):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8080"
    out = setup_site()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8080)
    assert "127.0.0.1:8080" in out


def test_referral_form_without_networks_says_so(client, migrated):
    """Before any network is added in the admin, the form is shown, and sending it keeps
    the person's answers and says that no network takes requests yet."""
    setup_site()
    assert client.get("/be-om-hjalp/").status_code == 200
    data = referral_data(message="Jag kommer inte in med mitt BankID.")
    response = client.post("/be-om-hjalp/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Det finns ännu inget nätverk som kan ta emot förfrågningar." in html
    assert "Jag kommer inte in med mitt BankID." in html
    assert not Referral.objects.exists()


def test_setup_site_runs_in_production_mode(tmp_path):
    production = {
        "DEBUG": "0",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "digitalhjalp.example.se",
        "BASE_URL": "https://digitalhjalp.example.se",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    migrated = manage("migrate", "--noinput", timeout=300, **production)
    assert migrated.returncode == 0, migrated.stderr
    first = manage("setup_site", timeout=300, **production)
    assert first.returncode == 0, first.stderr
    assert "Created pages: 15, postal codes: 568." in first.stdout
    assert "digitalhjalp.example.se:443" in first.stdout
    again = manage("setup_site", timeout=300, **production)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "Nothing to do: the site is set up already."
