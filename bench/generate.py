"""Fill a PostgreSQL database with reproducible synthetic national data for the benchmarks.

    .venv/bin/python bench/generate.py --points 100000            # → database dh_bench_100k
    .venv/bin/python bench/generate.py --points 10000 --seed 7 --force

What it makes (from --seed, so two runs give the same rows): the site skeleton (migrations
and `seed_demo --no-users`), all 290 Swedish municipalities with their real simplified
boundaries as the networks' service areas (../shared/data), the national postal code table,
POINTS/5 organisations and POINTS support points (topics, languages, target groups,
accessibility, help modes, weekly opening hours and some dated exceptions), their search
entries (directory.search), and POINTS×10 referrals (1,000,000 at 100,000 points; never more than
REFERRALS_CAP, so that a 1,000,000-point stress run holds 1,000,000 referrals, not ten
million) with their topics and "created" events.

Everything is written with COPY: Wagtail pages as valid treebeard materialised-path nodes
(path, depth, numchild, url_path) under the directory page; then the directory's search
entries are written by `manage.py rebuild_search_index`, as the site writes them. Wagtail's
own search index (the admin's page search) is left empty.

A database that already holds data generated with the same points, seed and generator
version is reused (the benchmark calls this every time), after applying new migrations and
recounting the map's cells (`manage.py rebuild_map_cells`); --force rebuilds it.
"""

import argparse
import datetime
import itertools
import json
import os
import random
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
GENERATOR_VERSION = 6
REFERRALS_PER_POINT = 10
REFERRALS_CAP = 1_000_000
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")

STEP_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

ORGANISATION_KINDS = [
    # kind, organisation name, support point name, weight, typical topics
    ("library", "{place} bibliotek", "Bibliotekets digitala hjälp", 20,
     ["forsta-stegen", "e-tjanster", "lana-utrustning", "videosamtal"]),
    ("municipal", "Medborgarkontoret {place}", "Medborgarkontoret", 10,
     ["e-tjanster", "bankid", "1177-och-vard", "jobb"]),
    ("study_association", "Studieförbundet {name} {place}", "Digitalt café", 25,
     ["forsta-stegen", "saker-pa-natet", "swish-och-bank"]),
    ("church", "{name}församlingen i {place}", "Mobilhjälp i församlingshemmet", 15,
     ["videosamtal", "swish-och-bank", "forsta-stegen"]),
    ("pensioners", "Seniorföreningen {name} {place}", "Seniorernas teknikträff", 15,
     ["bankid", "swish-och-bank", "saker-pa-natet", "1177-och-vard"]),
    ("ngo", "Frivilligcentralen {name} {place}", "Läxhjälp och digital hjälp", 15,
     ["jobb", "skolplattformar", "e-tjanster", "bankid"]),
]  # fmt: skip
NAMES = [
    "Lärkan", "Vägen", "Bron", "Tranan", "Linden", "Eken", "Solrosen", "Kompassen",
    "Fyren", "Ankaret", "Björken", "Hamnen", "Källan", "Kvarnen", "Sländan", "Ugglan",
]  # fmt: skip
# Added to the demo data's streets and weekly patterns (home/demo.py, imported in build()).
MORE_STREETS = ["Drottninggatan", "Kungsgatan", "Nygatan", "Stationsvägen", "Hantverkargatan"]
DESCRIPTION_PARTS = [
    "Kom hit och få hjälp med det digitala.",
    "Ta med din mobil, surfplatta eller dator.",
    "Vi hjälper dig med BankID, Swish och e-tjänster.",
    "Hjälparna frågar aldrig efter dina koder.",
    "Kaffe finns, ingen fråga är för liten.",
    "Du kan låna en dator på plats.",
    "Vi visar hur du ringer videosamtal med familjen.",
    "Studenter och pensionärer hjälper till som volontärer.",
    "Boka gärna en tid om du behöver lång hjälp.",
    "Vi pratar flera språk och har tolk om du behöver.",
]
MORE_PATTERNS = [[(d, "17:00", "20:00") for d in (1, 3)]]
ACCESS = {
    "step_free_entrance": 0.8,
    "accessible_toilet": 0.6,
    "hearing_loop": 0.4,
    "large_screen": 0.3,
    "screen_reader": 0.15,
    "quiet_room": 0.3,
    "interpreter_on_request": 0.1,
}
MODES = {"by_phone": 0.4, "by_video": 0.2, "home_visit": 0.1}
EXTRA_LANGUAGES = ["en", "ar", "so", "ti", "fa", "prs", "uk", "bs", "fi", "swl", "pl", "ku"]


