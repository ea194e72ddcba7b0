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
