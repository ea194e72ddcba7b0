"""Schemathesis generates requests from the OpenAPI description of /api/v1/ (served at
/api/v1/openapi.json) and checks the answers: never 5xx, only documented status codes
and content types, and bodies that match the documented schemas."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_description_is_served_and_lists_every_endpoint(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert set(response.json()["paths"]) == {
        "/api/v1/support-points/",
        "/api/v1/support-points.geojson",
        "/api/v1/route/",
    }


@pytest.fixture
def keep_test_connection():
    """Like Django's test client: the real WSGI handler would otherwise close the test's
    database connection (it is inside the test transaction) after each request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_answers_as_described(case, demo_site, keep_test_connection):
    case.call_and_validate(checks=CHECKS)
