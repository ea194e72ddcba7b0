"""Day names inside sentences: lower case in Swedish ("senast torsdag 3 december"), as
English writes them ("no later than Thursday 3 December")."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.utils import translation

from core.day_names import in_sentence

THURSDAY = datetime.date(2026, 12, 3)


def test_swedish_day_in_a_sentence_is_lower_case():
    with translation.override("sv"):
        assert in_sentence(THURSDAY, "l") == "torsdag"
        assert in_sentence(THURSDAY, "l j F") == "torsdag 3 december"


def test_english_day_keeps_its_capital():
    with translation.override("en"):
        assert in_sentence(THURSDAY, "l j F") == "Thursday 3 December"


def test_template_filter():
    template = Template('{% load day_names %}senast {{ day|date_in_sentence:"l j F" }}')
    with translation.override("sv"):
        assert template.render(Context({"day": THURSDAY})) == "senast torsdag 3 december"


@pytest.mark.django_db
def test_referral_receipt_says_the_day_in_lower_case(
    client, demo_site, django_capture_on_commit_callbacks
):
    from tests.networks.test_referral_form import FORM_URL, referral_data

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM_URL, referral_data())
    html = client.get(response["Location"]).content.decode()
    weekday = "måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag"
    assert re.search(rf"En hjälpare kontaktar dig senast ({weekday}) \d+ [a-zåäö]+\.", html)


@pytest.mark.django_db
def test_english_referral_receipt_keeps_the_capital(
    client, demo_site, django_capture_on_commit_callbacks
):
    from tests.networks.test_referral_form import referral_data

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/be-om-hjalp/", referral_data())
    html = client.get(response["Location"]).content.decode()
    assert re.search(
        r"A helper will contact you no later than [A-Z][a-z]+day \d+ [A-Z][a-z]+\.", html
    )
