"""The directory page, support point and organisation pages, and the report form."""

import json
import re

import pytest
from django.core import mail

from directory.models import InformationReport, OrganisationPage, SupportPointPage
from geography.models import PostalCode
from networks.models import Network

pytestmark = pytest.mark.django_db

DIRECTORY = "/hitta-hjalp/"
VETLANDA_LIBRARY = "/hitta-hjalp/demo-vetlanda-bibliotek/bibliotekets-digitala-hjalp-vetlanda/"


def html_of(client, path, params=None):
    response = client.get(path, params or {})
    assert response.status_code == 200
    return response.content.decode()


def test_directory_search_in_swedish(client, demo_site):
    html = html_of(client, DIRECTORY, {"q": "bankid", "municipality": "0685", "language": "ar"})
    assert html.count("<h1") == 1
    assert "1 plats hittades" in html
    assert "Bibliotekets digitala hjälp – Vetlanda" in html
    assert "Demo Vetlanda bibliotek" in html
    assert re.search(r"0,\d km bort", html)
    assert "I dag:" in html or "Stängt i dag" in html
    assert "Arabiska" in html and "BankID och e-legitimation" in html
    assert 'role="status"' in html
    assert 'href="/be-om-hjalp/"' in html


def test_postal_code_field_only_when_postal_codes_are_loaded(client, demo_site):
    PostalCode.objects.all().delete()  # the demo set-up loads the county's postal codes
    assert 'name="postal_code"' not in html_of(client, DIRECTORY)
    PostalCode.objects.update_or_create(
        code="57431", defaults={"locality": "Vetlanda", "municipality_code": "0685"}
    )
    html = html_of(client, DIRECTORY, {"postal_code": "574 31"})
    assert 'name="postal_code"' in html
    assert "Medborgarkontoret – Vetlanda" in html.split('class="results"')[1][:3000]


def test_directory_has_a_labelled_field_for_every_filter(client, demo_site):
    PostalCode.objects.update_or_create(
        code="57431", defaults={"locality": "Vetlanda", "municipality_code": "0685"}
    )
    html = html_of(client, DIRECTORY)
    for name in [
        "q",
        "municipality",
        "postal_code",
        "topic",
        "language",
        "target_group",
        "mode",
        "open_on",
    ]:
        assert f'<label for="id_{name}">' in html
    for name in ["open_now", "drop_in", "free", "accessibility_0", "lends_0"]:
        assert f'for="id_{name}"' in html
    assert html.count("<fieldset") == 5 and html.count("<legend>") == 5
    assert 'data-geojson-url="/api/v1/support-points.geojson?' in html


def test_more_choices_open_only_when_one_is_used(client, demo_site):
    assert '<details class="more-filters">' in html_of(
        client, DIRECTORY, {"q": "x", "language": ""}
    )
    assert '<details class="more-filters" open>' in html_of(client, DIRECTORY, {"language": "ar"})


def test_pagination_links_keep_the_query(client, demo_site):
    html = html_of(client, DIRECTORY, {"drop_in": "on", "topic": "forsta-stegen"})
    assert "Sida 1 av" in html
    assert re.search(r'href="\?drop_in=on&amp;topic=forsta-stegen&amp;page=2"', html)
    second = html_of(client, DIRECTORY, {"drop_in": "on", "topic": "forsta-stegen", "page": "2"})
    assert "Sida 2 av" in second


def test_no_results_says_so_and_offers_alternatives(client, demo_site):
    html = html_of(
        client, DIRECTORY, {"municipality": "0685", "language": "ar", "mode": "home_visit"}
    )
    assert "0 platser hittades" in html
    assert "Ingen plats matchar alla dina val." in html
    assert "Närmaste träffar utan" in html
    assert 'href="/be-om-hjalp/"' in html


@pytest.mark.parametrize(
    "params",
    [
        {"page": "-1"},
        {"page": "abc"},
        {"page": "99999999999999999999"},
        {"lat": "abc", "lon": "x"},
        {"lat": "1e400", "lon": "14"},
        {"bbox": "1,2"},
        {"q": "x" * 10_000},
        {"q": '"AND ( NEAR'},
        {"municipality": "<script>"},
        {"accessibility": ["nope", "step_free_entrance"]},
        {"open_on": "tomorrow"},
        {"postal_code": "1" * 500},
        {"mode": "teleport", "topic": "x", "language": "xx", "target_group": "y"},
    ],
)
def test_nonsense_never_breaks_the_page(client, demo_site, params):
    response = client.get(DIRECTORY, params)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main")[1].split("</main>")[0]


def test_bad_input_is_explained_next_to_the_field_and_kept(client, demo_site):
    html = html_of(client, DIRECTORY, {"postal_code": "12", "q": "bankid"})
    assert 'id="id_postal_code_error"' in html
    assert 'aria-invalid="true" aria-describedby="id_postal_code_error"' in html
    assert 'value="12"' in html and 'value="bankid"' in html


