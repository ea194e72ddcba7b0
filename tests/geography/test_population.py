"""manage.py load_population and geography.population: SCB's BE0101N1 export in the
variants Statistikdatabasen and spreadsheets produce, the sums the statistics ask for,
replacing a year, and refusing a file it cannot use (one sentence, nothing changed)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from geography import population
from geography.models import Municipality, Population
from geography.reference import MUNICIPALITIES

pytestmark = pytest.mark.django_db

AGE_LABELS = [f"{age} år" for age in range(100)] + ["100+ år"]
GENDERS = [("män",), ("kvinnor",)]
COUNTY = [f"{code} {name}" for code, name, _lat, _lon in MUNICIPALITIES]
COUNTY_NAMES = [name for _code, name, _lat, _lon in MUNICIPALITIES]  # in code order
OUTSIDE = ["0180 Stockholm", "1280 Malmö", "1480 Göteborg"]


def people(region, age, group, year):
    """1 person per age and group (5 at 100+), times 1 in 2023 and 2 in 2024: per group,
    65+ is 40 in 2023 and 80 in 2024, and 0–64 is 65 in 2023 and 130 in 2024."""
    return str((5 if age == 100 else 1) * (year - 2022))


def table(regions, years=(2023, 2024), groups=GENDERS, group_columns=("kön",), figure=people):
    """SCB's table as rows of cells: the header, then every region × age × group, and a
    "totalt ålder" row per region (a huge number, to show when it is wrongly counted)."""
    header = ["region", "ålder", *group_columns, *map(str, years)]
    rows = [header]
    for region in regions:
        for age, label in enumerate(AGE_LABELS):
            for group in groups:
                values = [figure(region, age, group, year) for year in years]
                rows.append([region, label, *group, *values])
        rows.append([region, "totalt ålder", *groups[0], *("99999" for _ in years)])
    return rows


def render(rows, delimiter=",", before="", after=""):
    """Text as SCB writes it: header and text cells quoted, figures bare."""
    texts = len(rows[0]) - sum(cell.isdigit() for cell in rows[0])
    lines = [delimiter.join(f'"{cell}"' for cell in rows[0])]
    for row in rows[1:]:
        quoted = [f'"{cell}"' for cell in row[:texts]]
        lines.append(delimiter.join(quoted + row[texts:]))
    return before + "\r\n".join(lines) + "\r\n" + after


def write(tmp_path, text, encoding="utf-8", name="BE0101N1.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def run(path, *args):
    out = StringIO()
    call_command("load_population", path, *args, stdout=out)
    return out.getvalue().strip()


def ids(*codes):
    return [Municipality.objects.get(code=code).id for code in codes]


def snapshot():
    return sorted(Population.objects.values_list("municipality__code", "year", "age", "people"))


def test_comma_delimited_utf8_with_bom_loads_the_latest_year(db, tmp_path):
    path = write(tmp_path, render(table(COUNTY[:2])), encoding="utf-8-sig")
    assert Path(path).read_bytes().startswith(b"\xef\xbb\xbf")

    report = run(path)

    aneby, gnosjo = ids("0604", "0617")
    assert report == (
        "Loaded population for 2024: 2 municipalities, 202 rows; 0 municipalities outside "
        "the county ignored; not in the file: " + ", ".join(COUNTY_NAMES[2:])
    )
    assert population.loaded_year() == 2024
    # män + kvinnor, 2024: 80 each aged 65+, 130 each aged 0–64; "totalt ålder" skipped.
    assert population.people_aged(65) == {aneby: 160, gnosjo: 160}
    assert population.people_aged(0, 64) == {aneby: 260, gnosjo: 260}
    assert population.people_aged(100) == {aneby: 20, gnosjo: 20}
    assert Population.objects.get(municipality_id=aneby, age=100).people == 20
    assert not Population.objects.filter(year=2023).exists()


def test_semicolon_delimited_cp1252_with_a_title_line_sums_the_genders(db, tmp_path):
    def figure(region, age, group, year):
        if region.startswith("0680") and age == 70 and group == ("kvinnor",):
            return "1 234" if year == 2024 else ".."  # thousands separator; missing
        return people(region, age, group, year)

    title = '"Folkmängden efter region, ålder, kön och år"\r\n\r\n'
    text = render(table(COUNTY, figure=figure), delimiter=";", before=title)
    path = write(tmp_path, text, encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        Path(path).read_bytes().decode("utf-8")

    report = run(path)

    assert report == (
        "Loaded population for 2024: 13 municipalities, 1313 rows; 0 municipalities outside "
        "the county ignored"
    )
    aneby, jonkoping = ids("0604", "0680")
    aged = population.people_aged(65)
    assert len(aged) == 13
    assert aged[aneby] == 160
    assert aged[jonkoping] == 160 - 2 + 1234
    assert population.people_aged(65, year=2023) == {}
    run(path, "--year", "2023")
    assert population.people_aged(65, year=2023)[jonkoping] == 80 - 1 + 0  # ".." is 0
    assert population.people_aged(65)[jonkoping] == 160 - 2 + 1234  # 2024 still the latest


def test_tab_delimited_with_codes_only_and_marital_status_sums_every_group(db, tmp_path):
    groups = [(gender, status) for gender in ("män", "kvinnor") for status in ("ogifta", "gifta")]
    rows = table(["0604", "0687"], groups=groups, group_columns=("civilstånd", "kön"))
    path = write(tmp_path, render(rows, delimiter="\t"))

    run(path)

    aneby, tranas = ids("0604", "0687")
    assert population.people_aged(65) == {aneby: 320, tranas: 320}
    assert population.people_aged(65, 66) == {aneby: 16, tranas: 16}


def test_a_file_without_a_gender_column_and_a_footnote_below(db, tmp_path):
    rows = table(["0685 Vetlanda"], groups=[()], group_columns=())
    footnote = '\r\n"Uppgifterna avser förhållandena den 31 december respektive år."\r\n'
    run(write(tmp_path, render(rows, after=footnote)))

    assert population.people_aged(65) == {ids("0685")[0]: 80}


def test_totals_of_a_summed_column_are_used_instead_of_its_parts(db, tmp_path):
    rows = table(["0686 Eksjö"], groups=[("män",), ("kvinnor",), ("totalt",)])
    run(write(tmp_path, render(rows)))

    assert population.people_aged(65) == {ids("0686")[0]: 80}  # not 80 + 80 + 80


def test_a_code_that_lost_its_leading_zero_in_a_spreadsheet_is_read(db, tmp_path):
    run(write(tmp_path, render(table(["683"]))))

    assert population.people_aged(65) == {ids("0683")[0]: 160}


def test_a_year_can_be_chosen_and_a_missing_year_is_named(db, tmp_path):
    path = write(tmp_path, render(table(COUNTY[:1])))

    assert run(path, "--year", "2023").startswith("Loaded population for 2023: 1 municipality,")
    assert population.loaded_year() == 2023
    assert population.people_aged(65) == {ids("0604")[0]: 80}

    with pytest.raises(CommandError, match=r"has no column for 2022 \(it has 2023, 2024\)"):
        run(path, "--year", "2022")


def test_municipalities_outside_the_county_are_ignored_and_counted(db, tmp_path):
    path = write(tmp_path, render(table(OUTSIDE[:1] + COUNTY + OUTSIDE[1:])))

    report = run(path)

    assert report == (
        "Loaded population for 2024: 13 municipalities, 1313 rows; 3 municipalities outside "
        "the county ignored"
    )
    assert set(Population.objects.values_list("municipality__code", flat=True)) == {
        code for code, _name, _lat, _lon in MUNICIPALITIES
    }


def test_reloading_a_year_replaces_it_and_leaves_other_years(db, tmp_path):
    run(write(tmp_path, render(table(COUNTY[:2])), name="first.csv"), "--year", "2023")
    run(write(tmp_path, render(table(COUNTY[:2])), name="first.csv"))

    def doubled(region, age, group, year):
        return str(2 * int(people(region, age, group, year)))

    run(write(tmp_path, render(table(COUNTY[1:2], figure=doubled)), name="second.csv"))

    gnosjo = ids("0617")[0]
    assert population.people_aged(65) == {gnosjo: 320}  # Aneby is not in 2024 any more
    assert Population.objects.filter(year=2024).count() == 101
    assert Population.objects.filter(year=2023).count() == 202
    assert population.people_aged(65, year=2023) == {ids("0604")[0]: 80, gnosjo: 80}


def test_nothing_loaded(db):
    assert population.loaded_year() is None
    assert population.people_aged(65) == {}


def test_a_failed_write_keeps_the_year_as_it_was(db, tmp_path, monkeypatch):
    run(write(tmp_path, render(table(COUNTY[:2]))))
    before = snapshot()

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Population.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        run(write(tmp_path, render(table(COUNTY[2:4])), name="second.csv"))
    assert snapshot() == before


GOOD = render(table(["0604 Aneby"]))
LINES = GOOD.splitlines(keepends=True)


def replace_line(number, text):
    return "".join(LINES[: number - 1]) + text + "\r\n" + "".join(LINES[number:])


MALFORMED = [
    ("empty file", "", "has no header line; expected SCB table BE0101N1"),
    (
        "no header",
        '"0604 Aneby","0 år","män",38,35\r\n',
        'has no header line; expected SCB table BE0101N1 exported as "Comma delimited',
    ),
    (
        "no age column",
        '"Folkmängd"\r\n"region","kön","2024"\r\n"0604 Aneby","män",38\r\n',
        'Line 2: the header has no "ålder" (age) column',
    ),
    (
        "no region column",
        '"ålder","kön","2024"\r\n"0 år","män",38\r\n',
        'Line 1: the header has no "region" column',
    ),
    (
        "no year column",
        '"region","ålder","kön"\r\n"0604 Aneby","0 år","män"\r\n',
        'Line 1: the header has no year column (such as "2024")',
    ),
    (
        "unexpected column",
        '"region","ålder","tabellinnehåll","2024"\r\n',
        'Line 1: unexpected column "tabellinnehåll"',
    ),
    (
        "two contents for a year",
        '"region","ålder","Folkmängd 2024","Folkökning 2024"\r\n',
        "Line 1: more than one column for 2024",
    ),
    (
        "a word for a count",
        replace_line(5, '"0604 Aneby","1 år","kvinnor",1,many'),
        'Line 5: the number of people for 2024, "many", is not a whole number',
    ),
    (
        "a negative count",
        replace_line(5, '"0604 Aneby","1 år","kvinnor",1,-3'),
        'Line 5: the number of people for 2024, "-3"',
    ),
    (
        "an empty count",
        replace_line(5, '"0604 Aneby","1 år","kvinnor",1,'),
        'Line 5: the number of people for 2024, "", is not a whole number',
    ),
    (
        "an unknown age",
        replace_line(4, '"0604 Aneby","ett år","män",1,2'),
        'Line 4: the age "ett år" is not one of "0 år" to "99 år", "100+ år"',
    ),
    (
        "an age over 100",
        replace_line(4, '"0604 Aneby","101 år","män",1,2'),
        'Line 4: the age "101 år"',
    ),
    (
        "the county instead of municipalities",
        replace_line(4, '"06 Jönköpings län","1 år","män",1,2'),
        'Line 4: the region "06 Jönköpings län" does not start with a four-digit',
    ),
    (
        "too few fields",
        replace_line(3, '"0604 Aneby","0 år",1,2'),
        "Line 3 has 4 fields, but the header (line 1) has 5",
    ),
    (
        "a repeated row",
        replace_line(5, '"0604 Aneby","0 år","män",1,2'),
        "Line 5 repeats the region, age and group of line 2",
    ),
    (
        "a missing age",
        "".join(line for line in LINES if '"65 år"' not in line),
        "Line 2: region 0604 lacks ages (65 år); choose every age",
    ),
    (
        "only totals",
        LINES[0] + '"0604 Aneby","totalt ålder","män",38,35\r\n',
        "has no rows for single years of age under its header (line 1)",
    ),
    (
        "none of the county's municipalities",
        render(table(OUTSIDE)),
        "has none of the county's municipalities (0604, 0617,",
    ),
]


@pytest.mark.parametrize(("case", "text", "expected"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_a_file_it_cannot_use_fails_with_one_sentence_and_changes_nothing(
    db, tmp_path, case, text, expected
):
    run(write(tmp_path, render(table(COUNTY[:2])), name="good.csv"))
    before = snapshot()
    path = write(tmp_path, text)

    with pytest.raises(CommandError) as raised:
        run(path)

    assert expected in str(raised.value)
    assert snapshot() == before
    with pytest.raises(ValueError, match="."):  # the parser's own error, for other callers
        population.load_population(path)


def test_a_missing_file_is_named(db, tmp_path):
    with pytest.raises(CommandError, match=r"nowhere\.csv does not exist"):
        run(str(tmp_path / "nowhere.csv"))
