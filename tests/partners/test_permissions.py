"""The permission matrix over admin URLs: partner A edits only organisation A's pages,
never publishes without approval, sees no referrals or settings; the coordinator of A's
network approves, and the change shows on the public page."""

import pytest
from django.core import mail
from wagtail.models import Page, Revision, TaskState

from directory.models import InformationReport, OpeningHours, SupportPointPage
from tests.partners.conftest import draft_point, first_point, submit_edit

pytestmark = pytest.mark.django_db


def _denied(response):
    """Wagtail answers PermissionDenied in its admin with a redirect to the dashboard."""
    return response.status_code in (302, 403, 404) and (
        response.status_code != 302 or response["Location"].split("?")[0] == "/admin/"
    )


def _snapshot(page):
    page = Page.objects.get(pk=page.pk)
    return (
        page.title,
        page.live,
        page.path,
        Revision.page_revisions.filter(object_id=str(page.pk)).count(),
    )


def test_partner_cannot_touch_organisation_b_by_url(client, people, org_a, org_b):
    client.force_login(people["partner"])
    b_point = first_point(org_b)
    b_draft = draft_point(org_b)
    a_point = first_point(org_a)
    before = {page.pk: _snapshot(page) for page in (org_b, b_point, b_draft, a_point)}
    b_children = SupportPointPage.objects.child_of(org_b).count()

    attempts = [
        ("get", f"/admin/pages/{org_b.pk}/edit/", {}),
        ("get", f"/admin/pages/{b_point.pk}/edit/", {}),
        ("post", f"/admin/pages/{b_point.pk}/edit/", {"title": "Ändrad av A"}),
        ("post", f"/admin/pages/{b_point.pk}/edit/", {"title": "A", "action-publish": "1"}),
        ("post", f"/admin/pages/{b_point.pk}/edit/", {"title": "A", "action-submit": "1"}),
        ("post", f"/admin/pages/{b_point.pk}/unpublish/", {}),
        ("get", f"/admin/pages/{b_point.pk}/move/", {}),
        ("post", f"/admin/pages/{b_point.pk}/move/{org_a.pk}/confirm/", {}),
        ("post", f"/admin/pages/{a_point.pk}/move/{org_b.pk}/confirm/", {}),
        ("get", f"/admin/pages/{b_draft.pk}/delete/", {}),
        ("post", f"/admin/pages/{b_draft.pk}/delete/", {}),
        ("post", f"/admin/pages/{b_point.pk}/delete/", {}),
        ("get", f"/admin/pages/add/directory/supportpointpage/{org_b.pk}/", {}),
        ("post", f"/admin/pages/add/directory/supportpointpage/{org_b.pk}/", {"title": "Ny"}),
        ("post", f"/admin/pages/{b_point.pk}/copy/", {"new_title": "Kopia"}),
        ("get", f"/admin/pages/{b_point.pk}/history/", {}),
    ]
    for method, url, data in attempts:
        response = getattr(client, method)(url, data)
        assert _denied(response), (method, url, response.status_code)

    after = {page.pk: _snapshot(page) for page in (org_b, b_point, b_draft, a_point)}
    assert after == before
    assert SupportPointPage.objects.child_of(org_b).count() == b_children
    assert not Page.objects.filter(title__in=["Ny", "Kopia", "Ändrad av A"]).exists()


def test_partner_sees_no_referrals_and_no_settings(client, people):
    client.force_login(people["partner"])
    assert client.get("/admin/referrals/").status_code in (302, 403)
    for url in [
        "/admin/users/",
        "/admin/groups/",
        "/admin/sites/",
        "/admin/workflows/list/",
        "/admin/workflows/tasks/index/",
        "/admin/networks/",
        "/admin/partners/editors/",
        "/admin/reports/out-of-date-listings/",
        "/admin/snippets/directory/helptopic/",
        "/admin/snippets/geography/municipality/",
    ]:
        assert _denied(client.get(url)), url
    menu = client.get("/admin/").content.decode()
    assert "/admin/referrals/" not in menu
    assert "/admin/partners/editors/" not in menu
    assert "/admin/reports/out-of-date-listings/" not in menu


