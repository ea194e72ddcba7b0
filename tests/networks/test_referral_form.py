"""The resident's "ask to be contacted" form at /be-om-hjalp/: storing, routing,
confirmation, duplicates, validation in Swedish and English, spam guards and emails."""

import re
import secrets
import time

import pytest
from django.core import mail
from django.core.management import call_command

from directory.models import HelpTopic, Language
from geography.models import PostalCode
from networks.forms import sign_start
from networks.models import Referral, ReferralSource
from networks.referrals import REFERENCE_ALPHABET, new_reference, normalise_reference

FORM_URL = "/be-om-hjalp/"
REFERENCE_RE = re.compile(rf"^DH-[{REFERENCE_ALPHABET}]{{4}}-[{REFERENCE_ALPHABET}]{{3}}$")


def referral_data(**changes):
    """A complete, valid POST for the form, filled in a minute ago."""
    data = {
        "for_whom": "me",
        "topics": [HelpTopic.objects.get(slug="bankid").pk],
        "message": "Jag har fått ett nytt BankID-kort men kommer inte in.",
        "language": Language.objects.get(code="sv").pk,
        "accessibility_needs": ["hearing"],
        "contact_method": "phone",
        "contact_times": ["morning", "afternoon"],
        "name": "Astrid",
        "phone": "070-123 45 67",
        "email": "",
        "municipality": "0680",
        "postal_code": "",
        "age_band": "75-84",
        "gender": "",
        "consent": "on",
        "submission_token": secrets.token_hex(16),
        "started": sign_start(time.time() - 60),
        "website": "",
        "action": "send",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """POST the form and run what happens after commit (notification tasks)."""

    def post(data, url=FORM_URL):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return post


def test_reference_is_short_unambiguous_and_normalised():
    references = {new_reference() for _ in range(200)}
    assert len(references) == 200
    assert all(REFERENCE_RE.match(r) for r in references)
    assert normalise_reference(" dh 4k7p 2qx ") == "DH-4K7P-2QX"
    assert normalise_reference("4k7p") == "DH-4K7P"


def test_form_page_shows_fieldsets_and_privacy_link(client, demo_site):
    response = client.get(FORM_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<legend>") >= 6
    assert 'href="/integritet/"' in html
    assert "Kontrollera vem som tar emot den" in html
    assert 'name="submission_token"' in html and 'name="website"' in html
    assert "no-store" in response["Cache-Control"]


def test_valid_submission_is_stored_routed_and_confirmed(client, send, demo_site):
    response = send(referral_data())

    assert response.status_code == 302
    assert Referral.objects.count() == 1
    referral = Referral.objects.get()
    assert referral.network.slug == "jonkoping"
    assert referral.routing_rule == "municipality"
    assert "Jönköping" in referral.routing_explanation
    assert REFERENCE_RE.match(referral.reference)
    assert referral.source == ReferralSource.WEB
    assert referral.consent and referral.consent_at
    assert list(referral.topics.values_list("slug", flat=True)) == ["bankid"]
    assert referral.events.filter(kind="created").exists()
    location = response["Location"]
    assert location.startswith(FORM_URL + "?kvitto=")
    for personal in ("Astrid", "070", "123", referral.reference):
        assert personal not in location

    confirmation = client.get(location)
    html = confirmation.content.decode()
    assert confirmation.status_code == 200
    assert referral.reference in html
    assert referral.network.name in html
    assert "BankID-koder" in html
    assert "no-store" in confirmation["Cache-Control"]
    assert "Astrid" not in html


def test_postal_code_and_other_municipality_route_to_their_network(send, demo_site):
    PostalCode.objects.update_or_create(
        code="57431", defaults={"locality": "Vetlanda", "municipality_code": "0685"}
    )
    send(referral_data(municipality="", postal_code="574 31"))
    referral = Referral.objects.get()
    assert referral.network.slug == "vetlanda"
    assert referral.postal_code == "57431"
    assert referral.municipality.code == "0685"


def test_resubmitting_the_same_form_creates_no_duplicate(client, send, demo_site):
    data = referral_data()
    first = send(data)
    second = send(data)
    third = send(referral_data(submission_token=data["submission_token"], name="Someone"))
    assert Referral.objects.count() == 1
    referral = Referral.objects.get()
    assert referral.name == "Astrid"
    # All three lead to the same receipt (the signed links differ when a second passes).
    for response in (first, second, third):
        assert response.status_code == 302
        assert referral.reference in client.get(response["Location"]).content.decode()


def test_confirmation_link_that_was_tampered_with_shows_no_referral(client, send, demo_site):
    location = send(referral_data())["Location"]
    response = client.get(location[:-3] + "xyz")
    assert response.status_code == 404
    assert Referral.objects.get().reference not in response.content.decode()


def _error_for(html, field):
    match = re.search(rf'id="id_{field}_error">(.*?)</ul>', html, re.S)
    assert match, f"no error message next to {field}"
    return re.sub(r"<[^>]+>", "", match.group(1))


EMPTY_ANSWERS = dict(
    for_whom="",
    topics=[],
    message="",
    contact_method="",
    name="",
    municipality="",
    consent="",
)


def test_every_missing_answer_gets_a_swedish_message_next_to_it(client, demo_site):
    response = client.post(FORM_URL, referral_data(**EMPTY_ANSWERS))
    html = response.content.decode()
    assert response.status_code == 400
    assert Referral.objects.count() == 0
    expected = {
        "for_whom": "Välj vem som behöver hjälp.",
        "topics": "Välj minst en sak du behöver hjälp med",
        "contact_method": "Välj hur du vill bli kontaktad.",
        "name": "Skriv ditt namn",
        "municipality": "Välj din kommun eller skriv ditt postnummer",
        "consent": "Du behöver godkänna",
    }
    for field, text in expected.items():
        assert text in _error_for(html, field)
        assert f'href="#id_{field}' in html  # the error summary links to the field
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'aria-invalid="true"' in html
    assert "has-error" in html
    assert 'role="alert"' in html


def test_wrong_answers_keep_what_was_typed(client, demo_site):
    data = referral_data(
        name="Bertil",
        phone="12ab",
        postal_code="5531",
        message="x" * 501,
        accessibility_other="Jag behöver stor text",
    )
    response = client.post(FORM_URL, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert Referral.objects.count() == 0
    assert "7 till 15 siffror" in _error_for(html, "phone")
    assert "fem siffror" in _error_for(html, "postal_code")
    assert "högst 500 tecken" in _error_for(html, "message")
    assert 'value="Bertil"' in html
    assert 'value="12ab"' in html
    assert 'value="5531"' in html
    assert 'value="Jag behöver stor text"' in html
    assert "x" * 501 in html
    assert re.search(r'value="hearing"[^>]*checked', html)
    assert re.search(r'value="0680"[^>]*selected', html)


def test_contact_details_must_match_the_chosen_method(client, demo_site):
    html = client.post(
        FORM_URL, referral_data(contact_method="email", email="", phone="")
    ).content.decode()
    assert "Skriv din e-postadress" in _error_for(html, "email")
    html = client.post(FORM_URL, referral_data(contact_method="sms", phone="")).content.decode()
    assert "Skriv ditt telefonnummer" in _error_for(html, "phone")
    html = client.post(
        FORM_URL, referral_data(contact_method="email", email="astrid@")
    ).content.decode()
    assert "namn@exempel.se" in _error_for(html, "email")
    assert Referral.objects.count() == 0


def test_unknown_postal_code_is_explained_next_to_it(client, demo_site):
    html = client.post(
        FORM_URL, referral_data(municipality="", postal_code="99999")
    ).content.decode()
    assert "999 99" in _error_for(html, "postal_code")
    assert Referral.objects.count() == 0


def test_messages_are_english_under_en(client, demo_site):
    response = client.post("/en/be-om-hjalp/", referral_data(**EMPTY_ANSWERS, phone="12ab"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Choose who needs help." in _error_for(html, "for_whom")
    assert "Write your name" in _error_for(html, "name")
    assert "Choose your municipality or write your postal code" in _error_for(html, "municipality")
    assert "7 to 15 digits" in _error_for(html, "phone")
    assert "You need to agree" in _error_for(html, "consent")
    assert "Välj" not in html.split('id="error-summary"')[1].split("</div>")[0]


def test_preview_says_which_network_receives_it_and_stores_nothing(client, demo_site):
    response = client.post(
        FORM_URL, referral_data(**EMPTY_ANSWERS) | {"municipality": "0685", "action": "preview"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Din förfrågan kommer att gå till: Digital hjälp Vetlanda (demo)." in html
    assert "Vetlanda" in html.split('id="routing-result"')[1]
    assert 'id="id_name_error"' not in html  # only location problems are shown
    assert Referral.objects.count() == 0


def test_honeypot_stores_nothing(client, demo_site):
    response = client.post(FORM_URL, referral_data(website="http://spam.example"))
    assert response.status_code == 400
    assert Referral.objects.count() == 0
    assert "Vi kunde inte skicka din förfrågan" in response.content.decode()


def test_too_fast_or_missing_start_time_stores_nothing_and_keeps_answers(client, demo_site):
    for started in (sign_start(time.time() - 1), "forged", ""):
        response = client.post(FORM_URL, referral_data(started=started, name="Cecilia"))
        html = response.content.decode()
        assert response.status_code == 400
        assert "Det gick väldigt fort" in html
        assert 'value="Cecilia"' in html
    assert Referral.objects.count() == 0


@pytest.mark.parametrize(
    "changes",
    [
        {"language": "abc", "municipality": "9999"},
        {"latitude": "nan", "longitude": "inf"},
        {"latitude": "95", "longitude": "14"},
        {"latitude": "57.78", "municipality": ""},
        {"topics": ["x", "99999"], "contact_times": ["midnight"], "age_band": "200"},
        {"submission_token": "<script>", "for_whom": "robot"},
        {"submission_token": "a\x00b", "name": "nul\x00byte", "postal_code": "\x00"},
    ],
)
def test_garbage_never_breaks_the_page(client, demo_site, changes):
    response = client.post(FORM_URL, referral_data(**changes))
    assert response.status_code == 400
    assert Referral.objects.count() == 0


def test_a_point_routes_by_service_area(send, demo_site):
    send(referral_data(municipality="", latitude="57.43", longitude="15.08"))
    referral = Referral.objects.get()
    assert referral.network.slug == "vetlanda"
    assert referral.latitude == pytest.approx(57.43)


def test_confirmation_email_only_when_an_email_was_given(send, demo_site):
    send(referral_data())
    assert [m for m in mail.outbox if "astrid@example.org" in m.to] == []
    mail.outbox.clear()

    send(referral_data(contact_method="email", email="astrid@example.org", phone=""))
    referral = Referral.objects.get(email="astrid@example.org")
    to_resident = [m for m in mail.outbox if m.to == ["astrid@example.org"]]
    assert len(to_resident) == 1
    assert referral.reference in to_resident[0].body
    assert "BankID" in to_resident[0].body


def test_coordinators_get_the_reference_but_no_personal_data(send, demo_site):
    send(referral_data(contact_method="email", email="astrid@example.org", phone="070-765 43 21"))
    referral = Referral.objects.get()
    notices = [m for m in mail.outbox if "samordnare.jonkoping@example.org" in m.to]
    assert len(notices) == 1
    notice = notices[0]
    assert "digitalhjalp.jonkoping@example.org" in notice.to
    text = notice.subject + notice.body
    assert referral.reference in text
    assert f"/admin/referrals/{referral.pk}/" in notice.body
    for personal in ("Astrid", "astrid@example.org", "070-765", "BankID-kort"):
        assert personal not in text
    referral.refresh_from_db()
    assert referral.notified_at is not None


def test_failed_notification_keeps_the_referral_and_is_retried(send, settings, demo_site):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    response = send(referral_data())
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.notified_at is None
    assert referral.notification_attempts == 1
    assert referral.notification_error
    assert referral.events.filter(kind="notify_failed").exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_pending_notifications")
    referral.refresh_from_db()
    assert referral.notified_at is not None
    assert [m for m in mail.outbox if referral.reference in m.subject]
    mail.outbox.clear()
    call_command("send_pending_notifications")
    assert mail.outbox == []


def test_english_visitors_get_an_english_confirmation(client, send, demo_site):
    response = send(referral_data(), url="/en/be-om-hjalp/")
    assert response["Location"].startswith("/en/be-om-hjalp/?kvitto=")
    html = client.get(response["Location"]).content.decode()
    assert "Your request has been sent" in html
    assert "never ask for your BankID codes" in html
    assert Referral.objects.get().reference in html
