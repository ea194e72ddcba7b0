# ruff: noqa: F401, F811  (fixtures shared with test_coordinator_permissions)
"""A referral made in Arabic: stored with Arabic, its receipt in Arabic, and the
coordinator sees which language the person asked in."""

from django.core import mail
from django.utils import translation

from networks.models import Referral
from tests.networks.test_coordinator_permissions import body, users
from tests.networks.test_referral_form import referral_data, send


def test_a_referral_made_in_arabic(client, send, users, demo_site):
    response = send(referral_data(email="amal@example.org", name="Amal"), url="/ar/be-om-hjalp/")
    assert response.status_code == 302
    referral = Referral.objects.get(name="Amal")
    assert referral.made_in_language == "ar"

    receipt = next(m for m in mail.outbox if m.to == ["amal@example.org"])
    with translation.override("ar"):
        thanks = translation.gettext("We have received your request (%(reference)s)")
    assert receipt.subject == thanks % {"reference": referral.reference}
    assert "Thank you" not in receipt.body and "Tack" not in receipt.body

    # The receipt page is in Arabic, right to left, the reference kept left to right.
    page = client.get(response["Location"]).content.decode()
    assert '<html lang="ar" dir="rtl">' in page

    client.force_login(users["jonkoping"])
    detail = client.get(f"/admin/referrals/{referral.pk}/").content.decode()
    assert "Frågade på (webbplatsens språk)</dt><dd>Arabiska</dd>" in detail
    export = body(client.get("/admin/referrals/?export=csv"))
    assert "Arabiska" in export


def test_routing_explains_itself_in_the_visitors_language(client, demo_site):
    answer = client.get("/api/v1/route/?municipality=0680&lang=uk").json()
    with translation.override("uk"):
        from networks.routing import route

        expected = route(municipality_code="0680").explanation
    assert answer["explanation"] == expected
    assert (
        answer["explanation"]
        != client.get("/api/v1/route/?municipality=0680").json()["explanation"]
    )
