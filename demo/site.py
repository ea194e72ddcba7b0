"""The demo site: the site's own page tree (home.site_tree, with notes that the data are
made up), networks, a believable directory and the demo users, and the county's real
routing data (postal codes, municipality boundaries) from geography/data.

Everything is found by slug or username before it is created, so running it again adds
only what is missing. Names start with "Demo" so nobody mistakes them for real services.
"""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from demo.texts import DEMO_NOTES
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
from figures.access import ensure_analysts_group
from geography import county_data
from geography.models import Municipality
from home.site_tree import ensure_foundation, ensure_page_tree, load_postal_codes
from networks.models import Network
from networks.service_areas import import_service_areas
from partners.access import ensure_coordinators_group, sync_organisation

DEMO_USERS = [
    # username, password, role
    ("admin", "demo-admin-2026", "administrator"),
    ("samordnare.jonkoping", "demo-samordnare-2026", "coordinator of the Jönköping network"),
    (
        "partner.bibliotek",
        "demo-partner-2026",
        "partner editor of Demo Stadsbiblioteket Jönköping",
    ),
    ("analytiker", "demo-analytiker-2026", "regional analyst (statistics only)"),
]
PARTNER_ORG_SLUG = "demo-stadsbiblioteket-jonkoping"
# The demo's default site keeps Wagtail's address, whatever BASE_URL says.
DEMO_ADDRESS = ("localhost", 80)

# Villages with a branch, by municipality code: (name, latitude, longitude).
BRANCHES = {
    "0604": ("Frinnaryd", 57.8540, 14.7850),
    "0617": ("Hillerstorp", 57.3130, 13.8780),
    "0642": ("Sandhem", 57.9900, 13.7800),
    "0643": ("Bränneberg", 57.9400, 14.0300),
    "0662": ("Anderstorp", 57.2830, 13.6350),
    "0665": ("Skillingaryd", 57.4320, 14.0900),
    "0680": ("Huskvarna", 57.7860, 14.2760),
    "0682": ("Bodafors", 57.5050, 14.6950),
    "0683": ("Forsheda", 57.1680, 13.8330),
    "0684": ("Vrigstad", 57.3550, 14.4700),
    "0685": ("Ekenässjön", 57.4900, 15.0100),
    "0686": ("Mariannelund", 57.6170, 15.5650),
    "0687": ("Sommen", 58.1340, 14.9700),
}

STREETS = [
    "Storgatan",
    "Järnvägsgatan",
    "Kyrkogatan",
    "Skolgatan",
    "Torget",
    "Östra vägen",
    "Västra Långgatan",
    "Biblioteksgatan",
    "Parkgatan",
    "Ågatan",
]

# Weekly patterns: lists of (weekday, opens, closes). Lunch closures, evenings, a range
# past midnight.
PATTERNS = [
    [(d, "10:00", "12:00") for d in range(4)]
    + [(d, "13:00", "16:00") for d in range(4)]
    + [(4, "10:00", "12:00")],
    [(1, "13:00", "16:00"), (3, "17:00", "19:00")],
    [(d, "08:00", "16:30") for d in range(5)],
    [(2, "10:00", "14:00"), (5, "11:00", "14:00")],
    [(0, "14:00", "17:00"), (4, "18:00", "00:30")],
    [(d, "09:00", "12:00") for d in (0, 2, 4)],
]

KINDS = {
    "library": (
        "Demo {place} bibliotek",
        "Bibliotekets digitala hjälp",
        0,
        ["forsta-stegen", "e-tjanster", "lana-utrustning", "videosamtal"],
    ),
    "municipal": (
        "Demo Medborgarkontoret {place}",
        "Medborgarkontoret",
        2,
        ["e-tjanster", "bankid", "1177-och-vard", "jobb"],
    ),
    "study_association": (
        "Demo Studieförbundet Lärkan {place}",
        "Digitalt café",
        1,
        ["forsta-stegen", "saker-pa-natet", "swish-och-bank"],
    ),
    "church": (
        "Demo-församlingen i {place}",
        "Mobilhjälp i församlingshemmet",
        3,
        ["videosamtal", "swish-och-bank", "forsta-stegen"],
    ),
    "pensioners": (
        "Demo Seniorföreningen {place}",
        "Seniorernas teknikträff",
        5,
        ["bankid", "swish-och-bank", "saker-pa-natet", "1177-och-vard"],
    ),
    "ngo": (
        "Demo Frivilligcentralen {place}",
        "Läxhjälp och digital hjälp",
        4,
        ["jobb", "skolplattformar", "e-tjanster", "bankid"],
    ),
}
ROTATION = ["study_association", "church", "pensioners", "ngo"]
EXTRA_LANGUAGES = ["en", "ar", "so", "ti", "fa", "prs", "uk", "bs", "fi", "swl", "pl", "ku"]


