"""Security headers, the health check and log-in throttling."""

import re

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def test_public_pages_have_a_strict_content_security_policy(client, demo_site):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    script_src = next(p for p in policy.split("; ") if p.startswith("script-src"))
    assert script_src == "script-src 'self'"  # nothing inline, nothing per response
    assert "object-src 'none'" in policy
    assert "https://tile.openstreetmap.org" in policy  # the configured map tiles only
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/hitta-hjalp/?q=bankid",
        "/hitta-hjalp/demo-vetlanda-bibliotek/bibliotekets-digitala-hjalp-vetlanda/",
        "/be-om-hjalp/",
        "/en/hitta-hjalp/",
    ],
)
def test_public_pages_run_no_inline_script(client, demo_site, path):
    """The policy above would block an inline script: every script is a file of this
    site or a data block."""
    html = client.get(path).content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts or path == "/"
    for attributes in scripts:
        assert "src=" in attributes or re.search(r'type="application/(ld\+)?json"', attributes), (
            attributes
        )


def test_admin_policy_is_relaxed_only_for_the_admin(client, demo_site):
    policy = client.get("/admin/login/")["Content-Security-Policy"]
    assert "'unsafe-inline'" in policy
    assert "frame-ancestors 'self'" in policy


def test_readiness_reports_the_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def _login(client, username, password):
    return client.post("/admin/login/", {"username": username, "password": password})


def test_login_is_throttled_after_repeated_failures(client, demo_site, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        response = _login(client, "samordnare.jonkoping", "wrong")
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
    # Even the right password is refused until the window has passed.
    response = _login(client, "samordnare.jonkoping", "demo-samordnare-2026")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Too many failed log-in attempts" in response.content.decode() or (
        "För många misslyckade inloggningsförsök" in response.content.decode()
    )


def test_throttling_one_user_leaves_others_alone(client, demo_site, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    for _ in range(2):
        _login(client, "samordnare.jonkoping", "wrong")
    response = _login(client, "admin", "demo-admin-2026")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(
        get_user_model().objects.get(username="admin").pk
    )


def test_successful_login_below_the_limit(client, demo_site, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    _login(client, "admin", "wrong")
    response = _login(client, "admin", "demo-admin-2026")
    assert response.status_code == 302


def test_pages_with_personal_data_are_never_stored_by_caches(client, demo_site):
    from networks.models import Referral
    from tests.networks.test_referral_form import FORM_URL, referral_data

    invalid = client.post(FORM_URL, referral_data(name=""))
    preview = client.post(FORM_URL, referral_data(action="preview"))
    sent = client.post(FORM_URL, referral_data(), follow=True)
    assert (invalid.status_code, preview.status_code, sent.status_code) == (400, 200, 200)
    assert "070-123 45 67" in invalid.content.decode()  # what was typed comes back …
    referral = Referral.objects.get()
    assert referral.reference in sent.content.decode()
    for response in (invalid, preview, sent):
        assert "no-store" in response["Cache-Control"]  # … so no cache may keep it
    client.force_login(get_user_model().objects.get(username="samordnare.jonkoping"))
    for url in ("/admin/referrals/", f"/admin/referrals/{referral.pk}/", "/admin/referrals/new/"):
        assert "no-store" in client.get(url)["Cache-Control"], url


def test_login_failures_and_lockouts_are_logged_without_names(client, demo_site, settings, caplog):
    import logging

    settings.LOGIN_FAILURE_LIMIT = 2
    with caplog.at_level(logging.INFO, logger="security"):
        for _ in range(3):
            _login(client, "samordnare.jonkoping", "hemligt-fel-123")
    messages = [record.getMessage() for record in caplog.records if record.name == "security"]
    assert messages.count("login failed") == 2
    assert "login throttled scope=user/ip" in messages
    assert "samordnare" not in caplog.text and "hemligt" not in caplog.text


def test_error_reports_never_show_what_a_person_typed(rf, demo_site):
    from django.contrib.auth.models import AnonymousUser
    from django.views.debug import SafeExceptionReporterFilter

    from networks.models import ReferralPage
    from networks.views import serve_referral_page
    from tests.networks.test_referral_form import referral_data

    request = rf.post("/be-om-hjalp/", referral_data())
    request.user = AnonymousUser()
    serve_referral_page(ReferralPage.objects.get(locale__language_code="sv"), request)
    cleansed = SafeExceptionReporterFilter().get_post_parameters(request)
    assert cleansed["name"] != "Astrid" and cleansed["phone"] != "070-123 45 67"
