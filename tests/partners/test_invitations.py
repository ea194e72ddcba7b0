"""Coordinators invite partner editors by email (a one-time link to choose a password, no
password in the email) and remove them; only for organisations in their networks."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from directory.models import OrganisationPage
from partners.roles import editors

pytestmark = pytest.mark.django_db


def _invite(client, organisation, email, capture, **extra):
    with capture(execute=True):
        return client.post(
            f"/admin/partners/editors/{organisation.pk}/",
            {"email": email, "first_name": "Nora", "last_name": "", **extra},
        )


def test_invitee_sets_a_password_through_a_one_time_link(
    client, people, org_a, django_capture_on_commit_callbacks
):
    client.force_login(people["coordinator"])
    mail.outbox.clear()
    response = _invite(client, org_a, "Nora@Example.org", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    user = get_user_model().objects.get(email="nora@example.org")
    assert not user.has_usable_password()
    assert user in editors(org_a)

    (message,) = mail.outbox
    assert message.to == ["nora@example.org"]
    assert "Demo Stadsbiblioteket Jönköping" in message.subject
    link = re.search(r"http://127\.0\.0\.1:8000(/admin/password_reset/confirm/\S+)", message.body)
    assert link, message.body
    assert "lösenord" in message.body.lower()

    client.logout()
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1)
    done = client.post(
        set_url,
        {"new_password1": "ett-långt-lösen-2026", "new_password2": "ett-långt-lösen-2026"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("ett-långt-lösen-2026")
    # The password never travelled in an email, and the link does not work twice.
    assert all("ett-långt-lösen-2026" not in m.body for m in mail.outbox)
    again = client.get(link.group(1), follow=True)
    assert 'name="new_password1"' not in again.content.decode()

    assert client.login(username=user.username, password="ett-långt-lösen-2026")
    assert client.get(f"/admin/pages/{org_a.pk}/edit/").status_code == 200


def test_existing_user_is_added_without_a_new_password(
    client, people, org_a, django_capture_on_commit_callbacks
):
    existing = get_user_model().objects.create_user("vera", "vera@example.org", "hemligt-123")
    client.force_login(people["coordinator"])
    mail.outbox.clear()
    _invite(client, org_a, "vera@example.org", django_capture_on_commit_callbacks)
    assert existing in editors(org_a)
    (message,) = mail.outbox
    assert "password_reset" not in message.body
    assert "/admin/login/" in message.body


def test_bad_address_is_explained_next_to_the_field(
    client, people, org_a, django_capture_on_commit_callbacks
):
    client.force_login(people["coordinator"])
    mail.outbox.clear()
    response = _invite(client, org_a, "inte en adress", django_capture_on_commit_callbacks)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Fyll i en giltig e-postadress." in html
    assert 'value="inte en adress"' in html
    assert mail.outbox == []


def test_coordinator_removes_an_editor(client, people, org_a):
    partner = people["partner"]
    client.force_login(people["coordinator"])
    page = client.get(f"/admin/partners/editors/{org_a.pk}/").content.decode()
    assert partner.email in page
    response = client.post(f"/admin/partners/editors/{org_a.pk}/remove/{partner.pk}/")
    assert response.status_code == 302
    assert partner not in editors(org_a)
    client.force_login(partner)
    assert client.get(f"/admin/pages/{org_a.pk}/edit/").status_code == 302


def test_coordinator_manages_only_organisations_in_their_networks(
    client, people, org_b, django_capture_on_commit_callbacks
):
    client.force_login(people["coordinator"])
    listing = client.get("/admin/partners/editors/").content.decode()
    assert "Demo Stadsbiblioteket Jönköping" in listing
    assert org_b.title not in listing
    assert client.get(f"/admin/partners/editors/{org_b.pk}/").status_code == 404
    mail.outbox.clear()
    response = _invite(client, org_b, "x@example.org", django_capture_on_commit_callbacks)
    assert response.status_code == 404
    assert not get_user_model().objects.filter(email="x@example.org").exists()


def test_editor_groups_follow_the_organisation(people):
    directory = OrganisationPage.objects.first().get_parent()
    organisation = OrganisationPage(title="Demo Ny förening", slug="demo-ny-forening")
    directory.add_child(instance=organisation)
    group = organisation.editor_group.group
    assert group.name == f"Partner: Demo Ny förening ({organisation.pk})"
    assert set(group.page_permissions.values_list("permission__codename", flat=True)) == {
        "add_page",
        "change_page",
    }
    organisation.title = "Demo Omdöpt förening"
    organisation.save()
    group.refresh_from_db()
    assert group.name == f"Partner: Demo Omdöpt förening ({organisation.pk})"


def test_partner_editors_list_counts_editors_and_finds_an_organisation(client, people, org_a):
    client.force_login(people["coordinator"])
    listing = client.get("/admin/partners/editors/").content.decode()
    row = listing[listing.index(org_a.title) :]
    row = row[: row.index("</tr>")]
    assert re.search(r"<td[^>]*>\s*1\s*</td>", row)  # the demo partner editor
    others = OrganisationPage.objects.exclude(pk=org_a.pk)
    assert any(organisation.title in listing for organisation in others)

    found = client.get("/admin/partners/editors/", {"q": "Stadsbibliotek"}).content.decode()
    assert f'href="/admin/partners/editors/{org_a.pk}/"' in found
    assert not any(f'href="/admin/partners/editors/{o.pk}/"' in found for o in others)