def test_page_with_20_results_has_a_bounded_number_of_queries(
    client, demo_site, django_assert_max_num_queries
):
    client.get(DIRECTORY)  # warm caches (site root paths, content types)
    with django_assert_max_num_queries(30):
        html = html_of(client, DIRECTORY, {"lat": "57.78", "lon": "14.16"})
    assert html.count('class="result"') == 20


def test_english_directory(client, demo_site):
    html = html_of(client, "/en/hitta-hjalp/", {"q": "bankid", "municipality": "0685"})
    assert "places found" in html and "km away" in html
    # Each result names its topics and languages in English (from the cached labels).
    assert "BankID and e-ID</li>" in html and "Languages: " in html and "Arabic" in html
    assert "BankID och e-legitimation</li>" not in html
    assert "<h1>Find help</h1>" in html
    assert '<p class="lead">Search libraries, study associations' in html


def test_directory_not_translated_is_the_swedish_one_in_the_visitors_language(client, demo_site):
    from directory.models import DirectoryPage

    DirectoryPage.objects.filter(locale__language_code="en").delete()
    html = html_of(client, "/en/hitta-hjalp/", {"q": "bankid"})
    assert "<h1>Find help</h1>" in html and "places found" in html
    assert '<p class="lead" lang="sv" dir="ltr">Sök bland bibliotek' in html


def test_support_point_page_shows_everything(client, demo_site):
    html = html_of(client, VETLANDA_LIBRARY)
    assert html.count("<h1") == 1
    assert re.search(r"(Öppet nu – stänger|Stängt – öppnar) ", html)
    assert 'href="tel:036102030"' in html
    assert "https://www.openstreetmap.org/directions?to=" in html
    for day in ["Måndag", "Tisdag", "Onsdag", "Torsdag", "Fredag", "Lördag", "Söndag"]:
        assert f">{day}" in html
    assert "Arabiska" in html and "Steg­fri" not in html
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["@type"] == "GovernmentService"
    place = data["availableChannel"]["serviceLocation"]
    assert place["@type"] == "Place"
    assert place["openingHoursSpecification"][0]["dayOfWeek"] == "https://schema.org/Monday"
    assert data["provider"]["name"] == "Demo Vetlanda bibliotek"


def test_organisation_page_lists_its_points_with_status(client, demo_site):
    org = OrganisationPage.objects.get(slug="demo-vetlanda-bibliotek")
    html = html_of(client, org.url)
    for point in SupportPointPage.objects.child_of(org).live():
        assert point.title in html
    assert (
        html.count("status-open") + html.count("status-closed")
        == SupportPointPage.objects.child_of(org).live().count()
    )


def report_page():
    point = SupportPointPage.objects.get(slug="bibliotekets-digitala-hjalp-vetlanda")
    return f"/rapportera-fel/{point.pk}/"


def test_the_place_links_to_its_report_form_in_the_visitors_language(client, demo_site):
    assert f'href="{report_page()}"' in html_of(client, VETLANDA_LIBRARY)
    assert f'href="/en{report_page()}"' in html_of(client, "/en" + VETLANDA_LIBRARY)
    html = html_of(client, "/en" + report_page())
    assert "Report wrong information about Bibliotekets digitala hjälp – Vetlanda" in html
    assert f'href="/en{VETLANDA_LIBRARY}"' in html  # back to the place


def test_report_is_stored_and_reaches_organisation_and_coordinators(
    client, demo_site, django_capture_on_commit_callbacks, django_user_model
):
    coordinator = django_user_model.objects.create(
        username="samordnare.vetlanda", email="samordnare@vetlanda.example"
    )
    Network.objects.get(municipalities__code="0685").coordinators.add(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            report_page(), {"message": "Fel telefonnummer", "contact": "", "website": ""}
        )
    assert response.status_code == 302 and response["Location"] == report_page() + "?sent=1"
    report = InformationReport.objects.get()
    assert report.page.slug == "bibliotekets-digitala-hjalp-vetlanda"
    assert report.message == "Fel telefonnummer" and not report.handled
    assert report.notified is not None
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {
        "demo-vetlanda-bibliotek@example.org",
        "samordnare@vetlanda.example",
    }
    assert "Tack!" in html_of(client, report_page(), {"sent": "1"})