def test_partner_reads_and_handles_only_reports_about_own_listings(client, people, org_a, org_b):
    own = InformationReport.objects.create(page=first_point(org_a), message="Fel öppettid")
    other = InformationReport.objects.create(
        page=first_point(org_b), message="Stängt i Vetlanda", contact="anna@example.org"
    )
    client.force_login(people["partner"])
    assert "/admin/snippets/directory/informationreport/" in client.get("/admin/").content.decode()
    listing = client.get("/admin/snippets/directory/informationreport/").content.decode()
    assert "Fel öppettid" in listing
    assert "Stängt i Vetlanda" not in listing

    base = "/admin/snippets/directory/informationreport"
    for action in ("edit", "history", "usage"):
        assert client.get(f"{base}/{action}/{other.pk}/").status_code == 404, action
    assert client.post(f"{base}/edit/{other.pk}/", {"handled": "on"}).status_code == 404
    assert _denied(client.post(f"{base}/delete/{own.pk}/"))  # reading is not deleting

    response = client.post(f"{base}/edit/{own.pk}/", {"handled": "on", "handled_note": "Rättat"})
    assert response.status_code == 302
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.handled and own.handled_note == "Rättat" and own.message == "Fel öppettid"
    assert not other.handled
    assert InformationReport.objects.filter(pk=own.pk).exists()


def test_partner_can_work_on_organisation_a(client, people, org_a):
    client.force_login(people["partner"])
    assert client.get(f"/admin/pages/{org_a.pk}/edit/").status_code == 200
    assert (
        client.get(f"/admin/pages/add/directory/supportpointpage/{org_a.pk}/").status_code == 200
    )
    own_draft = draft_point(org_a, "Eget utkast")
    assert client.post(f"/admin/pages/{own_draft.pk}/delete/").status_code == 302
    assert not Page.objects.filter(pk=own_draft.pk).exists()
    # Taking their own listing off the site needs no approval.
    point = first_point(org_a)
    response = client.post(f"/admin/pages/{point.pk}/unpublish/")
    assert response.status_code == 302
    assert not Page.objects.get(pk=point.pk).live


def test_partner_change_waits_for_the_coordinator_then_shows_on_the_public_page(
    client, people, org_a
):
    point = first_point(org_a)
    hours = point.opening_hours.order_by("sort_order").first()
    public_url = point.url
    client.force_login(people["partner"])
    mail.outbox.clear()

    # Publishing directly is refused; the live page keeps its old hours.
    response = submit_edit(client, point, {"opening_hours-0-opens": "08:15"}, "action-publish")
    assert response.status_code in (200, 302)
    assert OpeningHours.objects.get(pk=hours.pk).opens.strftime("%H:%M") == "10:00"
    client.logout()
    assert "08:15" not in client.get(public_url).content.decode()

    # Submitting for moderation starts the workflow; still not public.
    client.force_login(people["partner"])
    response = submit_edit(client, point, {"opening_hours-0-opens": "08:15"})
    assert response.status_code == 302
    state = TaskState.objects.get(status="in_progress", workflow_state__object_id=str(point.pk))
    assert OpeningHours.objects.get(pk=hours.pk).opens.strftime("%H:%M") == "10:00"
    # The partner cannot approve their own change.
    approve = f"/admin/pages/workflow/action/{point.pk}/approve/{state.pk}/"
    client.post(approve, {})
    state.refresh_from_db()
    assert state.status == "in_progress"
    # The coordinator was told by email.
    assert any("samordnare.jonkoping@example.org" in message.to for message in mail.outbox), [
        m.to for m in mail.outbox
    ]

    # The Jönköping coordinator sees it on the dashboard and approves it.
    client.force_login(people["coordinator"])
    dashboard = client.get("/admin/").content.decode()
    assert point.title in dashboard.split('id="awaiting-review-section"')[1]
    mail.outbox.clear()
    response = client.post(approve, {})
    assert response.status_code in (200, 302)
    state.refresh_from_db()
    assert state.status == "approved"
    assert "08:15" in client.get(public_url).content.decode()
    # The partner is told it was approved.
    assert any("partner.bibliotek@example.org" in message.to for message in mail.outbox)


