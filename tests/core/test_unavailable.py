"""When the database fails during a request, the person gets 503 "please try again" and
nothing half-saved; the next request works again."""

import pytest
from django.db import OperationalError, connection

from networks.models import Referral
from tests.networks.test_referral_form import FORM_URL, referral_data

pytestmark = pytest.mark.django_db


def fail_on(fragment):
    """A query wrapper that fails like a lost database connection on matching SQL."""

    def wrapper(execute, sql, params, many, context):
        if fragment in sql:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    return wrapper


def test_referral_that_cannot_be_stored_gets_503_not_a_confirmation(client, demo_site):
    with connection.execute_wrapper(fail_on('INSERT INTO "networks_referralevent"')):
        response = client.post(FORM_URL, referral_data())
    assert response.status_code == 503
    html = response.content.decode()
    assert "Försök igen om en liten stund" in html
    assert "inte</strong> sparats" in html
    assert response["Retry-After"] == "10"
    assert "no-store" in response["Cache-Control"]
    assert not Referral.objects.exists()  # the referral row was rolled back with it
    assert client.post(FORM_URL, referral_data()).status_code == 302


def test_api_answers_503_json(client, demo_site):
    with connection.execute_wrapper(fail_on("SELECT")):
        response = client.get("/api/v1/support-points/")
    assert response.status_code == 503
    assert "try again" in response.json()["error"]


def test_readiness_says_unavailable(client):
    with connection.execute_wrapper(fail_on("SELECT 1")):
        response = client.get("/readyz")
        assert client.get("/healthz").status_code == 200  # the process itself answers
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["checks"]["database"]["status"] == "unavailable"


def test_database_error_outside_a_view_also_gets_503(rf):
    from django.db import OperationalError

    from core.unavailable import server_error

    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(rf.get("/hitta-hjalp/"))
    assert response.status_code == 503
    assert "Försök igen" in response.content.decode()

    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(rf.get("/hitta-hjalp/"))
    assert response.status_code == 500
