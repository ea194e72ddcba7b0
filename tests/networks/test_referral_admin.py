# ruff: noqa: F401, F811  (fixtures shared with test_coordinator_permissions)
"""The referral area on Wagtail's viewsets: exports that are formula-safe and recorded,
the history, unique element ids on every page (so each label names its own field), and
who gets 403 or 404 where."""

import csv
import io
import json
import logging
from collections import Counter
from html.parser import HTMLParser

import pytest

from directory.models import HelpTopic, Language
from networks.models import ReferralEvent
from networks.referrals import add_note, change_status
from tests.networks.test_coordinator_permissions import (
    _actions,
    _pages,
    body,
    make_referral,
    referral,
    users,
    xlsx_rows,
)

pytestmark = pytest.mark.django_db

EVIL_NAME = '=HYPERLINK("http://evil","klicka")'


@pytest.fixture
def evil(demo_site):
    return make_referral("0680", name=EVIL_NAME, message="@SUM(A1:A2)", phone="+46 70 111 22 33")


# --- Exports -------------------------------------------------------------------------


def test_xlsx_export_is_formula_safe_and_recorded(client, users, evil, caplog):
    other = make_referral("0685", name="Vetlanda person")
    client.force_login(users["jonkoping"])
    with caplog.at_level(logging.INFO, logger="security"):
        response = client.get("/admin/referrals/?export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="referrals.xlsx"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    header, *rows = xlsx_rows(b"".join(response.streaming_content))
    assert header[:3] == ["Referens", "Skapad", "Status"]
    assert len(rows) == 1  # only the user's own network
    row = dict(zip(header, rows[0], strict=True))
    assert row["Referens"] == evil.reference
    assert row["Namn"] == "'" + EVIL_NAME
    assert row["Meddelande"] == "'@SUM(A1:A2)"
    assert row["Telefon"] == "'+46 70 111 22 33"
    assert row["Hjälp med"] == "Swish och bankärenden"
    assert evil.events.filter(kind=ReferralEvent.Kind.EXPORTED).count() == 1
    assert not other.events.filter(kind=ReferralEvent.Kind.EXPORTED).exists()
    line = next(r.getMessage() for r in caplog.records if "referral_export" in r.getMessage())
    assert f"user={users['jonkoping'].pk}" in line and "format=xlsx" in line and "count=1" in line
    assert "Doris" not in caplog.text and "evil" not in caplog.text


def test_csv_export_is_formula_safe_recorded_and_opens_in_excel(client, users, evil, caplog):
    client.force_login(users["jonkoping"])
    with caplog.at_level(logging.INFO, logger="security"):
        response = client.get("/admin/referrals/?export=csv")
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())  # Excel then reads å, ä, ö as UTF-8
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="referrals.csv"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    header, *rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    row = dict(zip(header, rows[0], strict=True))
    assert (row["Namn"], row["Meddelande"]) == ("'" + EVIL_NAME, "'@SUM(A1:A2)")
    assert row["Hjälp med"] == "Swish och bankärenden"
    assert evil.events.filter(kind=ReferralEvent.Kind.EXPORTED).count() == 1
    assert "format=csv" in caplog.text and "count=1" in caplog.text


def test_export_follows_the_filters(client, users, evil):
    resolved = make_referral("0680", name="Avslutad")
    change_status(resolved, resolved.version, None, "resolved")
    client.force_login(users["jonkoping"])
    text = body(client.get("/admin/referrals/?status=resolved&export=csv"))
    assert resolved.reference in text and evil.reference not in text
    text = body(client.get(f"/admin/referrals/?q={evil.reference.lower()}&export=xlsx"))
    assert evil.reference in text and resolved.reference not in text
    exported = ReferralEvent.objects.filter(kind=ReferralEvent.Kind.EXPORTED)
    assert (
        exported.filter(referral=resolved).count() == exported.filter(referral=evil).count() == 1
    )


# --- History ---------------------------------------------------------------------------


