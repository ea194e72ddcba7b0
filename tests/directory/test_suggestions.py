"""Suggestions for the search box as a person types."""

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/suggestions/"


def suggest(client, text, **params):
    response = client.get(URL, {"q": text, **params})
    assert response.status_code == 200
    return response.json()["suggestions"]


def test_topics_languages_municipalities_and_places_as_you_type(client, demo_site):
    found = suggest(client, "ban")
    assert found[0] == {
        "kind": "topic", "label": "BankID och e-legitimation", "param": "topic",
        "value": "bankid", "kind_label": "hjälpområde",
    }  # fmt: skip
    assert ("value", "ar") in found_keys(suggest(client, "arab"))
    assert ("value", "0685") in found_keys(suggest(client, "vetl"))
    places = [item for item in suggest(client, "bibliotekets vet") if item["kind"] == "place"]
    assert places and all(item["label"].startswith("Bibliotekets") for item in places)
    assert all(item["url"].startswith("/") for item in places)


def found_keys(found):
    return {("value", item.get("value")) for item in found}


def test_everyday_words_and_other_scripts_suggest_the_topic(client, demo_site):
    assert "1177-och-vard" in {item.get("value") for item in suggest(client, "vårdcentr")}
    assert "1177-och-vard" in {item.get("value") for item in suggest(client, "vardcentr")}
    assert "ar" in {item.get("value") for item in suggest(client, "العرب")}


def test_english_labels_in_english(client, demo_site):
    found = suggest(client, "bank", lang="en")
    assert found[0]["label"] == "BankID and e-ID"
    assert found[0]["kind_label"] == "help topic"


@pytest.mark.parametrize("text", ["", "b", "  ", '"', "' OR 1=1 --", "x" * 500, "AND ("])
def test_too_little_or_nonsense_gives_no_suggestions_and_no_error(client, demo_site, text):
    found = suggest(client, text)
    assert isinstance(found, list)
    assert len(found) <= 8


def test_suggestions_may_be_kept_by_shared_caches(client, demo_site):
    response = client.get(URL, {"q": "swish"})
    assert "public" in response["Cache-Control"]
