"""The county's slice of two national open-data files, shipped in geography/data/ so that
routing works out of the box: the municipality boundaries (GeoJSON) and the postal code →
municipality table (CSV) of Jönköpings län.

The production set-up (manage.py setup_site) and the demo load the slice through the
ordinary importers; `cut()` (manage.py
cut_county_data) cuts it again from the national files, keeping their formats, so that the
same import commands read both.
"""

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from geography.importers import InvalidFile, normalise_municipality_code

DATA_DIR = Path(__file__).resolve().parent / "data"
BOUNDARIES = DATA_DIR / "jonkoping_municipalities.geojson"
POSTCODES = DATA_DIR / "jonkoping_postal_codes.csv"
COUNTY_CODE = "06"  # Jönköpings län
# The national files' names in ../shared/data (and at their sources).
NATIONAL_BOUNDARIES = "swedish_municipalities.geojson"
NATIONAL_POSTCODES = "postal_to_municipality.csv"


@dataclass
class CutReport:
    municipalities: int
    postal_codes: int

    def summary(self):
        return f"Wrote {self.municipalities} municipalities and {self.postal_codes} postal codes."


def cut_boundaries(text, county=COUNTY_CODE):
    """(GeoJSON text, sorted municipality codes) of the county's features of a national
    FeatureCollection whose features carry `lan_code` and `id`. The layout of the national
    file is kept: one compact feature a line, properties untouched."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidFile(f"The boundaries are not valid JSON ({error.msg}).") from error
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        raise InvalidFile("The boundaries are not a GeoJSON FeatureCollection.")
    features = [
        feature
        for feature in data["features"]
        if isinstance(feature, dict)
        and str((feature.get("properties") or {}).get("lan_code", "")).zfill(2) == county
    ]
    if not features:
        raise InvalidFile(f'The boundaries have no feature with "lan_code" {county}.')
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    text = '{"type":"FeatureCollection", "features": [\n' + ",\n".join(lines) + "\n]}\n"
    codes = sorted({normalise_municipality_code(f["properties"].get("id")) for f in features})
    return text, codes


def cut_postcodes(text, municipality_codes):
    """(CSV text, row count): the header and the rows whose municipality_code is one of
    the given codes, in the national file's order."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or "municipality_code" not in rows[0]:
        raise InvalidFile("The postal codes have no column municipality_code.")
    column = rows[0].index("municipality_code")
    wanted = set(municipality_codes)
    kept = [row for row in rows[1:] if len(row) > column and row[column] in wanted]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(rows[0])
    writer.writerows(kept)
    return out.getvalue(), len(kept)


def cut(boundaries_path, postcodes_path, county=COUNTY_CODE, out_dir=DATA_DIR):
    """Write the county's slice of the national files into out_dir (the shipped names)."""
    try:
        boundaries_text = Path(boundaries_path).read_text(encoding="utf-8-sig")
        postcodes_text = Path(postcodes_path).read_text(encoding="utf-8-sig")
    except OSError as error:
        raise InvalidFile(f"{error.filename} could not be read ({error.strerror}).") from error
    geojson, codes = cut_boundaries(boundaries_text, county)
    table, count = cut_postcodes(postcodes_text, codes)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / BOUNDARIES.name).write_text(geojson, encoding="utf-8")
    (out_dir / POSTCODES.name).write_text(table, encoding="utf-8")
    return CutReport(municipalities=len(codes), postal_codes=count)