def test_history_shows_the_referrals_own_events(client, users, referral):
    coordinator = users["jonkoping"]
    changed = change_status(referral, referral.version, coordinator, "in_progress", "Bokat besök")
    add_note(changed, changed.version, coordinator, "Ringer igen på fredag")
    client.force_login(coordinator)
    response = client.get(f"/admin/referrals/{referral.pk}/history/")
    assert response.status_code == 200
    rows = table_rows(response.content.decode())
    header, *events = rows
    assert header == ["När", "Vem", "Vad", "Från → till", "Anteckning"]
    assert [event[2] for event in events] == ["Skapad", "Status ändrad", "Intern anteckning"]
    assert events[0][1] == "systemet"
    name = coordinator.get_full_name()
    assert events[1][1:] == [name, "Status ändrad", "Ny → Pågår", "Bokat besök"]
    assert events[2][4] == "Ringer igen på fredag"
    assert f"/admin/referrals/{referral.pk}/" in response.content.decode()  # back to it


# --- Unique ids ------------------------------------------------------------------------


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = Counter()
        self.label_targets = []
        self.in_template = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "template":
            self.in_template += 1
        if self.in_template:
            return
        if attrs.get("id"):
            self.ids[attrs["id"]] += 1
        if tag == "label" and attrs.get("for"):
            self.label_targets.append(attrs["for"])

    def handle_endtag(self, tag):
        if tag == "template":
            self.in_template -= 1


def assert_unique_ids(response):
    parser = _Ids()
    parser.feed(response.content.decode())
    repeated = sorted(name for name, n in parser.ids.items() if n > 1)
    assert not repeated, f"{response.request['PATH_INFO']}: repeated ids {repeated}"
    lost = sorted(t for t in parser.label_targets if t not in parser.ids)
    assert not lost, f"{response.request['PATH_INFO']}: labels for nothing {lost}"
    return parser.ids


def test_every_referral_page_has_unique_ids(client, users, referral):
    client.force_login(users["jonkoping"])
    pages = _pages(referral)
    for name in ("list", "detail", "history", "new", "data", "erase"):
        response = client.get(pages[name])
        assert response.status_code == 200, name
        assert_unique_ids(response)
    ids = assert_unique_ids(client.get(pages["detail"]))
    for field in (
        "id_status-status",
        "id_assign-assigned_to",
        "id_note-note",
        "id_forward-reason",
    ):
        assert ids[field] == 1, field
    filtered = client.get("/admin/referrals/?status=new&q=dh&created_from=2000-01-01")
    assert referral.reference in filtered.content.decode()
    assert_unique_ids(filtered)


def test_impossible_filter_values_are_ignored_not_a_crash(client, users, referral):
    client.force_login(users["jonkoping"])
    for query in ("topic=99999999999999999999999", "municipality=abc", "status=exploded"):
        response = client.get(f"/admin/referrals/?{query}&created_from=31/31/2024&ordering=x")
        assert response.status_code == 200, query
        assert referral.reference in response.content.decode(), query


def test_pages_with_errors_have_unique_ids(client, users, referral):
    client.force_login(users["jonkoping"])
    phone = client.post("/admin/referrals/new/", {"name": "Karim", "phone": "1"})
    assert phone.status_code == 400
    assert "Karim" in phone.content.decode()  # what was typed comes back
    assert_unique_ids(phone)
    note = client.post(f"/admin/referrals/{referral.pk}/note/", {"note-version": 1})
    assert note.status_code == 400
    assert_unique_ids(note)
    erase = client.post(f"/admin/referrals/{referral.pk}/erase/", {"version": 1})
    assert erase.status_code == 400
    assert_unique_ids(erase)


def test_action_errors_are_shown_next_to_their_own_field(client, users, referral):
    client.force_login(users["jonkoping"])
    response = client.post(
        f"/admin/referrals/{referral.pk}/note/", {"note-version": 1, "note-note": ""}
    )
    page = response.content.decode()
    assert response.status_code == 400
    note_form = page[page.index(f'action="/admin/referrals/{referral.pk}/note/"') :]
    note_form = note_form[: note_form.index("</form>")]
    assert "Det här fältet är obligatoriskt" in note_form
    assert page.count("Det här fältet är obligatoriskt") == 1


# --- Who gets what -----------------------------------------------------------------