def default_database(points):
    return f"dh_bench_{points // 1000}k" if points % 1000 == 0 else f"dh_bench_{points}"


def database_url(name):
    return f"{PG_SERVER}/{name}"


def _admin(sql, *params):
    import psycopg

    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        cursor = conn.execute(sql, params or None)
        return cursor.fetchall() if cursor.description else None


def existing_meta(name):
    """The generator's marker in database `name`, or None."""
    import psycopg

    if not _admin("SELECT 1 FROM pg_database WHERE datname = %s", name):
        return None
    try:
        with psycopg.connect(database_url(name)) as conn:
            row = conn.execute("SELECT meta FROM bench_meta").fetchone()
    except psycopg.Error:
        return None
    return json.loads(row[0]) if row else None


def step(number):
    """treebeard's 4-character base-36 path step for the 1-based position `number`."""
    digits = ""
    for _ in range(4):
        number, rest = divmod(number, 36)
        digits = STEP_ALPHABET[rest] + digits
    return digits


class Copier:
    """COPY rows into one model's table; columns not given take the model's defaults."""

    def __init__(self, raw, model, columns=None):
        from django.db import connection

        self.raw, self.model = raw, model
        fields = [f for f in model._meta.local_concrete_fields]
        self.columns = columns or [f.column for f in fields]
        self.defaults = {}
        for field in fields:
            if field.column in self.columns and field.has_default():
                self.defaults[field.column] = field.get_db_prep_save(
                    field.get_default(), connection
                )
            elif field.column in self.columns and field.null:
                self.defaults[field.column] = None
            elif field.column in self.columns and field.get_internal_type() in (
                "CharField",
                "TextField",
                "SlugField",
                "URLField",
                "EmailField",
            ):
                self.defaults[field.column] = ""

    def write(self, rows):
        """rows: iterable of {column: value}. Returns the number written."""
        table = self.model._meta.db_table
        cols = ", ".join(f'"{c}"' for c in self.columns)
        count = 0
        with (
            self.raw.cursor() as cursor,
            cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy,
        ):
            for row in rows:
                values = {**self.defaults, **row}
                copy.write_row([values[c] for c in self.columns])
                count += 1
        return count


def next_id(raw, table):
    return raw.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").fetchone()[0]


def reset_sequence(raw, table):
    raw.execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
        f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
    )


def point_in(rng, area, centre):
    """A random point inside a municipality (a geography.geometry.Area): near its centre
    more often than not."""
    min_lon, min_lat, max_lon, max_lat = area.bbox
    for _ in range(30):
        if rng.random() < 0.6:
            lat = rng.gauss(centre[0], (max_lat - min_lat) / 8)
            lon = rng.gauss(centre[1], (max_lon - min_lon) / 8)
        else:
            lat, lon = rng.uniform(min_lat, max_lat), rng.uniform(min_lon, max_lon)
        if area.contains(lat, lon):
            return round(lat, 5), round(lon, 5)
    return round(centre[0], 5), round(centre[1], 5)


def load_reference():
    """290 municipalities: code → (name, (lat, lon), geometry); postal codes by code."""
    import csv

    features = json.loads((DATA / "swedish_municipalities.geojson").read_text())["features"]
    municipalities = {}
    for feature in features:
        props = feature["properties"]
        municipalities[props["id"]] = (props["kom_namn"], tuple(props["geo_point_2d"]),
                                       feature["geometry"])  # fmt: skip
    postal = {}
    with (DATA / "postal_to_municipality.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            postal.setdefault(row["municipality_code"], []).append(
                (row["postal_code"].replace(" ", ""), row["locality"])
            )
    return municipalities, postal


