"""Partner editing fixtures: partner A (the demo partner, Demo Stadsbiblioteket
Jönköping), organisation B (a Vetlanda library nobody in A edits), the Jönköping
coordinator, and helpers that post the real Wagtail edit form."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page

from directory.models import OrganisationPage, SupportPointPage
from tests.partners.formdata import form_data

ORG_A = "demo-stadsbiblioteket-jonkoping"
ORG_B = "demo-vetlanda-bibliotek"


@pytest.fixture
def people(demo_site):
    User = get_user_model()
    return {
        "partner": User.objects.get(username="partner.bibliotek"),
        "coordinator": User.objects.get(username="samordnare.jonkoping"),
        "admin": User.objects.get(username="admin"),
    }


@pytest.fixture
def org_a(demo_site):
    return OrganisationPage.objects.get(slug=ORG_A)


@pytest.fixture
def org_b(demo_site):
    return OrganisationPage.objects.get(slug=ORG_B)


def first_point(organisation):
    return SupportPointPage.objects.child_of(organisation).live().order_by("path").first()


def edit_form(client, page):
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    return form_data(response.content.decode())


def submit_edit(client, page, changes, action="action-submit"):
    """Change fields in the page's real edit form and press a button."""
    data = {**edit_form(client, page), **changes, action: "1"}
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


def draft_point(organisation, title="Utkast"):
    """A support point that was never published (editors may delete those)."""
    live = first_point(organisation)
    point = SupportPointPage(
        title=title,
        street_address="Gatan 1",
        municipality=live.municipality,
        latitude=live.latitude,
        longitude=live.longitude,
        live=False,
    )
    Page.objects.get(pk=organisation.pk).add_child(instance=point)
    return point
