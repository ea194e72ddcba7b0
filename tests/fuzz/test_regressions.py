"""Inputs the fuzzers found that used to crash (500), kept as plain examples."""

import pytest

from networks.models import Referral
from tests.networks.test_referral_form import FORM_URL, referral_data

pytestmark = pytest.mark.django_db


def test_an_impossible_topic_id_is_an_invalid_choice_not_a_crash(client, demo_site):
    response = client.post(FORM_URL, referral_data(topics=[str(10**30)], language=str(-(10**25))))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_topics_error"' in html and 'id="id_language_error"' in html
    assert not Referral.objects.exists()