@dataclass
class RoutingDataReport:
    postal_codes: int = 0  # loaded from the shipped file (0: the table had rows already)
    service_areas: int = 0  # networks given the boundaries of their municipalities

    def summary(self):
        return (
            f"Routing data: {self.postal_codes} postal codes loaded, "
            f"{self.service_areas} service areas set."
        )


@dataclass
class SeedReport:
    organisations: int = 0
    support_points: int = 0
    networks: int = 0
    users: list = None
    routing: RoutingDataReport = None


def database_is_empty():
    return not SupportPointPage.objects.exists()


@transaction.atomic
def seed(create_users=True):
    report = SeedReport(users=[])
    ensure_foundation()
    home = ensure_page_tree(address=DEMO_ADDRESS, notes=DEMO_NOTES)
    directory = home.get_children().type(DirectoryPage).first().specific
    topics = {t.slug: t for t in HelpTopic.objects.all()}
    languages = {lang.code: lang for lang in Language.objects.all()}
    groups = list(TargetGroup.objects.all())
    for municipality in Municipality.objects.order_by("code"):
        report.networks += _network(municipality)
        orgs, points = _municipality_directory(directory, municipality, topics, languages, groups)
        report.organisations += orgs
        report.support_points += points
    report.routing = load_routing_data()
    if create_users:
        report.users = _users()
    return report


def _network(municipality):
    slug = slugify(municipality.name.replace("ö", "o").replace("ä", "a").replace("å", "a"))
    network, created = Network.objects.get_or_create(
        slug=slug,
        defaults={
            "name": f"Digital hjälp {municipality.name} (demo)",
            "email": f"digitalhjalp.{slug}@example.org",
            "phone": "036-10 00 00",
        },
    )
    network.municipalities.add(municipality)
    return int(created)


@transaction.atomic
def load_routing_data():
    """The county's postal codes and municipality boundaries shipped in geography/data,
    loaded through the ordinary importers so that routing works out of the box: postal
    codes only into an empty table, areas only for networks that have none (what an
    operator imported or drew is never overwritten). Idempotent, and fast (568 rows, 13
    polygons), as the test suite runs it for every test database."""
    report = RoutingDataReport()
    report.postal_codes = load_postal_codes()
    areas = import_service_areas(county_data.BOUNDARIES, keep_existing=True)
    report.service_areas = len(areas.matched_networks)
    return report


def _municipality_directory(directory, municipality, topics, languages, groups):
    rng = random.Random(municipality.code)
    code = municipality.code
    place = municipality.name
    kinds = ["library", "municipal", ROTATION[int(code) % 4], ROTATION[(int(code) + 1) % 4]]
    orgs = points = 0
    for index, kind in enumerate(kinds):
        org_name_pattern, point_name, pattern_index, topic_slugs = KINDS[kind]
        org_name = org_name_pattern.format(place=place)
        if kind == "library" and code == "0680":
            org_name = "Demo Stadsbiblioteket Jönköping"
        org, created = _organisation(directory, org_name, kind, place)
        orgs += int(created)
        sites = [(f"{point_name} – {place}", municipality.latitude, municipality.longitude, place)]
        if index in (0, 2) or (index == 1 and code in ("0680", "0682", "0683")):
            branch, lat, lon = BRANCHES[code]
            sites.append((f"{point_name} – {branch}", lat, lon, branch))
        for number, (name, lat, lon, locality) in enumerate(sites):
            spec = _support_point_spec(rng, kind, topic_slugs, pattern_index + number)
            points += _support_point(
                org,
                name,
                municipality,
                lat + rng.uniform(-0.006, 0.006),
                lon + rng.uniform(-0.008, 0.008),
                locality,
                spec,
                topics,
                languages,
                groups,
            )
    return orgs, points


def _organisation(directory, name, kind, place):
    slug = slugify(name.replace("ö", "o").replace("ä", "a").replace("å", "a"))
    existing = OrganisationPage.objects.child_of(directory).filter(slug=slug).first()
    if existing:
        return existing, False
    org = OrganisationPage(
        title=name,
        slug=slug,
        kind=kind,
        description=f"{name} är en demopartner som hjälper invånare i {place} att komma "
        "igång med digitala tjänster. Uppgifterna är påhittade.",
        website="https://example.org/",
        email=f"{slug}@example.org",
        phone="036-12 34 56",
    )
    directory.add_child(instance=org)
    directory.refresh_from_db()
    return org, True


