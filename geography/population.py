"""Population per municipality and single year of age, from Statistics Sweden (SCB).

The source is SCB's table BE0101N1 "Folkmängden efter region, civilstånd, ålder och kön.
År" in Statistikdatabasen, exported as "Comma delimited with heading" (or semicolon or
tab delimited), for example:

    "region","ålder","kön","2023","2024"
    "0604 Aneby","0 år","män",38,35
    "0604 Aneby","100+ år","kvinnor",1,2

`read_population` parses such a file (whole file first, nothing saved), `load_population`
replaces one year's Population rows with the county's municipalities from it, and
`people_aged` / `loaded_year` answer the statistics' questions. A file that cannot be used
raises InvalidPopulationFile, a ValueError whose message says what was expected and where.
"""

import codecs
import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max, Sum

from geography.models import Municipality, Population

OLDEST = 100  # SCB's last age group is "100+ år"; stored as age 100
AGES = range(OLDEST + 1)
DELIMITERS = (",", ";", "\t")

# Column names as SCB writes them in Swedish, and in the English version of the database.
REGION = {"region"}
AGE = {"ålder", "age"}
# Columns whose rows are added up: a file with "kön" has one row per gender and age.
SUMMED = {"kön": "kön", "sex": "kön", "civilstånd": "civilstånd", "marital status": "civilstånd"}
# A value of a summed column that is already the sum of the others ("totalt"): when a file
# has it, only those rows count, so that nobody is counted twice.
TOTALS = {"totalt", "total", "samtliga", "män och kvinnor", "men and women", "totalt kön"}

_REGION_CODE = re.compile(r"(\d{3,4})(?:\s.*)?", re.DOTALL)
_AGE = re.compile(r"(\d{1,3})\s*(\+)?\s*(?:år|years?)?", re.IGNORECASE)
_TOTAL_AGE = re.compile(r"(totalt|total)(\s+(ålder|age))?", re.IGNORECASE)
_YEAR = re.compile(r"(?:.*\D)?((?:19|20)\d\d)")
# SCB's symbols for "no figure": ".." not available, "." not applicable, "-" nothing.
_NO_FIGURE = {"..", ".", "-", "–"}
_SPACES = re.compile(r"[ \u00a0\u202f]")

EXPECTED = (
    'SCB table BE0101N1 exported as "Comma delimited with heading": a header line with the '
    'columns "region" and "ålder", optionally "kön" and "civilstånd", then one column per year'
)


class InvalidPopulationFile(ValueError):
    """A population file that cannot be used; str() says what was expected and where."""


@dataclass
class PopulationFile:
    """What a file holds for its chosen year: {region code: {age: people}}."""

    year: int
    years: list[int]  # every year the file has a column for, oldest first
    people: dict[str, dict[int, int]] = field(default_factory=dict)


@dataclass
class LoadReport:
    year: int
    municipalities: list[str]  # names of the county's municipalities loaded
    rows: int
    ignored: int  # municipalities in the file outside the county
    missing: list[str]  # names of the county's municipalities the file lacks

    def summary(self):
        text = (
            f"Loaded population for {self.year}: {_municipalities(len(self.municipalities))}"
            f", {self.rows} rows; {_municipalities(self.ignored)} outside the county ignored"
        )
        if self.missing:
            text += f"; not in the file: {', '.join(self.missing)}"
        return text


def _municipalities(count):
    return f"{count} municipality" if count == 1 else f"{count} municipalities"


# --- Reading the file -------------------------------------------------------------------


def _decode(data, path):
    """The file's text: UTF-8 (with or without BOM), UTF-16 with BOM, or else SCB's
    default ISO-8859-1 (read as cp1252, its superset on Windows)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise InvalidPopulationFile(f"The file {path} is not readable UTF-16 text.") from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # Bytes cp1252 leaves undefined are still ISO-8859-1 control characters.
        return data.decode("iso-8859-1")


def _cells(line, delimiter):
    return [cell.strip() for cell in next(csv.reader([line], delimiter=delimiter), [])]


def _column_name(cell):
    return cell.strip().strip('"').strip().lower()


def _find_header(lines, path):
    """(line number, delimiter, cells) of the header: the first line with a cell naming
    one of the known columns. A title line such as "Folkmängden efter region, ålder, kön
    och år" names none exactly, so it is skipped like the blank lines."""
    known = REGION | AGE | set(SUMMED)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        for delimiter in DELIMITERS:
            cells = _cells(line, delimiter)
            if known & {_column_name(cell) for cell in cells}:
                return number, delimiter, cells
    raise InvalidPopulationFile(f"The file {path} has no header line; expected {EXPECTED}.")


