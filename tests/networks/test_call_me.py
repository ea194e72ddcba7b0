# ruff: noqa: F401, F811  (fixtures shared with test_coordinator_permissions)
"""The short "call me" form (Ring mig) below the referral page: only a name, a phone
number, a place and consent; served under every language prefix; it becomes an ordinary
referral from the source "short", routed like any other, with a receipt that says when we
call; and the coordinator completes the rest on the phone."""

import re
import secrets
import time

import pytest
from django.http import HttpResponse

from directory.models import HelpTopic, Language
from geography.models import PostalCode
from networks.deadlines import deadline_of
from networks.forms import CallMeForm, sign_start
from networks.models import Network, Referral, ReferralEvent, ReferralSource
from networks.referrals import create_referral
from networks.routing import route
from tests.networks.test_coordinator_permissions import body, make_referral, users
from tests.networks.test_referral_admin import assert_unique_ids

FORM_URL = "/be-om-hjalp/ring-mig/"
PREFIXES = ["", "/en", "/ar", "/fa", "/so", "/ti", "/uk"]
GUARDS = {"submission_token", "started", "website"}


def call_me_data(**changes):
    """A complete, valid POST, filled in a minute ago."""
    data = {
        "name": "Astrid",
        "phone": "070-123 45 67",
        "municipality": "0680",
        "postal_code": "",
        "consent": "on",
        "submission_token": secrets.token_hex(16),
        "started": sign_start(time.time() - 60),
        "website": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    def post(data, url=FORM_URL):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return post


def _error_for(html, field):
    match = re.search(rf'id="id_{field}_error">(.*?)</ul>', html, re.S)
    assert match, f"no error message next to {field}"
    return re.sub(r"<[^>]+>", "", match.group(1))


def _form_html(html):
    return html.split('id="call-me-form"')[1].split("</form>")[0]


# --- The form ------------------------------------------------------------------------


def test_the_form_asks_only_four_things_and_carries_the_guards(client, demo_site):
    assert set(CallMeForm().fields) == {
        "name",
        "phone",
        "municipality",
        "postal_code",
        "consent",
        *GUARDS,
    }
    response = client.get(FORM_URL)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    names = set(re.findall(r'name="([^"]+)"', _form_html(html)))
    assert names == {
        "csrfmiddlewaretoken",
        "name",
        "phone",
        "municipality",
        "postal_code",
        "consent",
        *GUARDS,
    }
    assert 'type="tel"' in html
    assert 'href="/integritet/"' in html  # how we handle the data, next to the consent
    assert 'href="/be-om-hjalp/"' in html  # the full form, for those who want it


def test_the_home_page_and_the_referral_page_link_to_it(client, demo_site):
    for prefix in ("", "/ar"):
        home = client.get(prefix + "/").content.decode()
        assert f'id="call-me-link" href="{prefix}{FORM_URL}"' in home
        referral_page = client.get(prefix + "/be-om-hjalp/").content.decode()
        assert f'id="call-me-link" href="{prefix}{FORM_URL}"' in referral_page


@pytest.mark.parametrize("prefix", PREFIXES)
def test_every_language_prefix_serves_it(client, demo_site, prefix):
    language = prefix.strip("/") or "sv"
    for _attempt in range(2):  # the second time from the remembered route
        response = client.get(prefix + FORM_URL)
        assert response.status_code == 200
        html = response.content.decode()
        assert f'<html lang="{language}"' in html
        assert 'id="call-me-form"' in html
        assert f'action="{prefix}{FORM_URL}"' in html


def test_it_is_served_without_remembered_routes_too(client, demo_site, settings):
    settings.REMEMBER_PAGE_ROUTES = False
    assert client.get("/ar" + FORM_URL).status_code == 200
    assert 'id="referral-form"' in client.get("/ar/be-om-hjalp/").content.decode()


def test_other_paths_below_the_referral_page_are_not_found(client, demo_site):
    assert client.get("/be-om-hjalp/ring-dig/").status_code == 404
    assert client.get("/en/be-om-hjalp/ring-mig/mer/").status_code == 404


# --- Sending -------------------------------------------------------------------------


def test_a_valid_send_becomes_an_ordinary_referral_with_a_call_back_receipt(
    client, send, demo_site
):
    response = send(call_me_data())

    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.source == ReferralSource.SHORT
    assert referral.contact_method == "phone"
    assert referral.for_whom == ""  # the coordinator asks
    assert referral.network.slug == "jonkoping"
    assert referral.routing_rule == "municipality"
    assert referral.municipality.code == "0680"
    assert referral.language.code == "sv"
    assert (referral.name, referral.phone) == ("Astrid", "070-123 45 67")
    assert referral.consent and referral.consent_at
    assert referral.events.filter(kind=ReferralEvent.Kind.CREATED).count() == 1
    location = response["Location"]
    assert location.startswith("/be-om-hjalp/?kvitto=")  # the full form's receipt
    assert "070" not in location and "Astrid" not in location

    receipt = client.get(location)
    html = receipt.content.decode()
    assert receipt.status_code == 200
    assert "no-store" in receipt["Cache-Control"]
    assert referral.reference in html
    assert referral.network.name in html
    # "We will call you on <phone> no later than <date>": the number left to right, and
    # only its last two digits (the receipt may be seen on a shared computer).
    call_back = html.split('id="call-back">')[1].split("</p>")[0]
    assert '<strong id="call-back-phone" dir="ltr">•••-••• •• 67</strong>' in call_back
    assert str(deadline_of(referral).day) in call_back
    assert "Astrid" not in html


def test_a_postal_code_routes_to_its_network(send, demo_site):
    postal_code, _created = PostalCode.objects.get_or_create(
        code="57431", defaults={"locality": "Vetlanda", "municipality_code": "0685"}
    )
    expected = Network.objects.get(municipalities__code=postal_code.municipality_code)
    send(call_me_data(municipality="", postal_code="574 31"))
    referral = Referral.objects.get()
    assert referral.network == expected
    assert referral.postal_code == "57431"
    assert referral.municipality.code == postal_code.municipality_code


@pytest.mark.parametrize("language", ["en", "ar", "fa", "uk"])
def test_the_referral_speaks_the_site_language_used(send, demo_site, language):
    response = send(call_me_data(), url=f"/{language}{FORM_URL}")
    assert response["Location"].startswith(f"/{language}/be-om-hjalp/?kvitto=")
    referral = Referral.objects.get()
    assert referral.language.code == language
    assert referral.made_in_language == language


def test_without_an_entry_for_the_site_language_it_is_swedish(send, demo_site):
    Language.objects.filter(code="so").update(code="so-x")
    send(call_me_data(), url=f"/so{FORM_URL}")
    referral = Referral.objects.get()
    assert referral.language.code == "sv"
    assert referral.made_in_language == "so"


def test_sending_twice_stores_one_referral(client, send, demo_site):
    data = call_me_data()
    first, second = send(data), send(data)
    again = send(call_me_data(submission_token=data["submission_token"], name="Someone"))
    referral = Referral.objects.get()
    assert referral.name == "Astrid"
    for response in (first, second, again):
        assert response.status_code == 302
        assert response["Location"].startswith("/be-om-hjalp/?kvitto=")
        assert referral.reference in client.get(response["Location"]).content.decode()


# --- Errors --------------------------------------------------------------------------


def test_missing_answers_are_explained_and_what_was_typed_is_kept(client, demo_site):
    response = client.post(
        FORM_URL, call_me_data(phone="", consent="", municipality="", name="Bertil")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert Referral.objects.count() == 0
    assert 'id="error-summary"' in html and 'role="alert"' in html
    for field in ("phone", "municipality", "consent"):
        assert f'href="#id_{field}"' in html  # the summary links to the field
        assert _error_for(html, field)
    assert "Välj din kommun eller skriv ditt postnummer" in _error_for(html, "municipality")
    assert "Du behöver godkänna" in _error_for(html, "consent")
    assert 'value="Bertil"' in html
    assert 'aria-invalid="true"' in html
    assert "name" not in re.findall(r'href="#id_(\w+)"', html)


def test_a_bad_phone_number_or_postal_code_keeps_the_input(client, demo_site):
    response = client.post(
        FORM_URL, call_me_data(phone="12ab", municipality="", postal_code="5531")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "7 till 15 siffror" in _error_for(html, "phone")
    assert "fem siffror" in _error_for(html, "postal_code")
    assert 'value="12ab"' in html and 'value="5531"' in html
    assert Referral.objects.count() == 0


def test_messages_are_in_the_visitors_language(client, demo_site):
    response = client.post(
        "/en" + FORM_URL, call_me_data(phone="", consent="", municipality="", name="")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Write your phone number, so that we can call you." in _error_for(html, "phone")
    assert "Write your name" in _error_for(html, "name")
    assert "Choose your municipality or write your postal code" in _error_for(html, "municipality")
    assert "You need to agree" in _error_for(html, "consent")
    assert '<html lang="en"' in html


def test_an_unknown_postal_code_alone_is_explained(client, demo_site):
    html = client.post(FORM_URL, call_me_data(municipality="", postal_code="99999")).content
    assert "999 99" in _error_for(html.decode(), "postal_code")
    assert Referral.objects.count() == 0


def test_honeypot_stores_nothing(client, demo_site):
    response = client.post(FORM_URL, call_me_data(website="http://spam.example"))
    assert response.status_code == 400
    assert Referral.objects.count() == 0
    assert "Vi kunde inte skicka din förfrågan" in response.content.decode()


def test_too_fast_or_forged_start_stores_nothing_and_keeps_answers(client, demo_site):
    for started in (sign_start(time.time() - 1), "forged", ""):
        response = client.post(FORM_URL, call_me_data(started=started, name="Cecilia"))
        html = response.content.decode()
        assert response.status_code == 400
        assert "Det gick väldigt fort" in html
        assert 'value="Cecilia"' in html
        assert 'id="error-summary"' not in html
    assert Referral.objects.count() == 0


@pytest.mark.parametrize(
    "changes",
    [
        {"municipality": "9999"},
        {"municipality": "<script>", "postal_code": "\x00"},
        {"phone": "0" * 40, "name": "x" * 300},
        {"submission_token": "a\x00b", "name": "nul\x00byte"},
        {"consent": "maybe", "started": "x" * 5000},
        {"name": ["Astrid", "Bertil"], "municipality": ["0680", "0685"]},
    ],
)
def test_garbage_never_breaks_the_page(client, demo_site, changes):
    response = client.post(FORM_URL, call_me_data(**changes))
    assert response.status_code in (302, 400)
    assert response.status_code == 302 or Referral.objects.count() == 0


def test_the_referral_forms_rate_limit_protects_it(client, demo_site, monkeypatch):
    from core import throttle

    scopes = []

    def refuse(request, scope):
        scopes.append(scope)
        return HttpResponse("slow down", status=429)

    monkeypatch.setattr(throttle, "check", refuse)
    assert client.get(FORM_URL).status_code == 200  # reading the form is not counted
    response = client.post(FORM_URL, call_me_data())
    assert response.status_code == 429
    assert scopes == ["referral-form"]
    assert Referral.objects.count() == 0


# --- The coordinator completes it on the phone ---------------------------------------


def make_short_referral(municipality_code="0680"):
    form = CallMeForm(call_me_data(municipality=municipality_code))
    assert form.is_valid(), form.errors
    referral, _created = create_referral(
        form.referral_data(),
        form.decision,
        submission_token=form.cleaned_data["submission_token"],
        source=ReferralSource.SHORT,
    )
    return referral


def completion(referral, **changes):
    data = {
        "complete-version": referral.version,
        "complete-for_whom": "someone",
        "complete-topics": [HelpTopic.objects.get(slug="bankid").pk],
        "complete-message": "Mamma behöver hjälp med BankID.",
        "complete-language": Language.objects.get(code="ar").pk,
        "complete-needs_interpreter": "on",
        "complete-accessibility_needs": ["hearing"],
        "complete-accessibility_other": "",
        "complete-contact_times": ["morning"],
        "complete-age_band": "75-84",
        "complete-gender": "woman",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def short(demo_site):
    return make_short_referral()


def test_a_call_me_referral_offers_to_complete_its_details(client, users, short):
    client.force_login(users["jonkoping"])
    response = client.get(f"/admin/referrals/{short.pk}/")
    ids = assert_unique_ids(response)  # each label names its own field
    assert "id_complete-for_whom_0" in ids and "id_complete-language" in ids
    html = response.content.decode()
    assert f'action="/admin/referrals/{short.pk}/complete/"' in html
    assert 'name="complete-for_whom"' in html
    assert 'id="call-me-help"' in html
    # An ordinary referral has nothing to complete.
    web = make_referral("0680")
    html = client.get(f"/admin/referrals/{web.pk}/").content.decode()
    assert "/complete/" not in html and 'name="complete-for_whom"' not in html


def test_the_coordinator_completes_the_details(client, users, short):
    client.force_login(users["jonkoping"])
    response = client.post(f"/admin/referrals/{short.pk}/complete/", completion(short))
    assert response.status_code == 302
    assert response["Location"] == f"/admin/referrals/{short.pk}/"
    short.refresh_from_db()
    assert short.version == 2
    assert short.for_whom == "someone"
    assert list(short.topics.values_list("slug", flat=True)) == ["bankid"]
    assert short.message == "Mamma behöver hjälp med BankID."
    assert short.language.code == "ar" and short.needs_interpreter
    assert short.accessibility_needs == ["hearing"]
    assert short.contact_times == ["morning"]
    assert (short.age_band, short.gender) == ("75-84", "woman")
    # Unchanged: what the person gave, and how and by whom it is handled.
    assert (short.name, short.phone, short.source) == ("Astrid", "070-123 45 67", "short")
    assert short.network.slug == "jonkoping" and short.status == "new"

    event = short.events.get(kind=ReferralEvent.Kind.COMPLETED)
    assert event.user == users["jonkoping"]
    assert event.note == "" and event.from_value == ""
    for personal in ("Astrid", "070", "Mamma", "BankID", "75", "woman", "Kvinna"):
        assert personal not in event.to_value
    page = client.get(f"/admin/referrals/{short.pk}/").content.decode()
    assert "Mamma behöver hjälp med BankID." in page


def test_a_stale_version_is_refused_and_nothing_saved(client, users, short):
    client.force_login(users["jonkoping"])
    stale = completion(short)
    client.post(f"/admin/referrals/{short.pk}/note/", {"note-version": 1, "note-note": "Ringde."})
    response = client.post(f"/admin/referrals/{short.pk}/complete/", stale)
    assert response.status_code == 409
    assert 'id="conflict"' in response.content.decode()
    short.refresh_from_db()
    assert short.version == 2 and short.for_whom == ""
    assert not short.events.filter(kind=ReferralEvent.Kind.COMPLETED).exists()


def test_the_same_rules_as_the_full_form(client, users, short):
    client.force_login(users["jonkoping"])
    empty = {"complete-for_whom": "", "complete-topics": [], "complete-message": ""}
    response = client.post(f"/admin/referrals/{short.pk}/complete/", completion(short) | empty)
    assert response.status_code == 400
    html = " ".join(response.content.decode().split())
    assert "Välj vem som behöver hjälp." in html
    assert "Välj minst en sak du behöver hjälp med" in html
    assert 'name="complete-for_whom" value="me" required aria-invalid="true"' in html
    assert_unique_ids(response)
    short.refresh_from_db()
    assert short.version == 1 and short.for_whom == ""


COMPLETE_STATUS = {"anonymous": 302, "partner": 403, "vetlanda": 404, "superuser": 302}


@pytest.mark.parametrize("role", COMPLETE_STATUS)
def test_only_the_networks_coordinators_may_complete_it(client, users, short, role):
    if users[role] is not None:
        client.force_login(users[role])
    response = client.post(f"/admin/referrals/{short.pk}/complete/", completion(short))
    assert response.status_code == COMPLETE_STATUS[role]
    short.refresh_from_db()
    if role == "superuser":
        assert short.version == 2
        return
    if role == "anonymous":
        assert response["Location"].startswith("/admin/login/")
    assert "Astrid" not in body(response)
    assert short.version == 1 and short.for_whom == ""
    assert not short.events.filter(kind=ReferralEvent.Kind.COMPLETED).exists()


def test_an_ordinary_referral_cannot_be_completed(client, users, demo_site):
    web = make_referral("0680")
    client.force_login(users["jonkoping"])
    response = client.post(f"/admin/referrals/{web.pk}/complete/", completion(web))
    assert response.status_code == 404
    web.refresh_from_db()
    assert web.version == 1 and web.for_whom == "me"


def test_an_anonymised_referral_is_not_completed(client, users, short):
    from django.utils import timezone

    Referral.objects.filter(pk=short.pk).update(anonymised_at=timezone.now())
    client.force_login(users["jonkoping"])
    response = client.post(f"/admin/referrals/{short.pk}/complete/", completion(short))
    assert response.status_code == 302
    short.refresh_from_db()
    assert short.version == 1 and short.for_whom == ""
    html = client.get(f"/admin/referrals/{short.pk}/").content.decode()
    assert 'name="complete-for_whom"' not in html


def test_short_referrals_route_like_any_other(demo_site):
    referral = make_short_referral("0685")
    assert referral.network == route(municipality_code="0685").network