def _support_point_spec(rng, kind, topic_slugs, pattern_index):
    extra = rng.sample(EXTRA_LANGUAGES, rng.randint(0, 3))
    chosen_topics = list(topic_slugs)
    if rng.random() < 0.5 and "bankid" not in chosen_topics:
        chosen_topics.append("bankid")
    return {
        "topics": chosen_topics,
        "languages": ["sv", *extra],
        "pattern": PATTERNS[pattern_index % len(PATTERNS)],
        "access": {
            "step_free_entrance": rng.random() < 0.8,
            "accessible_toilet": rng.random() < 0.6,
            "hearing_loop": rng.random() < 0.4,
            "large_screen": rng.random() < 0.3,
            "screen_reader": kind == "library" and rng.random() < 0.5,
            "quiet_room": rng.random() < 0.3,
            "interpreter_on_request": kind == "municipal",
        },
        "modes": {
            "on_site": True,
            "by_phone": rng.random() < 0.4,
            "by_video": rng.random() < 0.2,
            "home_visit": kind in ("pensioners", "church") and rng.random() < 0.5,
        },
        "drop_in": kind != "municipal",
        "street": f"{rng.choice(STREETS)} {rng.randint(1, 40)}",
        "groups": rng.sample(range(5), rng.randint(1, 2)),
        # Devices to lend, by kind of place and not drawn from rng, so that the rest of
        # the demo stays as it was: libraries lend tablets (and computers at the main
        # library), voluntary organisations a phone.
        "lending": {
            "lends_tablets": (3 if pattern_index == 0 else 1) if kind == "library" else 0,
            "lends_computers": 2 if kind == "library" and pattern_index == 0 else 0,
            "lends_phones": 1 if kind == "ngo" else 0,
        },
    }


def _support_point(org, name, municipality, lat, lon, locality, spec, topics, languages, groups):
    # Fixed facts the tests and the README's walk-through rely on.
    if municipality.code == "0685" and "bibliotek" in org.slug and "Ekenässjön" not in name:
        spec["topics"] = sorted(set(spec["topics"]) | {"bankid"})
        spec["languages"] = ["sv", "ar", "en"]
    if municipality.code == "0685" and org.kind == "municipal":
        spec["topics"] = sorted(set(spec["topics"]) | {"bankid"})
        spec["languages"] = ["sv"]
    # Two citizens' offices lend SIM cards with data; two places are full for a few weeks.
    capacity = dict(spec["lending"])
    main_site = municipality.name in name
    if main_site and org.kind == "municipal" and municipality.code in ("0680", "0683"):
        capacity["lends_sim_cards"] = 5
    full_weeks = {("0686", "municipal"): 3, ("0662", "library"): 4}.get(
        (municipality.code, org.kind)
    )
    if main_site and full_weeks:
        capacity["full"] = True
        capacity["full_until"] = datetime.date.today() + datetime.timedelta(weeks=full_weeks)
    slug = slugify(name.replace("ö", "o").replace("ä", "a").replace("å", "a"))
    if SupportPointPage.objects.child_of(org).filter(slug=slug).exists():
        return 0
    point = SupportPointPage(
        title=name,
        slug=slug,
        description=f"Kom hit och få hjälp av {org.title}. Ta med din mobil, surfplatta "
        "eller dator och eventuella inloggningsuppgifter. Hjälparna frågar aldrig efter "
        "dina koder.",
        street_address=spec["street"],
        postal_code="",
        locality=locality,
        municipality=municipality,
        latitude=round(lat, 5),
        longitude=round(lon, 5),
        drop_in=spec["drop_in"],
        booking_phone="" if spec["drop_in"] else "036-10 20 30",
        phone="036-10 20 30",
        email=f"{org.slug}@example.org",
        is_free=True,
        last_verified=datetime.date.today() - datetime.timedelta(days=30),
        **spec["access"],
        **spec["modes"],
        **capacity,
    )
    for weekday, opens, closes in spec["pattern"]:
        point.opening_hours.add(OpeningHours(weekday=weekday, opens=opens, closes=closes))
    if org.kind == "library":
        for day in ("12-24", "12-25", "12-26"):
            point.opening_exceptions.add(
                OpeningException(
                    date=f"{datetime.date.today().year}-{day}", closed=True, note="Jul"
                )
            )
    point.topics.set([topics[slug] for slug in spec["topics"] if slug in topics])
    point.languages.set([languages[code] for code in spec["languages"] if code in languages])
    point.target_groups.set([groups[i] for i in spec["groups"] if i < len(groups)])
    org.add_child(instance=point)
    org.refresh_from_db()
    return 1


def _users():
    User = get_user_model()
    created = []
    for username, password, role in DEMO_USERS:
        user, made = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@example.org", "first_name": role.split()[0].title()},
        )
        if made:
            user.set_password(password)
        if username == "admin":
            user.is_staff = user.is_superuser = True
        user.save()
        created.append((username, password, role))
    # The coordinators' group and each organisation's editor group are kept by the
    # partners app.
    coordinator = User.objects.get(username="samordnare.jonkoping")
    coordinator.groups.add(ensure_coordinators_group())
    Network.objects.get(slug="jonkoping").coordinators.add(coordinator)

    User.objects.get(username="analytiker").groups.add(ensure_analysts_group())

    partner_org = OrganisationPage.objects.get(slug=PARTNER_ORG_SLUG)
    User.objects.get(username="partner.bibliotek").groups.add(sync_organisation(partner_org))
    return created