def test_coordinator_of_another_network_cannot_approve(client, people, org_a, django_user_model):
    from django.contrib.auth.models import Group

    from networks.models import Network

    vetlanda = django_user_model.objects.create_user("s.vetlanda", "s.vetlanda@example.org", "x")
    vetlanda.groups.add(Group.objects.get(name="Samordnare"))
    Network.objects.get(slug="vetlanda").coordinators.add(vetlanda)
    point = first_point(org_a)
    client.force_login(people["partner"])
    submit_edit(client, point, {"title": "Nytt namn"})
    state = TaskState.objects.get(status="in_progress", workflow_state__object_id=str(point.pk))

    client.force_login(vetlanda)
    assert "awaiting-review-section" not in client.get("/admin/").content.decode()
    client.post(f"/admin/pages/workflow/action/{point.pk}/approve/{state.pk}/", {})
    assert _denied(client.get(f"/admin/pages/{point.pk}/edit/"))
    state.refresh_from_db()
    assert state.status == "in_progress"
    assert Page.objects.get(pk=point.pk).title == point.title


def test_rejection_with_a_comment_reaches_the_partner(client, people, org_a):
    point = first_point(org_a)
    client.force_login(people["partner"])
    submit_edit(client, point, {"title": "Fel namn"})
    state = TaskState.objects.get(status="in_progress", workflow_state__object_id=str(point.pk))
    client.force_login(people["coordinator"])
    mail.outbox.clear()
    response = client.post(
        f"/admin/pages/workflow/action/{point.pk}/reject/{state.pk}/",
        {"comment": "Namnet ska vara som förut."},
    )
    assert response.status_code in (200, 302)
    state.refresh_from_db()
    assert state.status == "rejected"
    to_partner = [m for m in mail.outbox if "partner.bibliotek@example.org" in m.to]
    assert to_partner and "Namnet ska vara som förut." in to_partner[0].body
    assert Page.objects.get(pk=point.pk).title == point.title


def test_county_moderators_review_every_organisation(client, people, org_b, django_user_model):
    from django.contrib.auth.models import Group

    from partners.access import COUNTY_MODERATORS

    moderator = django_user_model.objects.create_user("lans", "lans@example.org", "x")
    moderator.groups.add(Group.objects.get(name=COUNTY_MODERATORS))
    editor = django_user_model.objects.create_user("vetlanda.bib", "v@example.org", "x")
    editor.groups.add(org_b.editor_group.group)
    point = first_point(org_b)
    client.force_login(editor)
    mail.outbox.clear()
    submit_edit(client, point, {"title": "Vetlanda bibliotek, nytt namn"})
    state = TaskState.objects.get(status="in_progress", workflow_state__object_id=str(point.pk))
    assert any("lans@example.org" in message.to for message in mail.outbox)

    client.force_login(people["coordinator"])  # Jönköping: not theirs
    client.post(f"/admin/pages/workflow/action/{point.pk}/approve/{state.pk}/", {})
    state.refresh_from_db()
    assert state.status == "in_progress"

    client.force_login(moderator)
    dashboard = client.get("/admin/").content.decode()
    assert "Vetlanda bibliotek, nytt namn" in dashboard.split('id="awaiting-review-section"')[1]
    client.post(f"/admin/pages/workflow/action/{point.pk}/approve/{state.pk}/", {})
    state.refresh_from_db()
    assert state.status == "approved"
    assert Page.objects.get(pk=point.pk).title == "Vetlanda bibliotek, nytt namn"
