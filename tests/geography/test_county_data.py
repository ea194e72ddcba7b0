"""The county's slice of the national open data, shipped in geography/data: the 13
municipalities of Jönköpings län and their postal codes, readable by the ordinary
importers, and (when ../shared/data is present) exactly the county's part of the national
files, as manage.py cut_county_data cuts it."""

import csv
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from geography import county_data
from geography.importers import read_boundaries, read_postcodes
from geography.reference import MUNICIPALITIES

COUNTY_CODES = {code for code, *_ in MUNICIPALITIES}


def features(path):
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


# --- The shipped files ---------------------------------------------------------------------


def test_the_boundaries_are_the_13_county_municipalities():
    shipped = features(county_data.BOUNDARIES)
    assert len(shipped) == 13
    assert {f["properties"]["id"] for f in shipped} == COUNTY_CODES
    assert {f["properties"]["lan_code"] for f in shipped} == {"06"}
    names = {code: name for code, name, *_ in MUNICIPALITIES}
    assert all(f["properties"]["kom_namn"] == names[f["properties"]["id"]] for f in shipped)
    # The import command's reader accepts them as they are: one geometry per municipality.
    boundaries = read_boundaries(county_data.BOUNDARIES)
    assert set(boundaries) == COUNTY_CODES
    assert all(len(geometries) == 1 for geometries in boundaries.values())


def test_every_postal_code_is_in_one_of_the_13_municipalities():
    header, *table = rows(county_data.POSTCODES)
    assert header == ["postal_code", "locality", "municipality_code", "municipality_name"]
    assert len(table) == 568
    assert {row[2] for row in table} == COUNTY_CODES  # each municipality has postal codes
    postal_codes, duplicates = read_postcodes(county_data.POSTCODES)
    assert (len(postal_codes), duplicates) == (568, 0)
    assert all(p.municipality_code in COUNTY_CODES for p in postal_codes)
    assert all(p.code[0] in "35" for p in postal_codes)  # the county's 3xx xx and 5xx xx


def test_the_folder_says_where_the_data_comes_from_and_how_to_cut_it_again():
    readme = (county_data.DATA_DIR / "README.md").read_text(encoding="utf-8")
    for fact in (
        "CC0 1.0",
        "okfse/sweden-geojson",
        "Valmyndigheten",
        "sjbrg/swedish-geodata",
        "manage.py cut_county_data ../shared/data",
        county_data.BOUNDARIES.name,
        county_data.POSTCODES.name,
    ):
        assert fact in readme, fact


# --- Against the national files (../shared/data) ------------------------------------------


@pytest.fixture
def national(shared_data):
    return (
        shared_data(county_data.NATIONAL_BOUNDARIES),
        shared_data(county_data.NATIONAL_POSTCODES),
    )


def test_the_shipped_boundaries_are_the_county_features_of_the_national_file(national):
    boundaries, _postcodes = national
    county = [f for f in features(boundaries) if f["properties"]["lan_code"] == "06"]
    assert features(county_data.BOUNDARIES) == county


def test_the_shipped_postal_codes_are_the_county_rows_of_the_national_file(national):
    _boundaries, postcodes = national
    header, *table = rows(postcodes)
    county = [row for row in table if row[2] in COUNTY_CODES]
    assert rows(county_data.POSTCODES) == [header, *county]
    assert len(county) == 568


def test_the_command_cuts_the_same_files_again(national, tmp_path):
    boundaries, _postcodes = national
    out = StringIO()
    call_command("cut_county_data", str(boundaries.parent), "--out", str(tmp_path), stdout=out)
    assert "Wrote 13 municipalities and 568 postal codes." in out.getvalue()
    for shipped in (county_data.BOUNDARIES, county_data.POSTCODES):
        assert (tmp_path / shipped.name).read_bytes() == shipped.read_bytes(), shipped.name


def test_the_command_says_what_is_missing(tmp_path):
    with pytest.raises(CommandError, match="could not be read"):
        call_command("cut_county_data", str(tmp_path), "--out", str(tmp_path / "out"))
    assert not (tmp_path / "out").exists()


def test_a_county_with_no_features_is_refused(tmp_path):
    (tmp_path / county_data.NATIONAL_BOUNDARIES).write_text(
        '{"type":"FeatureCollection","features":[]}', encoding="utf-8"
    )
    (tmp_path / county_data.NATIONAL_POSTCODES).write_text(
        "postal_code,locality,municipality_code,municipality_name\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match='no feature with "lan_code" 06'):
        call_command("cut_county_data", str(tmp_path), "--out", str(tmp_path / "out"))
