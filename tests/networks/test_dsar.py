# ruff: noqa: F401, F811  (fixtures shared with test_coordinator_permissions)
"""Data subject access requests: a coordinator exports everything stored about one
referral and erases it on request; both are recorded and logged without personal data."""

import json
import logging

import pytest

from networks.models import ReferralEvent
from networks.referrals import add_note
from tests.networks.test_coordinator_permissions import (
    ACTION_STATUS,
    ROLES,
    client_for,
    referral,
    users,
)

pytestmark = pytest.mark.django_db

PERSONAL = ("Doris", "070-111 22 33", "Hjälp med Swish")


@pytest.fixture
def noted(referral):
    return add_note(referral, referral.version, None, "Ringde Doris, inget svar")


def test_data_page_shows_everything_stored(client, users, noted):
    client.force_login(users["jonkoping"])
    response = client.get(f"/admin/referrals/{noted.pk}/data/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    for value in (*PERSONAL, noted.reference, "Swish och bankärenden", "Ringde Doris, inget svar"):
        assert value in page, value
    assert f"/admin/referrals/{noted.pk}/data.json" in page
    assert noted.events.filter(kind=ReferralEvent.Kind.DATA_EXPORT).exists()


def test_json_download_holds_the_fields_and_the_history(client, users, noted):
    client.force_login(users["jonkoping"])
    response = client.get(f"/admin/referrals/{noted.pk}/data.json")
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == f'attachment; filename="{noted.reference}.json"'
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)["referral"]
    assert (data["reference"], data["name"], data["phone"]) == (
        noted.reference,
        "Doris",
        "070-111 22 33",
    )
    assert data["network"] == "Digital hjälp Jönköping (demo)"
    assert data["topics"] == ["Swish och bankärenden"]
    assert [event["what"] for event in data["history"]][:2] == ["created", "note"]
    assert data["history"][1]["note"] == "Ringde Doris, inget svar"
    assert "submission_token" not in data


def test_export_is_logged_without_personal_data(client, users, noted, caplog):
    client.force_login(users["jonkoping"])
    with caplog.at_level(logging.INFO, logger="security"):
        client.get(f"/admin/referrals/{noted.pk}/data.json")
    line = next(r.getMessage() for r in caplog.records if "dsar_export" in r.getMessage())
    assert f"user={users['jonkoping'].pk}" in line
    assert f"referral={noted.pk}" in line
    for value in (*PERSONAL, "127.0.0.1"):
        assert value not in caplog.text


def test_erasure_asks_first_then_needs_a_reason(client, users, noted):
    client.force_login(users["jonkoping"])
    url = f"/admin/referrals/{noted.pk}/erase/"
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Radera personuppgifterna" in confirm.content.decode()
    response = client.post(url, {"version": noted.version, "reason": "", "confirm": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Skriv varför uppgifterna raderas." in page
    assert "Kryssa i rutan för att bekräfta." in page
    noted.refresh_from_db()
    assert noted.name == "Doris" and noted.anonymised_at is None


def test_erasure_removes_the_personal_data_and_records_who_and_why(
    client,
    users,
    noted,
    caplog,
):
    client.force_login(users["jonkoping"])
    with caplog.at_level(logging.INFO, logger="security"):
        response = client.post(
            f"/admin/referrals/{noted.pk}/erase/",
            {"version": noted.version, "reason": "Bad om det i telefon", "confirm": "on"},
        )
    assert response.status_code == 302
    assert response["Location"] == f"/admin/referrals/{noted.pk}/"
    noted.refresh_from_db()
    assert (noted.name, noted.phone, noted.message) == ("", "", "")
    assert noted.status == "new" and noted.network.slug == "jonkoping"
    event = noted.events.get(kind=ReferralEvent.Kind.ERASED)
    assert (event.user, event.note) == (users["jonkoping"], "Bad om det i telefon")
    assert not noted.events.filter(note__contains="Doris").exists()
    assert "event=dsar_erase" in caplog.text and f"referral={noted.pk}" in caplog.text
    assert "Doris" not in caplog.text and "telefon" not in caplog.text

    data = json.loads(client.get(f"/admin/referrals/{noted.pk}/data.json").content)
    assert "Doris" not in json.dumps(data, ensure_ascii=False)
    again = client.get(f"/admin/referrals/{noted.pk}/erase/")
    assert again.status_code == 302  # already erased: back to the referral


def test_erasure_with_a_stale_version_erases_nothing(client, users, noted):
    client.force_login(users["jonkoping"])
    response = client.post(
        f"/admin/referrals/{noted.pk}/erase/",
        {"version": noted.version - 1, "reason": "Bad om det", "confirm": "on"},
    )
    assert response.status_code == 409
    assert "ändrades av någon annan" in response.content.decode()
    noted.refresh_from_db()
    assert noted.name == "Doris"


@pytest.mark.parametrize("role", ROLES)
def test_only_the_networks_coordinators_can_erase(client, users, referral, role):
    client = client_for(client, users, role)
    response = client.post(
        f"/admin/referrals/{referral.pk}/erase/",
        {"version": referral.version, "reason": "x", "confirm": "on"},
    )
    assert response.status_code == ACTION_STATUS[role]  # erasing answers like every other action
    referral.refresh_from_db()
    assert (referral.anonymised_at is not None) == (role in ("jonkoping", "superuser"))
    if role == "anonymous":
        assert response["Location"].startswith("/admin/login/")


def test_denied_access_is_logged(client, users, referral, caplog):
    with caplog.at_level(logging.INFO, logger="security"):
        client.force_login(users["vetlanda"])
        client.get(f"/admin/referrals/{referral.pk}/data/")
        client.force_login(users["partner"])
        client.get("/admin/referrals/")
    assert f"event=referral_not_visible user={users['vetlanda'].pk}" in caplog.text
    assert f"referral={referral.pk}" in caplog.text
    assert f"event=referral_access_denied user={users['partner'].pk}" in caplog.text
    assert "Doris" not in caplog.text