@dataclass
class _Columns:
    region: int
    age: int
    summed: dict[str, int]  # "kön"/"civilstånd" → index
    years: dict[int, int]  # year → index


def _columns(cells, number):
    region = age = None
    summed = {}
    years = {}
    for index, cell in enumerate(cells):
        name = _column_name(cell)
        year = _YEAR.fullmatch(name)
        if name in REGION and region is None:
            region = index
        elif name in AGE and age is None:
            age = index
        elif name in SUMMED and SUMMED[name] not in summed:
            summed[SUMMED[name]] = index
        elif year:
            if int(year[1]) in years:
                raise InvalidPopulationFile(
                    f"Line {number}: more than one column for {year[1]}; export only the "
                    'table content "Folkmängd" (population).'
                )
            years[int(year[1])] = index
        else:
            raise InvalidPopulationFile(
                f'Line {number}: unexpected column "{cell[:40]}"; expected {EXPECTED}.'
            )
    for label, index in (('"region"', region), ('"ålder" (age)', age)):
        if index is None:
            raise InvalidPopulationFile(
                f"Line {number}: the header has no {label} column; expected {EXPECTED}."
            )
    if not years:
        raise InvalidPopulationFile(
            f'Line {number}: the header has no year column (such as "2024"); expected {EXPECTED}.'
        )
    return _Columns(region=region, age=age, summed=summed, years=years)


def _region_code(cell, number):
    found = _REGION_CODE.fullmatch(cell)
    if not found:
        raise InvalidPopulationFile(
            f'Line {number}: the region "{cell[:40]}" does not start with a four-digit '
            'municipality code (such as "0680 Jönköping"); choose the municipalities, not '
            'the county or Sweden, under "region".'
        )
    return found[1].zfill(4)  # a code that lost its leading zero in a spreadsheet


def _age(cell, number):
    """The age in years, OLDEST for "100+ år", or None for the "totalt ålder" row."""
    if _TOTAL_AGE.fullmatch(cell):
        return None
    found = _AGE.fullmatch(cell)
    if not found or int(found[1]) > OLDEST or (found[2] and int(found[1]) != OLDEST):
        raise InvalidPopulationFile(
            f'Line {number}: the age "{cell[:40]}" is not one of "0 år" to "99 år", '
            '"100+ år" or "totalt ålder".'
        )
    return int(found[1])


def _count(cell, number, year):
    text = _SPACES.sub("", cell)
    if text in _NO_FIGURE:
        return 0
    if not text.isascii() or not text.isdigit():
        raise InvalidPopulationFile(
            f'Line {number}: the number of people for {year}, "{cell[:40]}", is not a whole '
            'number (or ".." for missing).'
        )
    return int(text)


