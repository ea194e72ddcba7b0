"""Freshness: the editor's one-click "still correct" (no new revision), the public
"may be out of date" notice, the coordinators' report of out-of-date listings, and
reports of wrong information reaching editors and staying until handled."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision

from directory.models import InformationReport, SupportPointPage
from partners.freshness import months_before
from tests.partners.conftest import first_point, submit_edit

pytestmark = pytest.mark.django_db


def _age(point, days):
    SupportPointPage.objects.filter(pk=point.pk).update(
        last_verified=timezone.localdate() - datetime.timedelta(days=days)
    )


def test_months_before_clamps_to_the_end_of_the_month():
    assert months_before(datetime.date(2026, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 1, 15), 1) == datetime.date(2025, 12, 15)
    assert months_before(datetime.date(2026, 3, 10), 12) == datetime.date(2025, 3, 10)


def test_dashboard_lists_own_listings_with_age_and_still_correct(client, people, org_a, org_b):
    point = first_point(org_a)
    _age(point, 200)
    client.force_login(people["partner"])
    html = client.get("/admin/").content.decode()
    panel = html.split('id="partner-listings-section"')[1].split("</section>")[0]
    assert point.title in panel
    assert "200 dagar sedan" in panel
    assert "Kontrollera den här platsen." in panel
    assert first_point(org_b).title not in panel

    revisions = Revision.page_revisions.filter(object_id=str(point.pk)).count()
    response = client.post(f"/admin/partners/listings/{point.pk}/still-correct/", follow=True)
    assert "är markerad som fortfarande korrekt" in response.content.decode()
    point.refresh_from_db()
    assert point.last_verified == timezone.localdate()
    assert Revision.page_revisions.filter(object_id=str(point.pk)).count() == revisions
    assert PageLogEntry.objects.filter(page=point, action="partners.still_correct").exists()


def test_still_correct_survives_a_later_approved_edit(client, people, org_a):
    point = first_point(org_a)
    client.force_login(people["partner"])
    submit_edit(client, point, {"title": point.title + " (nytt)"}, "action-save")  # a draft
    _age(point, 300)
    client.post(f"/admin/partners/listings/{point.pk}/still-correct/")
    point.refresh_from_db()
    point.get_latest_revision().publish()
    point.refresh_from_db()
    assert point.title.endswith("(nytt)")
    assert point.last_verified == timezone.localdate()


def test_an_approved_partner_edit_confirms_the_listing(client, people, org_a):
    from wagtail.models import TaskState

    point = first_point(org_a)
    _age(point, 300)
    client.force_login(people["partner"])
    submit_edit(client, point, {"title": point.title + " (ändrad)"})
    point.refresh_from_db()
    assert point.last_verified < timezone.localdate()  # submitted, not yet approved
    state = TaskState.objects.get(status="in_progress", workflow_state__object_id=str(point.pk))
    client.force_login(people["coordinator"])
    client.post(f"/admin/pages/workflow/action/{point.pk}/approve/{state.pk}/", {})
    point.refresh_from_db()
    assert point.title.endswith("(ändrad)")
    assert point.last_verified == timezone.localdate()
    assert "Uppgifterna kan vara inaktuella" not in client.get(point.url).content.decode()


def test_partner_cannot_confirm_another_organisations_listing(client, people, org_b):
    point = first_point(org_b)
    _age(point, 400)
    client.force_login(people["partner"])
    response = client.post(f"/admin/partners/listings/{point.pk}/still-correct/")
    assert response.status_code in (302, 403)
    point.refresh_from_db()
    assert point.last_verified < months_before(timezone.localdate(), 12)


def test_public_page_and_search_say_when_information_may_be_out_of_date(client, org_b):
    point = first_point(org_b)
    _age(point, 380)
    fresh = SupportPointPage.objects.child_of(org_b).live().exclude(pk=point.pk).first()
    notice = "Uppgifterna kan vara inaktuella"
    assert notice in client.get(point.url).content.decode()
    assert notice not in client.get(fresh.url).content.decode()
    results = client.get("/hitta-hjalp/", {"municipality": "0685", "q": "bibliotek"})
    html = results.content.decode()
    item = html.split(point.title)[1].split("</li>")[0]
    assert "Uppgifterna kan vara inaktuella." in item


REPORT = "/admin/reports/out-of-date-listings/"


def _row(html, title):
    """The report's table row that holds `title`."""
    start = html.index(title)
    return html[html.rindex("<tr", 0, start) : html.index("</tr>", start)]


