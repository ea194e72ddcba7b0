"""The public pages of the demo site, in Swedish and English."""

import pytest
from django.core.management import call_command

from directory.models import OrganisationPage, SupportPointPage
from geography.models import Municipality
from networks.models import Network

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    ["/", "/hitta-hjalp/", "/be-om-hjalp/", "/om-tjansten/", "/integritet/", "/en/"],
)
def test_demo_pages_are_served(client, demo_site, path):
    response = client.get(path)
    assert response.status_code == 200


def test_home_page_is_swedish_with_entry_points(client, demo_site):
    html = client.get("/").content.decode()
    assert '<html lang="sv" dir="ltr">' in html
    assert "Vad behöver du hjälp med?" in html
    assert 'href="/hitta-hjalp/"' in html
    assert 'href="/be-om-hjalp/"' in html
    assert html.count("<h1") == 1


def test_english_is_complete_on_the_home_page(client, demo_site):
    html = client.get("/en/").content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "What do you need help with?" in html
    assert 'href="/en/hitta-hjalp/"' in html
    assert "Digital help nearby" in html


def test_language_switch_links_to_the_same_page(client, demo_site):
    sv = client.get("/om-tjansten/").content.decode()
    assert 'href="/en/om-tjansten/"' in sv
    en = client.get("/en/om-tjansten/").content.decode()
    assert 'href="/om-tjansten/"' in en
    assert "About the service" in en


def test_municipalities_are_reference_data(db):
    codes = dict(Municipality.objects.values_list("code", "name"))
    assert len(codes) == 13
    assert codes["0680"] == "Jönköping"
    assert codes["0685"] == "Vetlanda"
    assert codes["0604"] == "Aneby"


def test_demo_directory_is_big_enough_and_spread(db):
    assert OrganisationPage.objects.live().count() >= 40
    assert SupportPointPage.objects.live().count() >= 80
    covered = set(SupportPointPage.objects.values_list("municipality__code", flat=True))
    assert len(covered) == 13
    assert Network.objects.count() == 13
    assert all(p.title.startswith("Demo") for p in OrganisationPage.objects.all())


def test_seed_demo_is_idempotent(db, settings):
    settings.DEBUG = True
    before = SupportPointPage.objects.count(), OrganisationPage.objects.count()
    call_command("seed_demo", no_referrals=True)  # referrals: tests/demo
    assert (SupportPointPage.objects.count(), OrganisationPage.objects.count()) == before


def test_seed_demo_refuses_users_without_debug(db, settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="Refusing to create demo users"):
        call_command("seed_demo")


def test_unknown_page_gets_a_friendly_404_in_swedish_and_english(client, demo_site):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Vi hittade inte sidan" in response.content.decode()
    response = client.get("/en/does-not-exist/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


@pytest.mark.parametrize("language", ["ar", "fa", "so", "ti", "uk"])
def test_a_page_not_written_in_the_language_is_shown_in_swedish_with_a_note(
    client, demo_site, language
):
    from django.utils import translation

    response = client.get(f"/{language}/om-tjansten/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}"' in html
    with translation.override(language):
        note = translation.gettext(
            "This text has not been translated into your language yet, so it is shown in Swedish."
        )
    assert note in html
    assert '<h1 lang="sv" dir="ltr">Om tjänsten</h1>' in html
    # The interface around it is in the visitor's language.
    with translation.override(language):
        assert translation.gettext("Ask to be contacted") in html


def test_every_page_links_the_accessibility_statement_and_easy_to_read(client, demo_site):
    for path in ["/", "/ar/hitta-hjalp/", "/en/be-om-hjalp/"]:
        html = client.get(path).content.decode()
        assert 'href="/tillganglighet/"' in html.replace("/ar/", "/").replace("/en/", "/")
        assert ">Lättläst</a>" in html
    statement = client.get("/tillganglighet/").content.decode()
    for heading in ["Hur tillgänglig är webbplatsen?", "Rapportera brister", "Tillsyn"]:
        assert heading in statement
    assert "digg.se/tdosanmalan" in statement
    easy = client.get("/lattlast/").content.decode()
    assert "Vad händer sedan?" in easy


def test_every_page_has_a_description_and_the_favicon_is_served(client, demo_site):
    html = client.get("/hitta-hjalp/").content.decode()
    assert '<meta name="description" content="' in html
    assert 'rel="icon"' in html