def build(points, seed, log):
    """Write everything into the (migrated, demo-seeded) current database."""
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils.text import slugify
    from wagtail.models import Locale, Page

    from demo import site as demo
    from directory.models import (
        DirectoryPage,
        HelpTopic,
        Language,
        OpeningException,
        OpeningHours,
        OrganisationPage,
        SupportPointPage,
        TargetGroup,
    )
    from geography.geometry import Area, clean_polygonal
    from geography.models import Municipality
    from networks.deadlines import response_deadline
    from networks.models import Network, Referral, ReferralEvent

    streets = demo.STREETS + MORE_STREETS
    patterns = demo.PATTERNS + MORE_PATTERNS
    rng = random.Random(seed)
    municipalities, postal = load_reference()
    started = time.perf_counter()

    def mark(what):
        log(f"  {what}: {time.perf_counter() - started:.1f} s")

    call_command("import_postcodes", str(DATA / "postal_to_municipality.csv"), verbosity=0)
    with transaction.atomic():
        # Municipalities and one network per municipality with its real boundary.
        by_code = {m.code: m for m in Municipality.objects.all()}
        for code, (name, centre, _geometry) in sorted(municipalities.items()):
            if code not in by_code:
                by_code[code] = Municipality.objects.create(
                    code=code, name=name, latitude=centre[0], longitude=centre[1]
                )
        served = set(
            Network.municipalities.through.objects.values_list("municipality__code", flat=True)
        )
        for code, (name, _centre, geometry) in sorted(municipalities.items()):
            area = clean_polygonal(geometry, name)
            if code in served:
                Network.objects.filter(municipalities__code=code).update(service_area=area)
                continue
            network = Network.objects.create(
                name=f"Digital hjälp {name}",
                slug=f"n-{code}",
                email=f"digitalhjalp.{code}@example.org",
                accepts_referrals=rng.random() > 0.03,
                service_area=area,
            )
            network.municipalities.add(by_code[code])
    mark("municipalities, networks, postal codes")

    raw = connection.connection
    directory = DirectoryPage.originals.get()
    locale_id = Locale.get_default().pk
    ct = {model: model._meta.label_lower for model in (OrganisationPage, SupportPointPage)}
    from django.contrib.contenttypes.models import ContentType

    ct = {model: ContentType.objects.get_for_model(model).pk for model in ct}
    topics = {t.slug: t for t in HelpTopic.objects.all()}
    languages = {lang.code: lang.pk for lang in Language.objects.all()}
    groups = list(TargetGroup.objects.values_list("pk", flat=True))
    codes = sorted(municipalities)
    # Bigger municipalities get more: a skewed weight per municipality.
    weights = [rng.paretovariate(1.2) for _ in codes]
    cum_weights = list(itertools.accumulate(weights))
    now = datetime.datetime.now(datetime.UTC)

    n_orgs = max(1, points // 5)
    org_first_id = next_id(raw, "wagtailcore_page")
    page_copy = Copier(raw, Page)
    org_copy = Copier(raw, OrganisationPage)
    point_copy = Copier(raw, SupportPointPage)

    def page_row(pk, path, depth, numchild, title, slug, url_path, content_type):
        return {
            "id": pk, "path": path, "depth": depth, "numchild": numchild, "title": title,
            "draft_title": title, "slug": slug, "live": True,
            "has_unpublished_changes": False, "url_path": url_path,
            "content_type_id": content_type, "locale_id": locale_id,
            "translation_key": uuid.UUID(int=rng.getrandbits(128)),
            "first_published_at": now, "last_published_at": now,
        }  # fmt: skip

    # Organisations: spread over municipalities; support points: ~5 each (1–12).
    orgs = []
    org_counts = [1 + min(11, int(rng.expovariate(1 / 4))) for _ in range(n_orgs)]
    scale = points / sum(org_counts)
    org_counts = [max(1, round(count * scale)) for count in org_counts]
    org_counts[-1] += points - sum(org_counts)
    while org_counts[-1] < 1:  # rounding overshoot: take from the largest
        largest = max(range(n_orgs), key=org_counts.__getitem__)
        org_counts[largest] -= 1
        org_counts[-1] += 1
    kinds = ORGANISATION_KINDS
    kind_weights = [k[3] for k in kinds]
    first_child = directory.numchild + 1
    for index in range(n_orgs):
        code = rng.choices(codes, cum_weights=cum_weights)[0]
        kind = rng.choices(kinds, kind_weights)[0]
        place = rng.choice(postal.get(code) or [("", municipalities[code][0])])[1].title()
        title = kind[1].format(place=place, name=rng.choice(NAMES))
        slug = f"{slugify(title)[:60]}-{index + 1}"
        orgs.append(
            {
                "id": org_first_id + index,
                "path": directory.path + step(first_child + index),
                "url_path": f"{directory.url_path}{slug}/",
                "title": title,
                "slug": slug,
                "kind": kind,
                "code": code,
                "place": place,
                "children": org_counts[index],
            }
        )

    def org_rows():
        for org in orgs:
            yield page_row(
                org["id"], org["path"], directory.depth + 1, org["children"], org["title"],
                org["slug"], org["url_path"], ct[OrganisationPage],
            )  # fmt: skip

    page_copy.write(org_rows())
    org_copy.write(
        {
            "page_ptr_id": org["id"],
            "kind": org["kind"][0],
            "description": f"{org['title']} hjälper invånare att komma igång med "
            "digitala tjänster. Uppgifterna är påhittade för ett prestandatest.",
            "website": "https://example.org/",
            "email": f"kontakt{org['id']}@example.org",
            "phone": "010-123 45 67",
        }
        for org in orgs
    )
    Page.objects.filter(pk=directory.pk).update(numchild=directory.numchild + n_orgs)
    mark(f"{n_orgs} organisations")

    # Support points and everything hanging on them.
    point_first_id = org_first_id + n_orgs
    point_rows, topic_rows, language_rows, group_rows = [], [], [], []
    hours_rows, exception_rows = [], []
    pk = point_first_id
    today = datetime.date.today()
    areas = {code: Area(geometry) for code, (_n, _c, geometry) in municipalities.items()}
    for org in orgs:
        kind = org["kind"]
        code = org["code"]
        name, centre, _geometry = municipalities[code]
        places = postal.get(code) or [("", name)]
        for child in range(1, org["children"] + 1):
            postal_code, locality = rng.choice(places)
            locality = locality.title()
            title = f"{kind[2]} – {locality}"
            slug = f"{slugify(title)[:60]}-{child}"
            lat, lon = point_in(rng, areas[code], centre)
            chosen = list(kind[4])
            if rng.random() < 0.5 and "bankid" not in chosen:
                chosen.append("bankid")
            if rng.random() < 0.3:
                chosen.append(rng.choice(sorted(topics)))
            chosen_topics = sorted({topics[s].pk for s in chosen if s in topics})
            chosen_languages = [
                "sv",
                *rng.sample(EXTRA_LANGUAGES, min(3, int(rng.expovariate(1)))),
            ]
            description = " ".join(rng.sample(DESCRIPTION_PARTS, 3))
            point_rows.append(
                (
                    page_row(pk, org["path"] + step(child), directory.depth + 2, 0, title, slug,
                             f"{org['url_path']}{slug}/", ct[SupportPointPage]),
                    {
                        "page_ptr_id": pk,
                        "description": description,
                        "street_address": f"{rng.choice(streets)} {rng.randint(1, 60)}",
                        "postal_code": postal_code,
                        "locality": locality,
                        "municipality_id": _municipality_id(code, Municipality),
                        "latitude": lat,
                        "longitude": lon,
                        "drop_in": kind[0] != "municipal" and rng.random() < 0.8,
                        "is_free": rng.random() < 0.95,
                        "on_site": True,
                        "phone": "010-123 45 67",
                        "last_verified": today - datetime.timedelta(days=rng.randint(0, 700)),
                        **{f: rng.random() < p for f, p in ACCESS.items()},
                        **{f: rng.random() < p for f, p in MODES.items()},
                    },
                )
            )  # fmt: skip
            topic_rows += [(pk, t) for t in chosen_topics]
            language_rows += [(pk, languages[c]) for c in chosen_languages if c in languages]
            group_rows += [(pk, g) for g in rng.sample(groups, rng.randint(0, 2))]
            pattern = patterns[rng.randrange(len(patterns))]
            hours_rows += [(pk, i, w, o, c) for i, (w, o, c) in enumerate(pattern)]
            if rng.random() < 0.1:
                day = today + datetime.timedelta(days=rng.randint(-3, 40))
                exception_rows.append((pk, 0, day, True, None, None, "Stängt"))
            pk += 1
    mark(f"{len(point_rows)} support points prepared")
    page_copy.write(row[0] for row in point_rows)
    point_copy.write(row[1] for row in point_rows)
    mark("support point pages written")
    _copy_plain(raw, SupportPointPage.topics.through, ["supportpointpage_id", "helptopic_id"],
                topic_rows)  # fmt: skip
    _copy_plain(raw, SupportPointPage.languages.through,
                ["supportpointpage_id", "language_id"], language_rows)  # fmt: skip
    _copy_plain(raw, SupportPointPage.target_groups.through,
                ["supportpointpage_id", "targetgroup_id"], group_rows)  # fmt: skip
    _copy_plain(raw, OpeningHours, ["page_id", "sort_order", "weekday", "opens", "closes"],
                hours_rows)  # fmt: skip
    _copy_plain(raw, OpeningException,
                ["page_id", "sort_order", "date", "closed", "opens", "closes", "note"],
                exception_rows)  # fmt: skip
    mark("topics, languages, groups, opening hours")

    # Referrals over three years, with topics and a "created" event each.
    n_referrals = min(points * REFERRALS_PER_POINT, REFERRALS_CAP)
    networks = dict(
        Network.municipalities.through.objects.values_list("municipality__code", "network_id")
    )
    municipality_ids = {m.code: m.pk for m in Municipality.objects.all()}
    first_referral = next_id(raw, "networks_referral")
    referral_copy = Copier(raw, Referral)
    statuses = ["new", "contacted", "in_progress", "resolved", "resolved", "resolved",
                "unreachable", "withdrawn"]  # fmt: skip
    topic_ids = [t.pk for t in topics.values()]
    language_ids = list(languages.values())
    events, referral_topics = [], []
    alphabet = "34679ACDEFGHJKMNPQRTUVWXY"

    def referral_rows():
        for number in range(n_referrals):
            referral_id = first_referral + number
            code = rng.choices(codes, cum_weights=cum_weights)[0]
            created = now - datetime.timedelta(seconds=rng.randint(0, 3 * 365 * 86400))
            reference = "DH-" + "".join(alphabet[(referral_id // 25**i) % 25] for i in range(7))
            yield {
                "id": referral_id,
                "reference": reference[:7] + "-" + reference[7:],
                "submission_token": f"{referral_id:032x}",
                "source": "web" if rng.random() < 0.8 else "phone",
                "for_whom": rng.choice(["me", "someone", "professional"]),
                "message": "Behöver hjälp med mobilen.",
                "language_id": rng.choice(language_ids),
                "contact_method": rng.choice(["phone", "sms", "email"]),
                "contact_times": json.dumps(["morning"]),
                "accessibility_needs": json.dumps([]),
                "name": "Testperson",
                "phone": "070-000 00 00",
                "municipality_id": municipality_ids[code],
                "age_band": rng.choice(["65-74", "75-84", "85+", "50-64"]),
                "consent": True,
                "consent_at": created,
                "network_id": networks[code],
                "routing_rule": "municipality",
                "routing_explanation": "Din förfrågan går till nätverket i din kommun.",
                "status": rng.choice(statuses),
                "created_at": created,
                "updated_at": created,
                "due_on": response_deadline(created),
                "version": 1,
            }
            referral_topics.append((referral_id, rng.choice(topic_ids)))
            events.append((referral_id, created, "created"))

    referral_copy.write(referral_rows())
    _copy_plain(raw, Referral.topics.through, ["referral_id", "helptopic_id"], referral_topics)
    _copy_plain(raw, ReferralEvent, ["referral_id", "at", "kind"],
                events, defaults={"from_value": "", "to_value": "", "note": ""})  # fmt: skip
    mark(f"{n_referrals} referrals")

    for table in (
        "wagtailcore_page", "networks_referral", "networks_referralevent",
        "directory_openinghours", "directory_openingexception",
        "directory_supportpointpage_topics", "directory_supportpointpage_languages",
        "directory_supportpointpage_target_groups", "networks_referral_topics",
    ):  # fmt: skip
        reset_sequence(raw, table)
    raw.commit()
    mark("sequences")
    call_command("rebuild_search_index", verbosity=0)  # the entries, as the site writes them
    mark("search entries")
    call_command("rebuild_map_cells", verbosity=0)  # COPY skipped the signals that count
    mark("map cells")
    return {"organisations": n_orgs, "support_points": len(point_rows),
            "referrals": n_referrals}  # fmt: skip


_MUNICIPALITY_IDS = {}


def _municipality_id(code, model):
    if not _MUNICIPALITY_IDS:
        _MUNICIPALITY_IDS.update(model.objects.values_list("code", "pk"))
    return _MUNICIPALITY_IDS[code]


def _copy_plain(raw, model, columns, rows, defaults=None):
    table = model._meta.db_table
    extra = list(defaults or {})
    cols = ", ".join(columns + extra)
    tail = [defaults[c] for c in extra]
    with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([*row, *tail])


def generate(points, seed, database, force=False, log=print):
    """Make `database` hold the data for (points, seed); reuse it when it already does."""
    wanted = {"points": points, "seed": seed, "version": GENERATOR_VERSION}
    if not force and existing_meta(database) == wanted:
        log(f"{database}: reusing ({points} support points, seed {seed}).")
        update(database)
        return database
    log(f"{database}: generating {points} support points (seed {seed}) …")
    _admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{database}"')
    import subprocess

    started = time.perf_counter()
    _manage(database, "migrate", "--noinput", "-v0")
    _manage(database, "seed_demo", "--no-users")
    log(f"  migrate + demo site: {time.perf_counter() - started:.1f} s")
    subprocess.run(
        [sys.executable, __file__, "--points", str(points), "--seed", str(seed), "--database",
         database, "--fill"],
        cwd=ROOT, env=_manage_env(database), check=True,
    )  # fmt: skip
    import psycopg

    with psycopg.connect(database_url(database), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        conn.execute("CREATE TABLE bench_meta (meta text)")
        conn.execute("INSERT INTO bench_meta VALUES (%s)", (json.dumps(wanted),))
    log(f"  total: {time.perf_counter() - started:.1f} s")
    return database


def _manage_env(database):
    return {**os.environ, "DATABASE_URL": database_url(database), "DEBUG": "1"}


def _manage(database, *command, check=True):
    """Run manage.py `command` on `database`; returns its exit status."""
    import subprocess

    return subprocess.run(
        [sys.executable, "manage.py", *command], cwd=ROOT, env=_manage_env(database),
        check=check, stdout=subprocess.DEVNULL,
    ).returncode  # fmt: skip


def update(database):
    """Bring a reused database up to the current code: new migrations (only when there are
    some: migrate's post-migrate steps take minutes at 100,000 points) and the map's cell
    counts, which the COPY of an older generator did not write."""
    if _manage(database, "migrate", "--check", check=False):
        _manage(database, "migrate", "--noinput", "-v0")
    _manage(database, "rebuild_map_cells", "-v0")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", help="default: dh_bench_<points/1000>k")
    parser.add_argument("--force", action="store_true", help="rebuild even if up to date")
    parser.add_argument("--fill", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    database = args.database or default_database(args.points)
    if args.fill:  # the child process: Django set up on DATABASE_URL
        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        print(json.dumps(build(args.points, args.seed, print)))
        return
    generate(args.points, args.seed, database, force=args.force)


if __name__ == "__main__":
    main()