def test_coordinator_report_of_out_of_date_listings_per_municipality(client, people, org_a, org_b):
    jonkoping_point = first_point(org_a)
    vetlanda_point = first_point(org_b)
    _age(jonkoping_point, 400)
    _age(vetlanda_point, 400)
    client.force_login(people["coordinator"])
    dashboard = client.get("/admin/").content.decode()
    panel = dashboard.split('id="outdated-listings-section"')[1].split("</section>")[0]
    assert "1 plats i dina kommuner har inte bekräftats på ett år." in panel
    assert f'href="{REPORT}"' in panel

    html = client.get(REPORT).content.decode()
    row = _row(html, jonkoping_point.title)
    assert org_a.title in row and "Jönköping" in row and "400 dagar" in row
    assert f'href="/admin/partners/editors/{org_a.pk}/"' in row  # ask the organisation
    assert vetlanda_point.title not in html  # another network's municipality
    assert ">Vetlanda<" not in html  # nor is it offered as a filter

    client.force_login(people["admin"])
    html = client.get(REPORT).content.decode()
    # By municipality, then oldest first.
    assert html.index(jonkoping_point.title) < html.index(vetlanda_point.title)
    vetlanda = vetlanda_point.municipality
    html = client.get(REPORT, {"municipality": vetlanda.pk}).content.decode()
    assert vetlanda_point.title in html and jonkoping_point.title not in html
    # The report's old address still leads there.
    assert client.get("/admin/partners/out-of-date/")["Location"] == REPORT


def test_out_of_date_report_downloads_as_csv_and_xlsx_within_the_users_scope(
    client, people, org_a, org_b
):
    import csv
    import io

    from openpyxl import load_workbook

    jonkoping_point = first_point(org_a)
    _age(jonkoping_point, 400)
    _age(first_point(org_b), 500)
    client.force_login(people["coordinator"])

    response = client.get(REPORT, {"export": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="out-of-date-listings.csv"'
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == [
        "Plats",
        "Organisation",
        "Kommun",
        "Gatuadress",
        "Senast bekräftad",
        "Ålder i dagar",
    ]
    assert rows[1:] == [
        [
            jonkoping_point.title,
            org_a.title,
            "Jönköping",
            jonkoping_point.street_address,
            (timezone.localdate() - datetime.timedelta(days=400)).isoformat(),
            "400",
        ]
    ]

    response = client.get(REPORT, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert [row[0] for row in values] == ["Plats", jonkoping_point.title]
    assert values[1][5] == 400


def test_partner_editors_get_no_out_of_date_report(client, people):
    client.force_login(people["partner"])
    response = client.get(REPORT)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert REPORT not in client.get("/admin/").content.decode()


def test_wrong_information_reaches_editors_and_coordinators_and_stays_until_handled(
    client, people, org_a, django_capture_on_commit_callbacks
):
    point = first_point(org_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/rapportera-fel/{point.pk}/", {"message": "Fel telefonnummer"})
    assert response.status_code == 302
    recipients = {address for message in mail.outbox for address in message.to}
    assert "partner.bibliotek@example.org" in recipients
    assert "samordnare.jonkoping@example.org" in recipients
    report = InformationReport.objects.get(message="Fel telefonnummer")

    client.force_login(people["partner"])
    assert "Fel telefonnummer" in client.get("/admin/").content.decode()
    client.post(f"/admin/partners/reports/{report.pk}/handled/", {"handled_note": "Rättat"})
    report.refresh_from_db()
    assert report.handled and report.handled_note == "Rättat"
    assert "Fel telefonnummer" not in client.get("/admin/").content.decode()


def test_partner_cannot_handle_another_organisations_report(client, people, org_b):
    report = InformationReport.objects.create(page=first_point(org_b), message="Stängt")
    client.force_login(people["partner"])
    assert "Stängt" not in client.get("/admin/").content.decode()
    response = client.post(f"/admin/partners/reports/{report.pk}/handled/", {})
    assert response.status_code in (302, 404)
    report.refresh_from_db()
    assert not report.handled
