"""Load and capacity in the admin: coordinators see the open, overdue and per-assignee
referrals of their own networks, pause and resume them, say they are full and what they
lend; routing then sends new people to the nearest network with room."""

import datetime

import pytest
from django.utils import timezone

from directory.models import SupportPointPage
from networks.models import Network, Referral
from networks.referrals import assign
from networks.routing import route
from tests.networks.test_coordinator_permissions import make_referral, users  # noqa: F401

pytestmark = pytest.mark.django_db
LOAD = "/admin/referrals/load/"


def form_data(network, **changes):
    prefix = f"n{network.pk}-"
    data = {
        "accepts_referrals": "on" if network.accepts_referrals else "",
        "not_accepting_message": network.not_accepting_message,
        "full": "on" if network.full else "",
        "full_until": network.full_until.isoformat() if network.full_until else "",
        "lends_computers": network.lends_computers,
        "lends_tablets": network.lends_tablets,
        "lends_phones": network.lends_phones,
        "lends_sim_cards": network.lends_sim_cards,
        "promise_working_days": network.promise_working_days,
        "escalate_after_working_days": network.escalate_after_working_days,
        **changes,
    }
    return {prefix + key: value for key, value in data.items() if value not in (None, "")}


def test_a_coordinator_sees_the_load_of_their_own_networks(client, users):  # noqa: F811
    coordinator = users["jonkoping"]
    late = make_referral("0680")
    Referral.objects.filter(pk=late.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    place = SupportPointPage.originals.live().filter(municipality__code="0680").first()
    assign(late, late.version, coordinator, place)
    waiting = make_referral("0680")
    make_referral("0685")  # Vaggeryd's: not theirs

    client.force_login(coordinator)
    html = client.get(LOAD).content.decode()
    assert "Digital hjälp Jönköping" in html
    assert "Vaggeryd" not in html
    section = html.split(f'id="network-{late.network_id}"')[1]
    table = section.split("<table")[1].split("</table>")[0]
    assert place.title in table
    # The late referral's assignee: 1 open, 1 overdue; in all 2 open, 1 overdue.
    row = table.split(place.title)[1].split("</tr>")[0]
    assert [cell.split("</td>")[0] for cell in row.split("<td>")[1:]] == ["1", "1"]
    footer = table.split("<tfoot>")[1]
    assert [cell.split("</td>")[0][:1] for cell in footer.split("<td>")[1:]] == ["2", "<"]
    assert "?overdue=yes" in footer
    # The overdue filter of the queue lists exactly that referral.
    queue = client.get("/admin/referrals/", {"overdue": "yes"}).content.decode()
    assert late.reference in queue
    assert waiting.reference not in queue


def test_the_page_is_not_there_for_people_who_coordinate_nothing(client, users):  # noqa: F811
    client.force_login(users["partner"])
    assert client.get(LOAD).status_code == 404
    assert LOAD not in client.get("/admin/").content.decode()


def test_a_coordinator_pauses_and_resumes_their_network(client, users):  # noqa: F811
    network = Network.objects.get(slug="jonkoping")
    client.force_login(users["jonkoping"])
    response = client.post(
        f"{LOAD}{network.pk}/",
        form_data(network, accepts_referrals="", not_accepting_message="Semester till 10/1."),
    )
    assert response.status_code == 302
    network.refresh_from_db()
    assert not network.accepts_referrals
    decision = route(municipality_code="0680")
    assert decision.network.slug != "jonkoping"
    assert decision.handed_over_from.slug == "jonkoping"

    network.refresh_from_db()
    client.post(f"{LOAD}{network.pk}/", form_data(network, accepts_referrals="on"))
    assert route(municipality_code="0680").network.slug == "jonkoping"


def test_pausing_without_a_message_keeps_what_was_typed(client, users):  # noqa: F811
    network = Network.objects.get(slug="jonkoping")
    client.force_login(users["jonkoping"])
    response = client.post(
        f"{LOAD}{network.pk}/", form_data(network, accepts_referrals="", lends_tablets="4")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Berätta för invånarna varför" in html or "Tell residents why" in html
    assert 'value="4"' in html
    network.refresh_from_db()
    assert network.accepts_referrals and network.lends_tablets == 0


def test_a_full_network_hands_new_people_to_the_nearest_with_room(client, users):  # noqa: F811
    network = Network.objects.get(slug="jonkoping")
    until = timezone.localdate() + datetime.timedelta(days=14)
    client.force_login(users["jonkoping"])
    response = client.post(
        f"{LOAD}{network.pk}/",
        form_data(network, full="on", full_until=until.isoformat(), lends_tablets="3"),
    )
    assert response.status_code == 302
    network.refresh_from_db()
    assert network.is_full() and network.lends_tablets == 3
    decision = route(municipality_code="0680")
    assert decision.network.slug != "jonkoping"
    assert decision.handed_over_from.slug == "jonkoping"
    assert "full" in decision.explanation_in("en")
    assert "fullt" in decision.explanation_sv
    # After the last full day the network takes referrals again.
    assert not network.is_full(until + datetime.timedelta(days=1))


def test_a_coordinator_cannot_change_another_network(client, users):  # noqa: F811
    other = Network.objects.get(slug="vaggeryd")
    client.force_login(users["jonkoping"])
    response = client.post(f"{LOAD}{other.pk}/", form_data(other, full="on"))
    assert response.status_code == 404
    other.refresh_from_db()
    assert not other.full