def read_population(path, year=None):
    """The population in the file for `year` (by default its latest year), validated as a
    whole. Raises InvalidPopulationFile."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError as error:
        raise InvalidPopulationFile(f"The file {path} does not exist.") from error
    except OSError as error:
        raise InvalidPopulationFile(
            f"The file {path} could not be read ({error.strerror})."
        ) from error
    lines = _decode(data, path).splitlines()
    header_line, delimiter, header = _find_header(lines, path)
    columns = _columns(header, header_line)
    years = sorted(columns.years)
    if year is None:
        year = years[-1]
    elif year not in columns.years:
        raise InvalidPopulationFile(
            f"The file {path} has no column for {year} (it has {', '.join(map(str, years))})."
        )
    value_index = columns.years[year]

    # (code, age) → {(kön, civilstånd): people}; a repeated key is an error, and the rows
    # are added up only once it is known which of them are totals.
    figures = defaultdict(dict)
    first_line = {}
    region_line = {}
    after_blank = False  # a blank line after the rows: what follows may be notes
    for number, line in enumerate(lines[header_line:], start=header_line + 1):
        if not line.strip():
            after_blank = bool(first_line)
            continue
        row = _cells(line, delimiter)
        if after_blank and len(row) == 1:
            continue  # a footnote below the table, such as the date figures refer to
        if len(row) != len(header):
            raise InvalidPopulationFile(
                f"Line {number} has {len(row)} fields, but the header (line {header_line}) "
                f"has {len(header)}."
            )
        age = _age(row[columns.age], number)
        if age is None:
            continue
        code = _region_code(row[columns.region], number)
        groups = tuple(row[index].lower() for index in columns.summed.values())
        people = _count(row[value_index], number, year)
        key = (code, age)
        if groups in figures[key]:
            raise InvalidPopulationFile(
                f"Line {number} repeats the region, age and group of line "
                f"{first_line[key, groups]}."
            )
        figures[key][groups] = people
        first_line[key, groups] = number
        region_line.setdefault(code, number)
    if not figures:
        raise InvalidPopulationFile(
            f"The file {path} has no rows for single years of age under its header "
            f'(line {header_line}); choose every age "0 år" to "100+ år" under "ålder".'
        )

    # Where a summed column has a total ("totalt") anywhere, only its total rows count.
    only_totals = [
        any(groups[position] in TOTALS for by_group in figures.values() for groups in by_group)
        for position in range(len(columns.summed))
    ]
    people = defaultdict(dict)
    for (code, age), by_group in figures.items():
        people[code][age] = sum(
            count
            for groups, count in by_group.items()
            if all(
                groups[position] in TOTALS or not only_totals[position]
                for position in range(len(groups))
            )
        )
    for code, by_age in people.items():
        missing = [age for age in AGES if age not in by_age]
        if missing:
            shown = ", ".join(f"{age}+ år" if age == OLDEST else f"{age} år" for age in missing)
            raise InvalidPopulationFile(
                f"Line {region_line[code]}: region {code} lacks ages ({shown[:200]}); "
                'choose every age "0 år" to "100+ år" under "ålder".'
            )
    return PopulationFile(year=year, years=years, people=dict(people))


# --- Saving and asking ----------------------------------------------------------------


def load_population(path, year=None):
    """Replace the Population rows of the file's year (or `year`) with the file's figures
    for the county's municipalities, in one transaction; a file that cannot be used
    raises InvalidPopulationFile and changes nothing."""
    found = read_population(path, year)
    county = {m.code: m for m in Municipality.objects.order_by("code")}
    loaded = [county[code] for code in sorted(found.people) if code in county]
    if not loaded:
        raise InvalidPopulationFile(
            f"The file {path} has none of the county's municipalities "
            f'({", ".join(sorted(county))}); choose them under "region".'
        )
    rows = [
        Population(municipality=municipality, year=found.year, age=age, people=people)
        for municipality in loaded
        for age, people in sorted(found.people[municipality.code].items())
    ]
    with transaction.atomic():
        Population.objects.filter(year=found.year).delete()
        Population.objects.bulk_create(rows, batch_size=1000)
    return LoadReport(
        year=found.year,
        municipalities=[m.name for m in loaded],
        rows=len(rows),
        ignored=len(found.people) - len(loaded),
        missing=[m.name for code, m in county.items() if code not in found.people],
    )


def loaded_year():
    """The latest year with population loaded, or None."""
    return Population.objects.aggregate(latest=Max("year"))["latest"]


def people_aged(min_age, max_age=None, year=None):
    """{municipality id: residents aged min_age to max_age (inclusive; None: no upper
    bound, and 100 includes everyone older)} in `year`, by default the latest year loaded.
    Municipalities without figures for that year are not in it; nothing loaded gives {}."""
    if year is None:
        year = loaded_year()
        if year is None:
            return {}
    rows = Population.objects.filter(year=year, age__gte=min_age)
    if max_age is not None:
        rows = rows.filter(age__lte=max_age)
    return dict(rows.values_list("municipality_id").annotate(Sum("people")).order_by())
