"""The coordinators' referral area: who may open which URL, forwarding, history,
optimistic locking, phone registration, CSV export and the dashboard count."""

import csv
import io
import secrets

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

from directory.models import HelpTopic, Language, SupportPointPage
from networks.models import Network, Referral, ReferralEvent, ReferralSource
from networks.referrals import create_referral
from networks.routing import route

ROLES = ["anonymous", "partner", "vetlanda", "jonkoping", "superuser"]


def make_referral(municipality_code="0680", **changes):
    data = {
        "for_whom": "me",
        "topics": [HelpTopic.objects.get(slug="swish-och-bank")],
        "message": "Hjälp med Swish",
        "language": Language.objects.get(code="sv"),
        "contact_method": "phone",
        "contact_times": ["morning"],
        "accessibility_needs": [],
        "name": "Doris",
        "phone": "070-111 22 33",
        "email": "",
        "municipality": None,
        "postal_code": "",
        "age_band": "85+",
        "gender": "woman",
        "consent": True,
        **changes,
    }
    referral, _created = create_referral(
        data,
        route(municipality_code=municipality_code),
        submission_token=secrets.token_hex(16),
    )
    return referral


@pytest.fixture
def users(demo_site):
    User = get_user_model()
    vetlanda = User.objects.create_user(
        "samordnare.vetlanda", "samordnare.vetlanda@example.org", "x"
    )
    vetlanda.groups.add(Group.objects.get(name="Samordnare"))
    Network.objects.get(slug="vetlanda").coordinators.add(vetlanda)
    return {
        "anonymous": None,
        "partner": User.objects.get(username="partner.bibliotek"),
        "vetlanda": vetlanda,
        "jonkoping": User.objects.get(username="samordnare.jonkoping"),
        "superuser": User.objects.get(username="admin"),
    }


@pytest.fixture
def referral(demo_site):
    return make_referral("0680")


def client_for(client, users, role):
    if users[role] is not None:
        client.force_login(users[role])
    return client


def _pages(referral):
    base = f"/admin/referrals/{referral.pk}"
    return {
        "list": "/admin/referrals/",
        "export": "/admin/referrals/?export=csv",
        "export_xlsx": "/admin/referrals/?export=xlsx",
        "new": "/admin/referrals/new/",
        "detail": f"{base}/",
        "history": f"{base}/history/",
        "export_one": f"/admin/referrals/?q={referral.reference}&export=csv",
        "data": f"{base}/data/",
        "data_json": f"{base}/data.json",
        "erase": f"{base}/erase/",
    }


