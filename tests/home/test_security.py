"""Security headers, the health check and log-in throttling."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def test_public_pages_have_a_strict_content_security_policy(client, demo_site):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    script_src = next(p for p in policy.split("; ") if p.startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "'nonce-" in script_src
    assert "object-src 'none'" in policy
    assert "https://tile.openstreetmap.org" in policy  # the configured map tiles only
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_each_response_gets_a_new_nonce(client, demo_site):
    first = client.get("/")["Content-Security-Policy"]
    second = client.get("/")["Content-Security-Policy"]
    assert first != second


def test_admin_policy_is_relaxed_only_for_the_admin(client, demo_site):
    policy = client.get("/admin/login/")["Content-Security-Policy"]
    assert "'unsafe-inline'" in policy
    assert "frame-ancestors 'self'" in policy


def test_health_check_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
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