def _posts(referral):
    base = f"/admin/referrals/{referral.pk}"
    erase = {"version": referral.version, "reason": "x", "confirm": "on"}
    return {
        **{f"{base}/{action}/": data for action, data in _actions(referral).items()},
        f"{base}/erase/": erase,
    }


def test_partner_gets_403_on_every_referral_url(client, users, referral, caplog):
    client.force_login(users["partner"])
    with caplog.at_level(logging.INFO, logger="security"):
        for url in [*_pages(referral).values(), "/admin/referrals/results/"]:
            response = client.get(url)
            assert response.status_code == 403, url
            assert "no-store" in response["Cache-Control"], url
            assert referral.reference not in body(response), url
        for url, data in _posts(referral).items():
            assert client.post(url, data).status_code == 403, url
        phone = client.post("/admin/referrals/new/", {"name": "Karim"})
        assert phone.status_code == 403
    assert "Förfrågningar visas bara för samordnarna" in body(phone)
    assert caplog.text.count(f"event=referral_access_denied user={users['partner'].pk}") >= 14
    referral.refresh_from_db()
    assert (referral.version, referral.status, referral.name) == (1, "new", "Doris")
    assert referral.events.count() == 1


def test_another_networks_coordinator_gets_404_on_every_referral_url(client, users, referral):
    client.force_login(users["vetlanda"])
    pages = _pages(referral)
    per_referral = [pages[name] for name in ("detail", "history", "data", "data_json", "erase")]
    for url in [*per_referral, f"/admin/referrals/{referral.pk}/history/results/"]:
        assert client.get(url).status_code == 404, url
    for url, data in _posts(referral).items():
        assert client.post(url, data).status_code == 404, url
    referral.refresh_from_db()
    assert (referral.version, referral.name) == (1, "Doris")
    assert referral.events.count() == 1  # not even a "viewed"


def test_no_generic_edit_copy_or_delete(client, users, referral):
    client.force_login(users["superuser"])
    for url in (
        f"/admin/referrals/edit/{referral.pk}/",
        f"/admin/referrals/delete/{referral.pk}/",
        f"/admin/referrals/copy/{referral.pk}/",
        f"/admin/referrals/inspect/{referral.pk}/",
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
    referral.refresh_from_db()


def test_menu_groups_referrals_and_networks(client, users, referral):
    client.force_login(users["jonkoping"])
    home = client.get("/admin/").content.decode()
    assert json.dumps("Alla förfrågningar")[1:-1] in home  # the menu is JSON for the sidebar
    assert "/admin/referrals/" in home
    assert "/admin/networks/" not in home
    client.force_login(users["superuser"])
    home = client.get("/admin/").content.decode()
    assert "/admin/referrals/" in home and "/admin/networks/" in home


def test_status_counts_above_the_list(client, users, referral):
    done = make_referral("0680")
    change_status(done, done.version, None, "resolved")
    make_referral("0685")  # Vetlanda's: not counted for Jönköping
    client.force_login(users["jonkoping"])
    page = client.get("/admin/referrals/?status=resolved").content.decode()
    counts = page[page.index('id="status-counts"') :]
    counts = counts[: counts.index("</ul>")]
    assert ">Ny: 1<" in counts and ">Klar: 1<" in counts and ">Kontaktad: 0<" in counts
    assert done.reference in page and referral.reference not in page.split("</nav>", 2)[-1]


def table_rows(html):
    """The cells of the listing table, as text, row by row."""

    class Table(HTMLParser):
        def __init__(self):
            super().__init__()
            self.rows, self.cell, self.done, self.started = [], None, False, False

        def handle_starttag(self, tag, attrs):
            if self.done:
                return
            if tag == "table":
                self.started = "listing" in (dict(attrs).get("class") or "")
            if not self.started:
                return
            if tag == "tr":
                self.rows.append([])
            elif tag in ("td", "th"):
                self.cell = []

        def handle_endtag(self, tag):
            if tag in ("td", "th") and self.cell is not None and not self.done:
                self.rows[-1].append(" ".join("".join(self.cell).split()))
                self.cell = None
            elif tag == "table" and self.started:
                self.done = True

        def handle_data(self, data):
            if self.cell is not None:
                self.cell.append(data)

    parser = Table()
    parser.feed(html)
    return parser.rows
