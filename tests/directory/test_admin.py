"""The page editor's position picker and the information reports in the admin."""

import pytest

from directory.models import InformationReport, SupportPointPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.get(username="admin"))
    return client


def test_editor_has_the_position_picker_on_bundled_leaflet(admin_client, demo_site):
    point = SupportPointPage.objects.get(slug="bibliotekets-digitala-hjalp-vetlanda")
    html = admin_client.get(f"/admin/pages/{point.pk}/edit/").content.decode()
    assert "data-position-picker" in html
    assert 'data-latitude-input="id_latitude"' in html
    assert "/static/leaflet/leaflet.js" in html
    assert "/static/js/directory-admin.js" in html
    assert "/static/css/directory.css" in html
    assert 'name="longitude"' in html


def test_coordinators_see_and_handle_reports(admin_client, demo_site):
    point = SupportPointPage.objects.get(slug="bibliotekets-digitala-hjalp-vetlanda")
    report = InformationReport.objects.create(page=point, message="Fel adress")
    listing = admin_client.get("/admin/snippets/directory/informationreport/")
    assert listing.status_code == 200
    assert "Fel adress" in listing.content.decode()
    edit = admin_client.get(f"/admin/snippets/directory/informationreport/edit/{report.pk}/")
    assert edit.status_code == 200
    response = admin_client.post(
        f"/admin/snippets/directory/informationreport/edit/{report.pk}/",
        {"handled": "on", "handled_note": "Rättat"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.handled and report.handled_note == "Rättat"
    assert report.message == "Fel adress"


def _coordinator_of(slug, django_user_model):
    from django.contrib.auth.models import Group

    from networks.models import Network

    user = django_user_model.objects.create_user(f"samordnare.{slug}x", password="x")
    user.groups.add(Group.objects.get(name="Samordnare"))
    Network.objects.get(slug=slug).coordinators.add(user)
    return user


@pytest.mark.parametrize("action", ["edit", "delete", "history", "usage"])
def test_coordinators_see_only_reports_from_their_own_area(
    client, demo_site, django_user_model, action
):
    vetlanda = SupportPointPage.objects.get(slug="bibliotekets-digitala-hjalp-vetlanda")
    report = InformationReport.objects.create(
        page=vetlanda, message="Fel telefonnummer", contact="anna@example.org"
    )
    url = f"/admin/snippets/directory/informationreport/{action}/{report.pk}/"

    client.force_login(django_user_model.objects.get(username="samordnare.jonkoping"))
    listing = client.get("/admin/snippets/directory/informationreport/").content.decode()
    assert "Fel telefonnummer" not in listing
    assert client.get(url).status_code == 404
    assert client.post(url, {"handled": "on"}).status_code == 404
    report.refresh_from_db()
    assert not report.handled and InformationReport.objects.filter(pk=report.pk).exists()

    client.force_login(_coordinator_of("vetlanda", django_user_model))
    listing = client.get("/admin/snippets/directory/informationreport/").content.decode()
    assert "Fel telefonnummer" in listing
    # Coordinators may read and mark reports handled, but not delete them.
    assert client.get(url).status_code == (302 if action == "delete" else 200)
