"""Reading reference files: municipality boundaries (GeoJSON) and postal code →
municipality tables (CSV, imported into PostalCode).

Every importer reads and validates the whole file first and only then writes, in one
transaction; a malformed file raises InvalidFile with one sentence and changes nothing.
"""

import csv
import json
import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.db import transaction

from core import cache
from geography import postal_codes
from geography.geometry import clean_polygonal
from geography.models import Municipality, PostalCode

POSTCODE_COLUMNS = ("postal_code", "locality", "municipality_code", "municipality_name")
_FOUR_DIGITS = re.compile(r"[0-9]{4}")


class InvalidFile(Exception):
    """An import file that cannot be used; str() is one sentence for the person running
    the import."""


# --- Municipality boundaries ----------------------------------------------------------


def normalise_municipality_code(value):
    """'0680' stays '0680'; 680 (a number that lost its leading zero) becomes '0680'."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int):
        return str(value).zfill(4)
    text = str(value).strip()
    return text.zfill(4) if text.isascii() and text.isdigit() and len(text) < 4 else text


def _load_json(path):
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise InvalidFile(f"The file {path} does not exist.") from error
    except UnicodeDecodeError as error:
        raise InvalidFile(f"The file {path} is not UTF-8 text.") from error
    except OSError as error:
        raise InvalidFile(f"The file {path} could not be read ({error.strerror}).") from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidFile(
            f"The file {path} is not valid JSON ({error.msg} at line {error.lineno}, "
            f"column {error.colno})."
        ) from error
    except RecursionError as error:
        raise InvalidFile(f"The file {path} is nested too deeply to be GeoJSON.") from error


def clean_geometry(geometry, where):
    """A validated copy of a GeoJSON Polygon/MultiPolygon with [lon, lat] positions."""
    try:
        return clean_polygonal(geometry, where)
    except ValueError as error:
        raise InvalidFile(str(error)) from error


def read_boundaries(path, code_property="id"):
    """{municipality code: [geometry, ...]} from a GeoJSON FeatureCollection, every
    feature validated."""
    data = _load_json(path)
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        kind = data.get("type") if isinstance(data, dict) else type(data).__name__
        raise InvalidFile(
            f"The file {path} is not a GeoJSON FeatureCollection (its type is {kind})."
        )
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise InvalidFile(f"The file {path} has no features.")
    boundaries = {}
    for number, feature in enumerate(features, start=1):
        where = f"Feature {number}"
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise InvalidFile(f"{where} is not a GeoJSON Feature.")
        properties = feature.get("properties")
        if not isinstance(properties, dict) or code_property not in properties:
            raise InvalidFile(
                f'{where} has no property "{code_property}" with the municipality code '
                "(name another property with --code-property)."
            )
        code = normalise_municipality_code(properties[code_property])
        if not code:
            raise InvalidFile(f'{where} has an empty "{code_property}".')
        where = f"Feature {number} ({code_property} {code})"
        boundaries.setdefault(code, []).append(clean_geometry(feature.get("geometry"), where))
    return boundaries


# --- Postal codes ----------------------------------------------------------------------


@dataclass
class PostcodeReport:
    postal_codes: int = 0
    in_county: int = 0  # postal codes in a municipality of the Municipality table
    duplicates: int = 0

    def summary(self):
        text = (
            f"Imported {self.postal_codes} postal codes, {self.in_county} of them in the "
            "county's municipalities"
        )
        if self.duplicates:
            text += f"; ignored {self.duplicates} repeated row(s)"
        return text + "."


def _read_csv_rows(path):
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return list(csv.reader(handle))
    except FileNotFoundError as error:
        raise InvalidFile(f"The file {path} does not exist.") from error
    except UnicodeDecodeError as error:
        raise InvalidFile(f"The file {path} is not UTF-8 text.") from error
    except csv.Error as error:
        raise InvalidFile(f"The file {path} is not a readable CSV file ({error}).") from error
    except OSError as error:
        raise InvalidFile(f"The file {path} could not be read ({error.strerror}).") from error


def read_postcodes(path):
    """Validated, unsaved PostalCode objects from a CSV file, and the count of repeated
    identical rows."""
    rows = _read_csv_rows(path)
    if not rows:
        raise InvalidFile(f"The file {path} is empty.")
    header = [name.strip().lower() for name in rows[0]]
    missing = [name for name in POSTCODE_COLUMNS if name not in header]
    if missing:
        raise InvalidFile(
            "Line 1 must name the columns postal_code, locality, municipality_code and "
            f"municipality_name (missing: {', '.join(missing)})."
        )
    index = {name: header.index(name) for name in POSTCODE_COLUMNS}
    seen = {}
    duplicates = 0
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise InvalidFile(
                f"Line {line} has {len(row)} fields, but the header has {len(header)}."
            )
        raw_code = row[index["postal_code"]]
        try:
            code = postal_codes.normalise(raw_code)
        except postal_codes.InvalidPostalCode:
            raise InvalidFile(
                f'Line {line}: the postal code "{raw_code[:40]}" is not five digits.'
            ) from None
        municipality_code = row[index["municipality_code"]].strip()
        if not _FOUR_DIGITS.fullmatch(municipality_code):
            raise InvalidFile(
                f'Line {line}: the municipality code "{municipality_code[:40]}" is not '
                "four digits."
            )
        locality = row[index["locality"]].strip()
        municipality_name = row[index["municipality_name"]].strip()
        for label, value in (("locality", locality), ("municipality name", municipality_name)):
            if len(value) > 100:
                raise InvalidFile(f"Line {line}: the {label} is longer than 100 characters.")
        if code in seen:
            earlier_line, earlier = seen[code]
            if earlier.municipality_code != municipality_code:
                raise InvalidFile(
                    f"Line {line}: postal code {code} is already on line {earlier_line} with "
                    "another municipality."
                )
            duplicates += 1
            continue
        seen[code] = (
            line,
            PostalCode(
                code=code,
                locality=locality,
                municipality_code=municipality_code,
                municipality_name=municipality_name,
            ),
        )
    if not seen:
        raise InvalidFile(f"The file {path} has no postal codes.")
    return [postal_code for _line, postal_code in seen.values()], duplicates


def import_postcodes(path):
    """Replace the PostalCode table with the file's rows."""
    rows, duplicates = read_postcodes(path)
    county = set(Municipality.objects.values_list("code", flat=True))
    with transaction.atomic():
        PostalCode.objects.all().delete()
        PostalCode.objects.bulk_create(rows, batch_size=1000)
        # Forms offer the postal code field, and know its codes, from the table (bulk
        # writes send no signals).
        transaction.on_commit(partial(cache.changed, cache.VOCABULARIES))
    return PostcodeReport(
        postal_codes=len(rows),
        in_county=sum(p.municipality_code in county for p in rows),
        duplicates=duplicates,
    )