def body(response):
    """What the response shows or holds, as text (also a streamed CSV or an XLSX file)."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        return "\n".join("\t".join(str(cell or "") for cell in row) for row in xlsx_rows(content))
    return content.decode("utf-8-sig", errors="replace")


def xlsx_rows(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _actions(referral):
    point = SupportPointPage.objects.live().filter(municipality__code="0680").first()
    version = referral.version
    return {
        "status": {"status-version": version, "status-status": "contacted", "status-note": ""},
        "assign": {"assign-version": version, "assign-assigned_to": point.pk, "assign-note": ""},
        "note": {"note-version": version, "note-note": "Ringde, inget svar."},
        "forward": {
            "forward-version": version,
            "forward-network": Network.objects.get(slug="eksjo").pk,
            "forward-reason": "Bor i Eksjö.",
        },
    }


PAGES = [
    "list",
    "export",
    "export_xlsx",
    "new",
    "detail",
    "history",
    "export_one",
    "data",
    "data_json",
    "erase",
]
WITH_THE_REFERRAL = [p for p in PAGES if p not in ("new", "history")]
PAGE_STATUS = {
    "anonymous": dict.fromkeys(PAGES, 302),
    # Not Wagtail's redirect to the dashboard: a plain "no access" page.
    "partner": dict.fromkeys(PAGES, 403),
    "vetlanda": {
        "list": 200,
        "export": 200,
        "export_xlsx": 200,
        "new": 200,
        "detail": 404,
        "history": 404,
        "export_one": 200,  # a listing of the user's own referrals: empty
        "data": 404,
        "data_json": 404,
        "erase": 404,
    },
    "jonkoping": dict.fromkeys(PAGES, 200),
    "superuser": dict.fromkeys(PAGES, 200),
}
ACTION_STATUS = {
    "anonymous": 302,
    "partner": 403,
    "vetlanda": 404,
    "jonkoping": 302,
    "superuser": 302,
}


@pytest.mark.parametrize("role", ROLES)
def test_pages_answer_each_role_as_expected(client, users, referral, role):
    client = client_for(client, users, role)
    for name, url in _pages(referral).items():
        response = client.get(url)
        assert response.status_code == PAGE_STATUS[role][name], (role, name)
        if response.status_code == 302:
            assert response["Location"].split("?")[0] == "/admin/login/", (role, name)
        text = body(response)
        if role in ("anonymous", "partner", "vetlanda"):
            assert referral.reference not in text, (role, name)
            assert "Doris" not in text, (role, name)
        elif name in WITH_THE_REFERRAL:
            assert referral.reference in text, (role, name)
        assert "no-store" in response.get("Cache-Control", ""), (role, name)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["status", "assign", "note", "forward"])
def test_actions_answer_each_role_as_expected(client, users, referral, role, action):
    client = client_for(client, users, role)
    events_before = referral.events.count()
    response = client.post(f"/admin/referrals/{referral.pk}/{action}/", _actions(referral)[action])
    assert response.status_code == ACTION_STATUS[role]
    referral.refresh_from_db()
    if role in ("jonkoping", "superuser"):
        assert referral.version == 2
        kind = {"assign": "assigned", "forward": "forwarded"}.get(action, action)
        assert referral.events.filter(kind=kind).exists()
    else:
        if role == "anonymous":
            assert response["Location"].startswith("/admin/login/")
        assert "Doris" not in body(response)
        assert referral.version == 1
        assert referral.status == "new"
        assert referral.network.slug == "jonkoping"
        assert referral.events.count() == events_before


def test_actions_do_not_answer_get(client, users, referral):
    client.force_login(users["jonkoping"])
    assert client.get(f"/admin/referrals/{referral.pk}/status/").status_code == 405


def test_status_change_is_recorded_in_the_history(client, users, referral):
    client.force_login(users["jonkoping"])
    response = client.post(
        f"/admin/referrals/{referral.pk}/status/",
        {"status-version": 1, "status-status": "in_progress", "status-note": "Bokat besök"},
        follow=True,
    )
    assert "Statusen ändrades." in response.content.decode()
    event = referral.events.get(kind=ReferralEvent.Kind.STATUS)
    assert event.user == users["jonkoping"]
    assert (event.from_value, event.to_value, event.note) == ("Ny", "Pågår", "Bokat besök")
    history = client.get(f"/admin/referrals/{referral.pk}/history/").content.decode()
    assert "Bokat besök" in history and "Pågår" in history
    assert referral.events.filter(kind="viewed", user=users["jonkoping"]).exists()


def test_forwarding_moves_it_to_the_other_network(client, users, referral):
    client.force_login(users["jonkoping"])
    mail.outbox.clear()
    response = client.post(
        f"/admin/referrals/{referral.pk}/forward/",
        {
            "forward-version": 1,
            "forward-network": Network.objects.get(slug="vetlanda").pk,
            "forward-reason": "Bor i Vetlanda",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/referrals/"
    referral.refresh_from_db()
    assert referral.network.slug == "vetlanda"
    assert referral.status == "new"
    client.get("/admin/referrals/")  # shows (and uses up) the "forwarded" message
    assert referral.reference not in client.get("/admin/referrals/").content.decode()
    assert client.get(f"/admin/referrals/{referral.pk}/").status_code == 404
    event = referral.events.get(kind="forwarded")
    assert (event.from_value, event.to_value, event.note) == (
        "Digital hjälp Jönköping (demo)",
        "Digital hjälp Vetlanda (demo)",
        "Bor i Vetlanda",
    )

    client.force_login(users["vetlanda"])
    assert referral.reference in client.get("/admin/referrals/").content.decode()
    assert client.get(f"/admin/referrals/{referral.pk}/").status_code == 200


def test_forwarding_notifies_the_receiving_network(
    client, users, referral, django_capture_on_commit_callbacks
):
    client.force_login(users["jonkoping"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/referrals/{referral.pk}/forward/",
            {
                "forward-version": 1,
                "forward-network": Network.objects.get(slug="vetlanda").pk,
                "forward-reason": "x",
            },
        )
    assert [m for m in mail.outbox if "samordnare.vetlanda@example.org" in m.to]


def test_stale_version_is_refused_and_saves_nothing(client, users, referral):
    first, second = users["jonkoping"], users["superuser"]
    client.force_login(first)
    client.post(
        f"/admin/referrals/{referral.pk}/status/",
        {"status-version": 1, "status-status": "contacted"},
    )
    client.force_login(second)
    response = client.post(
        f"/admin/referrals/{referral.pk}/status/",
        {"status-version": 1, "status-status": "withdrawn"},
    )
    assert response.status_code == 409
    assert "ändrades av någon annan" in response.content.decode()
    response = client.post(
        f"/admin/referrals/{referral.pk}/note/", {"note-version": 1, "note-note": "Gammal vy"}
    )
    assert response.status_code == 409
    referral.refresh_from_db()
    assert referral.status == "contacted"
    assert referral.version == 2
    assert not referral.events.filter(kind="note").exists()


def test_invalid_action_input_is_explained_not_saved(client, users, referral):
    client.force_login(users["jonkoping"])
    for action, data in {
        "status": {"status-version": 1, "status-status": "exploded"},
        "note": {"note-version": 1, "note-note": ""},
        "forward": {"forward-version": 1, "forward-network": "abc", "forward-reason": ""},
        "assign": {"assign-version": "x", "assign-assigned_to": "999999"},
    }.items():
        response = client.post(f"/admin/referrals/{referral.pk}/{action}/", data)
        assert response.status_code == 400, action
    referral.refresh_from_db()
    assert referral.version == 1


def test_phone_registration(client, users, django_capture_on_commit_callbacks):
    client.force_login(users["jonkoping"])
    data = {
        "for_whom": "someone",
        "topics": [HelpTopic.objects.get(slug="1177-och-vard").pk],
        "language": Language.objects.get(code="ar").pk,
        "needs_interpreter": "on",
        "contact_method": "phone",
        "name": "Karim",
        "phone": "036-12 34 56",
        "municipality": "0680",
        "consent": "on",
        "submission_token": secrets.token_hex(16),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/referrals/new/", data)
        again = client.post("/admin/referrals/new/", data)
    referral = Referral.objects.get()
    assert response.status_code == again.status_code == 302
    assert response["Location"] == f"/admin/referrals/{referral.pk}/"
    assert referral.source == ReferralSource.PHONE
    assert referral.created_by == users["jonkoping"]
    assert referral.needs_interpreter
    assert referral.network.slug == "jonkoping"

    response = client.post("/admin/referrals/new/", {**data, "name": "", "submission_token": ""})
    assert response.status_code == 400
    assert Referral.objects.count() == 1


def test_listing_filters_and_search(client, users, demo_site):
    first = make_referral("0680", age_band="65-74")
    second = make_referral("0680", age_band="85+")
    second.status = "resolved"
    second.save()
    client.force_login(users["jonkoping"])

    def listed(query):
        return client.get("/admin/referrals/?" + query).content.decode()

    assert first.reference in listed("status=new") and second.reference not in listed("status=new")
    assert second.reference in listed("age_band=85%2B")
    assert first.reference not in listed("age_band=85%2B")
    search = first.reference.lower().replace("-", " ")
    assert first.reference in listed("q=" + search) and second.reference not in listed(
        "q=" + search
    )
    topic = HelpTopic.objects.get(slug="swish-och-bank").pk
    assert first.reference in listed(f"topic={topic}")
    assert first.reference not in listed(f"topic={HelpTopic.objects.get(slug='jobb').pk}")
    municipality = first.municipality.pk
    assert first.reference in listed(f"municipality={municipality}")
    assert first.reference in listed("created_from=2000-01-01&created_to=2100-01-01")
    assert first.reference not in listed("created_to=2000-01-01")
    assert client.get("/admin/referrals/?created_from=nonsense&p=abc").status_code == 200


def test_csv_export_is_safe_against_formulas(client, users, demo_site):
    referral = make_referral("0680", name='=HYPERLINK("http://evil")', message="+46 sms")
    make_referral("0685", name="Vetlanda person")
    client.force_login(users["jonkoping"])
    response = client.get("/admin/referrals/?export=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body(response))))
    assert rows[0][0] == "Referens"
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Referens"] == referral.reference
    assert row["Namn"] == '\'=HYPERLINK("http://evil")'
    assert row["Meddelande"] == "'+46 sms"
    assert row["Telefon"] == "070-111 22 33"
    assert referral.events.filter(kind="exported").exists()


def test_dashboard_and_menu_show_referrals_to_coordinators_only(client, users, referral):
    client.force_login(users["jonkoping"])
    home = client.get("/admin/").content.decode()
    assert "1 ny förfrågan väntar i dina nätverk." in home
    assert "/admin/referrals/" in home
    client.force_login(users["vetlanda"])
    assert "0 nya förfrågningar väntar" in client.get("/admin/").content.decode()
    client.force_login(users["partner"])
    home = client.get("/admin/").content.decode()
    assert "/admin/referrals/" not in home
    assert "väntar i dina nätverk" not in home