def test_report_is_kept_when_email_fails(
    client, demo_site, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(report_page(), {"message": "Stängt på fredagar nu"})
    assert response.status_code == 302
    report = InformationReport.objects.get()
    assert report.notified is None


def test_report_validation_message_next_to_the_field_keeps_the_text(client, demo_site):
    response = client.post(report_page(), {"message": "", "contact": "anna@example.org"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_message_error"' in html
    assert 'aria-describedby="id_message_helptext id_message_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'value="anna@example.org"' in html
    too_long = client.post(report_page(), {"message": "å" * 2001}).content.decode()
    assert 'id="id_message_error"' in too_long and "å" * 2001 in too_long
    assert not InformationReport.objects.exists()


def test_honeypot_drops_the_report_quietly(client, demo_site):
    response = client.post(report_page(), {"message": "Köp billigt", "website": "http://spam"})
    assert response.status_code == 302
    assert not InformationReport.objects.exists()


def test_report_form_needs_csrf(demo_site):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(report_page(), {"message": "x"})
    assert response.status_code == 403


def test_no_report_form_for_a_place_that_is_not_published(client, demo_site):
    SupportPointPage.objects.get(slug="bibliotekets-digitala-hjalp-vetlanda").unpublish()
    assert client.get(report_page()).status_code == 404
    assert client.post(report_page(), {"message": "x"}).status_code == 404
    assert not InformationReport.objects.exists()


def test_capped_result_count_says_or_more(client, demo_site, monkeypatch):
    monkeypatch.setattr("directory.search.MAX_RESULTS", 10)
    html = html_of(client, DIRECTORY)
    assert "10 eller fler platser hittades" in html
    html = html_of(client, DIRECTORY, {"municipality": "0685", "topic": "bankid"})
    assert "eller fler" not in html and "hittades" in html


def test_choice_lists_follow_the_language_and_new_topics(client, demo_site):
    from directory.models import HelpTopic

    assert "BankID och e-legitimation</option>" in html_of(client, DIRECTORY)
    assert "BankID and e-ID</option>" in html_of(client, "/en/hitta-hjalp/")
    HelpTopic.objects.create(slug="ny", name="Nytt ämne")
    assert "Nytt ämne</option>" in html_of(client, DIRECTORY)


def test_chosen_options_stay_chosen_and_only_they(client, demo_site):
    html = html_of(client, DIRECTORY, {"municipality": "0685", "topic": "bankid"})
    assert '<option value="0685" selected>Vetlanda</option>' in html
    assert '<option value="bankid" selected>BankID och e-legitimation</option>' in html
    plain = html_of(client, DIRECTORY)
    # The two lists' "any" options are no longer chosen; every other list's still is.
    assert (
        html.count('<option value="" selected>') == plain.count('<option value="" selected>') - 2
    )
    assert html.count(" selected>") == plain.count(" selected>")
    # The next visitor chose nothing: the shared option lists were not changed.
    assert '<option value="0685">Vetlanda</option>' in plain
    assert '<option value="bankid">BankID och e-legitimation</option>' in plain


def test_renamed_topic_is_shown_in_results_at_once(client, demo_site):
    from directory.models import HelpTopic

    html_of(client, DIRECTORY, {"q": "bankid"})
    topic = HelpTopic.objects.get(slug="bankid")
    topic.name = "BankID (e-legitimation)"
    topic.save()
    html = html_of(client, DIRECTORY, {"q": "bankid"})
    assert "<li>BankID (e-legitimation)</li>" in html


def test_result_list_is_rendered_once_but_says_what_the_hours_are_now(
    client, demo_site, monkeypatch
):
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from directory import hours

    point = SupportPointPage.objects.get(slug="bibliotekets-digitala-hjalp-vetlanda")
    weekly = list(point.opening_hours.all())
    assert weekly, "the demo place has opening hours"
    first = weekly[0]
    monday = datetime.date(2026, 11, 30) + datetime.timedelta(days=first.weekday)
    inside = datetime.datetime.combine(monday, first.opens, hours.STOCKHOLM)
    before = inside.replace(hour=5, minute=0)
    params = {"q": "bankid", "municipality": "0685", "language": "ar"}

    monkeypatch.setattr(
        "django.utils.timezone.now", lambda: inside + datetime.timedelta(minutes=1)
    )
    opened = html_of(client, DIRECTORY, params)
    assert re.search(r'<p class="status-open">Öppet', opened)

    monkeypatch.setattr("django.utils.timezone.now", lambda: before)
    with CaptureQueriesContext(connection) as queries:
        closed = html_of(client, DIRECTORY, params)
    # The place's text came from the cache; what its hours say now did not.
    assert not any("directory_openinghours" in q["sql"] for q in queries.captured_queries)
    assert re.search(r'<p class="status-closed">', closed)
    assert point.title in closed and "Demo Vetlanda bibliotek" in closed


def test_edited_place_is_shown_edited_in_results_at_once(client, demo_site):
    params = {"municipality": "0685"}
    point = SupportPointPage.objects.get(slug="bibliotekets-digitala-hjalp-vetlanda")
    assert point.title in html_of(client, DIRECTORY, params)
    point.title = "Vetlanda bibliotek, digital hjälp"
    point.temporary_notice = "Stängt för renovering i december."
    point.save_revision().publish()
    html = html_of(client, DIRECTORY, params)
    assert "Vetlanda bibliotek, digital hjälp" in html
    assert '<p class="notice">Stängt för renovering i december.</p>' in html


def test_a_topic_whose_code_changed_is_chosen_by_its_new_code_at_once(client, demo_site):
    from directory.models import HelpTopic

    assert "has-error" not in html_of(client, DIRECTORY, {"topic": "bankid"})
    topic = HelpTopic.objects.get(slug="bankid")
    topic.slug = "e-legitimation"
    topic.save()
    old = html_of(client, DIRECTORY, {"topic": "bankid"})
    assert "has-error" in old and 'aria-invalid="true"' in old
    new = html_of(client, DIRECTORY, {"topic": "e-legitimation"})
    assert "has-error" not in new and "e-legitimation" in new
