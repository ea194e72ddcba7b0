"""Admin sessions end after SESSION_IDLE_TIMEOUT without activity and SESSION_COOKIE_AGE
after logging in, whatever happens in between."""

import logging

import pytest
from django.contrib.auth import get_user_model

from core.sessions import SESSION_AUTH_AT, SESSION_SEEN_AT

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(client, demo_site):
    client.force_login(get_user_model().objects.get(username="samordnare.jonkoping"))
    assert client.get("/admin/referrals/").status_code == 200
    return client


def _shift(client, key, seconds):
    session = client.session
    session[key] -= seconds
    session.save()


def test_defaults_are_one_working_day_and_half_an_hour(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60


def test_session_cookie_ends_with_the_browser_or_after_the_configured_age(
    client, demo_site, settings
):
    login = {"username": "samordnare.jonkoping", "password": "demo-samordnare-2026"}
    response = client.post("/admin/login/", login)
    assert response.status_code == 302
    assert response.cookies["sessionid"]["max-age"] == ""  # gone when the browser closes
    assert response.cookies["sessionid"]["httponly"]
    client.logout()
    response = client.post("/admin/login/", {**login, "remember": "on"})
    assert response.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE


def test_idle_session_is_logged_out(coordinator_client, settings, caplog):
    _shift(coordinator_client, SESSION_SEEN_AT, settings.SESSION_IDLE_TIMEOUT + 1)
    with caplog.at_level(logging.INFO, logger="security"):
        response = coordinator_client.get("/admin/referrals/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in coordinator_client.session
    assert "event=session_timeout" in caplog.text and "reason=idle" in caplog.text
    login = coordinator_client.get(response["Location"]).content.decode()
    assert "Du loggades ut efter en stund utan aktivitet." in login


def test_activity_keeps_the_session_until_the_absolute_limit(coordinator_client, settings):
    _shift(coordinator_client, SESSION_SEEN_AT, settings.SESSION_IDLE_TIMEOUT - 60)
    assert coordinator_client.get("/admin/referrals/").status_code == 200
    _shift(coordinator_client, SESSION_AUTH_AT, settings.SESSION_COOKIE_AGE + 1)
    response = coordinator_client.get("/admin/referrals/")
    assert response.status_code == 302
    assert "_auth_user_id" not in coordinator_client.session
