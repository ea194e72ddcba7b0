"""Administrators look after the directory's vocabularies (help topics, languages, target
groups) and the municipalities as snippets: find, sort, edit; a term still in use is not
deleted, and the page says where it is used. Nobody else may touch them."""

import secrets

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import translation

from directory.models import HelpTopic, Language, SupportPointPage, TargetGroup
from geography.models import Municipality
from networks.models import Referral
from networks.referrals import create_referral
from networks.routing import route
from partners.roles import COUNTY_MODERATORS

pytestmark = pytest.mark.django_db

TOPICS = "/admin/snippets/directory/helptopic/"
LANGUAGES = "/admin/snippets/directory/language/"
TARGET_GROUPS = "/admin/snippets/directory/targetgroup/"
MUNICIPALITIES = "/admin/snippets/geography/municipality/"
BASES = {
    HelpTopic: TOPICS,
    Language: LANGUAGES,
    TargetGroup: TARGET_GROUPS,
    Municipality: MUNICIPALITIES,
}


@pytest.fixture
def admin_client(client, demo_site):
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def _denied(response):
    return response.status_code in (302, 403, 404) and (
        response.status_code != 302 or response["Location"].split("?")[0] == "/admin/"
    )


def test_only_administrators_manage_vocabularies(client, demo_site, django_user_model):
    moderator = django_user_model.objects.create_user("lans", "lans@example.org", "x")
    moderator.groups.add(Group.objects.get(name=COUNTY_MODERATORS))
    users = [
        moderator,
        django_user_model.objects.get(username="samordnare.jonkoping"),
        django_user_model.objects.get(username="partner.bibliotek"),
    ]
    for user in users:
        client.force_login(user)
        dashboard = client.get("/admin/").content.decode()
        assert not any(base in dashboard for base in BASES.values())
        for model, base in BASES.items():
            term = model.objects.order_by("pk").last()
            name = term.name
            for url in (base, f"{base}new/", f"{base}edit/{term.pk}/", f"{base}delete/{term.pk}/"):
                assert _denied(client.get(url)), (user.username, url)
            assert _denied(client.post(f"{base}edit/{term.pk}/", {"name": "Ändrat"}))
            assert _denied(client.post(f"{base}delete/{term.pk}/"))
            term.refresh_from_db()
            assert term.name == name


def test_administrator_finds_and_sorts_help_topics(admin_client):
    found = admin_client.get(TOPICS, {"q": "swish"}).content.decode()
    assert "Swish och bankärenden" in found
    assert "Videosamtal" not in found

    by_order = admin_client.get(TOPICS).content.decode()
    assert by_order.index("BankID och e-legitimation") < by_order.index("1177 och vård")
    by_name = admin_client.get(TOPICS, {"ordering": "name"}).content.decode()
    assert by_name.index("1177 och vård") < by_name.index("BankID och e-legitimation")

    found = admin_client.get(MUNICIPALITIES, {"q": "0685"}).content.decode()
    assert "Vetlanda" in found and "Jönköping" not in found


def test_administrator_renames_a_help_topic_and_the_public_directory_shows_it(admin_client):
    topic = HelpTopic.objects.get(slug="bankid")
    response = admin_client.post(
        f"{TOPICS}edit/{topic.pk}/",
        {
            "name": "BankID och Mobilt BankID",
            "slug": "bankid",
            "description": "",
            "sort_order": "0",
        },
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.name == "BankID och Mobilt BankID"
    assert "BankID och Mobilt BankID" in admin_client.get("/hitta-hjalp/").content.decode()


def _referral_in(language):
    data = {
        "for_whom": "me",
        "topics": [],
        "message": "",
        "language": language,
        "contact_method": "phone",
        "contact_times": [],
        "accessibility_needs": [],
        "name": "Doris",
        "phone": "070-111 22 33",
        "email": "",
        "municipality": None,
        "postal_code": "",
        "age_band": "",
        "gender": "",
        "consent": True,
    }
    referral, _created = create_referral(
        data, route(municipality_code="0680"), submission_token=secrets.token_hex(16)
    )
    return referral


def _assert_refused_kindly(client, base, term, *uses):
    url = f"{base}delete/{term.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "kan inte raderas" in html
    for use in uses:
        assert use in html, use
    assert "Ja, radera" not in html
    response = client.post(url)
    assert response.status_code == 409
    assert "kan inte raderas" in response.content.decode()
    assert type(term).objects.filter(pk=term.pk).exists()


def test_terms_in_use_are_not_deleted_and_the_page_says_where(admin_client):
    # Many-to-many: deleting would silently take the topic off every place.
    topic = HelpTopic.objects.get(slug="bankid")
    places = SupportPointPage.objects.filter(topics=topic).count()
    with translation.override("sv"):
        point_names = str(SupportPointPage._meta.verbose_name_plural)
        referral_name = str(Referral._meta.verbose_name)
    _assert_refused_kindly(admin_client, TOPICS, topic, f"{places} {point_names}")
    assert SupportPointPage.objects.filter(topics=topic).count() == places

    # Protected foreign keys (support points, referrals) and networks.
    municipality = Municipality.objects.get(code="0680")
    _assert_refused_kindly(admin_client, MUNICIPALITIES, municipality, point_names)

    language = Language.objects.filter(supportpointpage__isnull=True).order_by("pk").first()
    _referral_in(language)
    _assert_refused_kindly(admin_client, LANGUAGES, language, f"1 {referral_name}")


def test_an_unused_term_is_deleted(admin_client):
    group = TargetGroup.objects.create(slug="studenter", name="Studenter")
    page = admin_client.get(f"{TARGET_GROUPS}delete/{group.pk}/").content.decode()
    assert "Ja, radera" in page
    response = admin_client.post(f"{TARGET_GROUPS}delete/{group.pk}/")
    assert response.status_code == 302
    assert not TargetGroup.objects.filter(pk=group.pk).exists()


def test_deleting_several_leaves_out_those_in_use(admin_client):
    unused = TargetGroup.objects.create(slug="studenter", name="Studenter")
    used = TargetGroup.objects.filter(supportpointpage__isnull=False).distinct().first()
    url = f"/admin/bulk/directory/targetgroup/delete/?id={unused.pk}&id={used.pk}"
    page = admin_client.get(url).content.decode()
    assert "Används fortfarande och raderas inte" in page
    assert used.name in page.split("Används fortfarande")[1]

    response = admin_client.post(url)
    assert response.status_code == 302
    assert not TargetGroup.objects.filter(pk=unused.pk).exists()
    assert TargetGroup.objects.filter(pk=used.pk).exists()
