"""manage.py import_postcodes: loading, replacing, and refusing a malformed file (one
sentence, nothing changed)."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from geography.models import PostalCode

pytestmark = pytest.mark.django_db

POSTCODES = "postal_to_municipality.csv"  # in ../shared/data (the shared_data fixture)
HEADER = "postal_code,locality,municipality_code,municipality_name\n"


def write(tmp_path, text, name="postcodes.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def run(path):
    out = StringIO()
    call_command("import_postcodes", path, stdout=out)
    return out.getvalue().strip()


def table():
    return list(PostalCode.objects.values_list("code", "locality", "municipality_code"))


def test_postal_codes_are_loaded_with_spaces_removed(db, tmp_path):
    report = run(
        write(
            tmp_path,
            HEADER + "553 18,Jönköping,0680,Jönköpings kommun\n57431,Vetlanda,0685,Vetlanda\n"
            "11122,Stockholm,0180,Stockholms kommun\n",
        )
    )
    assert table() == [
        ("11122", "Stockholm", "0180"),
        ("55318", "Jönköping", "0680"),
        ("57431", "Vetlanda", "0685"),
    ]
    assert report == "Imported 3 postal codes, 2 of them in the county's municipalities."


def test_a_rerun_replaces_the_table(db, tmp_path):
    run(write(tmp_path, HEADER + "55318,Jönköping,0680,Jönköping\n57431,Vetlanda,0685,V\n"))
    run(write(tmp_path, HEADER + "57431,Vetlanda C,0685,Vetlanda\n", name="second.csv"))
    assert table() == [("57431", "Vetlanda C", "0685")]


def test_columns_in_another_order_a_bom_extra_columns_and_repeated_rows_are_fine(db, tmp_path):
    text = (
        "\ufeffmunicipality_code,postal_code,note,municipality_name,locality\n"
        "0685,57431,x,Vetlanda,Vetlanda\n"
        "0685,57431,x,Vetlanda,Vetlanda\n"
        "\n"
    )
    report = run(write(tmp_path, text))
    assert table() == [("57431", "Vetlanda", "0685")]
    assert "ignored 1 repeated row(s)" in report


def test_the_shared_file_is_accepted_as_it_is(db, shared_data):
    report = run(str(shared_data(POSTCODES)))
    assert report == "Imported 15463 postal codes, 568 of them in the county's municipalities."
    assert PostalCode.objects.get(code="55318").municipality_code == "0680"


MALFORMED = [
    ("empty file", "", "is empty"),
    (
        "wrong header",
        "postnummer,ort,kommunkod,kommun\n55318,J,0680,J\n",
        "Line 1 must name the columns",
    ),
    (
        "missing column",
        "postal_code,locality,municipality_code\n55318,J,0680\n",
        "missing: municipality_name",
    ),
    ("header only", HEADER, "has no postal codes"),
    (
        "too few fields",
        HEADER + "55318,Jönköping,0680\n",
        "Line 2 has 3 fields, but the header has 4",
    ),
    (
        "letters in a postal code",
        HEADER + "55318,J,0680,J\n5531A,J,0680,J\n",
        'Line 3: the postal code "5531A" is not five digits',
    ),
    ("four-digit postal code", HEADER + "5531,J,0680,J\n", "is not five digits"),
    (
        "lost leading zero",
        HEADER + "55318,J,680,J\n",
        'the municipality code "680" is not four digits',
    ),
    (
        "conflicting repeat",
        HEADER + "55318,J,0680,J\n55318,V,0685,V\n",
        "postal code 55318 is already on line 2 with another municipality",
    ),
    (
        "overlong locality",
        HEADER + "55318," + "J" * 101 + ",0680,J\n",
        "the locality is longer than 100 characters",
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_a_malformed_file_fails_with_one_sentence_and_changes_nothing(
    db, tmp_path, case, text, expected
):
    run(write(tmp_path, HEADER + "57431,Vetlanda,0685,Vetlanda\n", name="good.csv"))
    before = table()
    # The error sits on the last line: nothing may be written before everything is checked.
    with pytest.raises(CommandError) as caught:
        run(write(tmp_path, text))
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message
    assert len(re.findall(r"[.!?](?:\s|$)", message)) == 1, message
    assert table() == before


def test_a_file_that_is_not_utf8_is_refused_and_changes_nothing(db, tmp_path):
    run(write(tmp_path, HEADER + "57431,Vetlanda,0685,Vetlanda\n", name="good.csv"))
    path = write(tmp_path, HEADER + "55318,Jönköping,0680,Jönköping\n", encoding="latin-1")
    with pytest.raises(CommandError, match=r"is not UTF-8 text\.$"):
        run(path)
    assert table() == [("57431", "Vetlanda", "0685")]


def test_a_missing_file_is_one_sentence(db, tmp_path):
    with pytest.raises(CommandError, match=r"^The file .*nowhere\.csv does not exist\.$"):
        run(str(tmp_path / "nowhere.csv"))
