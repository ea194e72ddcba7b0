"""Storing a referral (networks.referrals.create_referral): one row per submission token,
a fresh reference when a drawn one is taken, and nothing half-saved when storing fails."""

import secrets

import pytest
from django.db import IntegrityError

from directory.models import HelpTopic, Language
from networks import referrals
from networks.models import Referral, ReferralEvent
from networks.routing import route


def data(**changes):
    return {
        "for_whom": "me",
        "topics": [HelpTopic.objects.get(slug="bankid")],
        "message": "Hjälp med BankID",
        "language": Language.objects.get(code="sv"),
        "contact_method": "phone",
        "name": "Doris",
        "phone": "070-111 22 33",
        "consent": True,
        **changes,
    }


def store(token, **changes):
    return referrals.create_referral(
        data(**changes), route(municipality_code="0680"), submission_token=token
    )


def test_the_same_token_twice_stores_one_referral_and_gives_back_the_first(demo_site):
    token = secrets.token_hex(16)
    first, created = store(token)
    again, created_again = store(token, name="Someone else")
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk and again.name == "Doris"
    assert Referral.objects.count() == 1
    assert list(first.topics.values_list("slug", flat=True)) == ["bankid"]
    assert ReferralEvent.objects.filter(referral=first).count() == 1


def test_a_reference_already_taken_is_drawn_again(demo_site, monkeypatch):
    first, _created = store(secrets.token_hex(16))
    draws = iter([first.reference, "DH-3467-9AC"])
    monkeypatch.setattr(referrals, "new_reference", lambda: next(draws))
    second, created = store(secrets.token_hex(16), name="Sven")
    assert created and second.reference == "DH-3467-9AC"
    assert Referral.objects.get(reference="DH-3467-9AC").name == "Sven"
    assert list(second.topics.values_list("slug", flat=True)) == ["bankid"]
    assert ReferralEvent.objects.filter(referral=second).count() == 1


def test_when_every_reference_drawn_is_taken_nothing_is_half_saved(demo_site, monkeypatch):
    first, _created = store(secrets.token_hex(16))
    monkeypatch.setattr(referrals, "new_reference", lambda: first.reference)
    with pytest.raises(IntegrityError):
        store(secrets.token_hex(16), name="Sven")
    assert list(Referral.objects.values_list("name", flat=True)) == ["Doris"]
    assert Referral.topics.through.objects.count() == 1
    assert ReferralEvent.objects.count() == 1
