"""A year of made-up referrals for the demo site, so that the statistics, the gap view and
the coordinators' queue show something the first time someone looks.

Every demo referral says what it is: its reference starts with "DEMO-", the person is
"Demoperson N", the message says the request is made up and the phone numbers are
070-000 … numbers. Nothing is sent: the coordinators' notification is recorded as sent.

The patterns are invented to look believable: more requests on weekdays and
in the tax-return spring, fewer in July; municipalities roughly by population; mostly
older people, and the oldest asking about BankID, Swish and the bank far more often;
requests in Arabic, Somali, Tigrinya, Persian/Dari and Ukrainian (often with an
interpreter) where many newcomers live; most requests answered within three working days
and closed some days later, the most recent ones still open.

Retention is not applied here: referrals closed long ago keep their (made-up) personal
data until retention runs.
"""

import datetime
import random
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation

from directory.models import HelpTopic, Language, SupportPointPage
from geography.models import Municipality
from networks import deadlines
from networks.models import (
    CLOSED_STATUSES,
    AccessibilityNeed,
    ContactMethod,
    ContactTime,
    ForWhom,
    Network,
    Referral,
    ReferralEvent,
    ReferralSource,
    ReferralStatus,
)
from networks.referrals import REFERENCE_ALPHABET
from networks.routing import EXPLANATIONS, RULE_MUNICIPALITY, RULE_SERVICE_AREA
from networks.tasks import recipients

REFERENCE_PREFIX = "DEMO-"
REFERENCE_LENGTH = 8  # "DEMO-" + 8 characters: within the field's 16
TOTAL = 2400
DAYS = 365
MESSAGE = "Påhittat demoärende."
SWEDISH = "sv"  # the Language entry (ISO 639) most requests are in
WORKING_LANGUAGE = "sv"  # coordinators work in Swedish: history values are Swedish labels

# Inhabitants by municipality code, rounded (only to weigh where requests come from).
POPULATION = {
    "0604": 6_900,  # Aneby
    "0617": 9_500,  # Gnosjö
    "0642": 7_300,  # Mullsjö
    "0643": 12_700,  # Habo
    "0662": 29_700,  # Gislaved
    "0665": 14_400,  # Vaggeryd
    "0680": 144_000,  # Jönköping
    "0682": 31_800,  # Nässjö
    "0683": 35_000,  # Värnamo
    "0684": 11_400,  # Sävsjö
    "0685": 27_900,  # Vetlanda
    "0686": 17_800,  # Eksjö
    "0687": 19_400,  # Tranås
}

# Share of requests in another language than Swedish: high where many newcomers live.
OTHER_LANGUAGE_SHARE = {
    "0683": 0.34,  # Värnamo
    "0662": 0.32,  # Gislaved
    "0682": 0.26,  # Nässjö
    "0680": 0.24,  # Jönköping
    "0665": 0.24,  # Vaggeryd
}
OTHER_LANGUAGE_SHARE_ELSEWHERE = 0.04
NEWCOMER_MUNICIPALITIES = frozenset(OTHER_LANGUAGE_SHARE)
# Which other language, by weight: newcomers' languages where they live, a mix elsewhere.
NEWCOMER_LANGUAGES = {
    "ar": 30,
    "so": 16,
    "ti": 14,
    "uk": 14,
    "prs": 9,
    "fa": 7,
    "ku": 5,
    "bs": 3,
    "en": 2,
}
LANGUAGES_ELSEWHERE = {"ar": 3, "uk": 3, "en": 3, "fi": 3, "bs": 2, "pl": 2}
# How often a request in the language asks for an interpreter.
INTERPRETER_SHARE = {
    "ar": 0.7,
    "so": 0.75,
    "ti": 0.75,
    "prs": 0.7,
    "fa": 0.65,
    "ku": 0.65,
    "uk": 0.55,
    "bs": 0.3,
    "pl": 0.3,
    "fi": 0.2,
    "en": 0.05,
    "swl": 0.85,
}
SIGN_LANGUAGE_SHARE = 0.01  # of the Swedish-speaking requests
# The site languages a request in that language is likely made in (Dari: the fa site).
SITE_LANGUAGE = {
    "en": "en",
    "ar": "ar",
    "fa": "fa",
    "prs": "fa",
    "so": "so",
    "ti": "ti",
    "uk": "uk",
}

# Age bands, by weight: skewed old among Swedish speakers, younger among newcomers.
AGES_SWEDISH = {"0-29": 3, "30-49": 6, "50-64": 11, "65-74": 27, "75-84": 34, "85+": 19}
AGES_NEWCOMERS = {"0-29": 15, "30-49": 35, "50-64": 27, "65-74": 14, "75-84": 7, "85+": 2}
NO_AGE_SHARE = 0.05
OLDEST = ("75-84", "85+")

# What people ask about, by age band (weights; a topic not listed here weighs 1).
TOPIC_WEIGHTS = {
    "85+": {
        "bankid": 15,
        "swish-och-bank": 10,
        "1177-och-vard": 6,
        "e-tjanster": 2,
        "videosamtal": 4,
        "lana-utrustning": 0.5,
        "forsta-stegen": 5,
        "saker-pa-natet": 4,
        "jobb": 0.05,
        "skolplattformar": 0.05,
    },
    "75-84": {
        "bankid": 14,
        "swish-och-bank": 10,
        "1177-och-vard": 6,
        "e-tjanster": 3,
        "videosamtal": 4,
        "lana-utrustning": 0.5,
        "forsta-stegen": 4,
        "saker-pa-natet": 4,
        "jobb": 0.05,
        "skolplattformar": 0.05,
    },
    "65-74": {
        "bankid": 8,
        "swish-och-bank": 6,
        "1177-och-vard": 6,
        "e-tjanster": 4,
        "videosamtal": 3,
        "lana-utrustning": 1,
        "forsta-stegen": 3,
        "saker-pa-natet": 4,
        "jobb": 0.3,
        "skolplattformar": 0.3,
    },
    "50-64": {
        "bankid": 4,
        "swish-och-bank": 3,
        "1177-och-vard": 4,
        "e-tjanster": 5,
        "videosamtal": 1.5,
        "lana-utrustning": 1.5,
        "forsta-stegen": 2,
        "saker-pa-natet": 3,
        "jobb": 3,
        "skolplattformar": 1,
    },
    "30-49": {
        "bankid": 2.5,
        "swish-och-bank": 1.5,
        "1177-och-vard": 3,
        "e-tjanster": 5,
        "videosamtal": 1,
        "lana-utrustning": 2,
        "forsta-stegen": 1.5,
        "saker-pa-natet": 1.5,
        "jobb": 5,
        "skolplattformar": 5,
    },
    "0-29": {
        "bankid": 1.5,
        "swish-och-bank": 1,
        "1177-och-vard": 2,
        "e-tjanster": 4,
        "videosamtal": 0.5,
        "lana-utrustning": 3,
        "forsta-stegen": 1,
        "saker-pa-natet": 1,
        "jobb": 6,
        "skolplattformar": 3,
    },
}
# Newcomers more often need the authorities, work and school.
NEWCOMER_TOPIC_FACTOR = {"e-tjanster": 1.6, "jobb": 1.8, "skolplattformar": 1.8, "bankid": 1.2}
TOPIC_COUNTS = {1: 55, 2: 33, 3: 12}

# How often each accessibility need is mentioned, by age band; hearing and sight lead
# among the oldest.
NEEDS_YOUNGER = {"hearing": 0.02, "sight": 0.02, "reading": 0.05, "moving": 0.02, "time": 0.04}
ACCESSIBILITY_SHARE = {
    "85+": {
        "hearing": 0.35,
        "sight": 0.3,
        "time": 0.3,
        "home": 0.2,
        "moving": 0.2,
        "reading": 0.05,
    },
    "75-84": {
        "hearing": 0.22,
        "sight": 0.18,
        "time": 0.2,
        "home": 0.08,
        "moving": 0.12,
        "reading": 0.04,
    },
    "65-74": {
        "hearing": 0.08,
        "sight": 0.08,
        "time": 0.1,
        "home": 0.03,
        "moving": 0.05,
        "reading": 0.03,
    },
}
NEWCOMER_READING_SHARE = 0.12  # "reading or writing is hard" in a second language

GENDERS = {"woman": 57, "man": 41, "other": 1, "": 1}
FOR_WHOM = {ForWhom.ME: 74, ForWhom.SOMEONE_I_HELP: 21, ForWhom.PROFESSIONAL: 5}
PHONE_SHARE_OLDEST = 0.3  # of the oldest, asking by phone (on weekdays)
PHONE_SHARE = 0.12

# When requests arrive: weekdays far more than weekends, a tax-return spring and autumn,
# a quiet July and Christmas.
WEEKDAY_WEIGHT = (1.15, 1.1, 1.05, 1.0, 0.85, 0.25, 0.2)
MONTH_WEIGHT = (1.15, 1.2, 1.25, 1.1, 1.0, 0.8, 0.55, 0.85, 1.1, 1.15, 1.1, 0.85)
HOLIDAYS = {(1, 1), (1, 6), (5, 1), (6, 6), (12, 24), (12, 25), (12, 26), (12, 31)}
HOLIDAY_WEIGHT = 0.2
# Hour of day of web requests (0–23): mornings and early evenings.
HOUR_WEIGHT = (
    1,
    0.5,
    0.3,
    0.2,
    0.2,
    0.4,
    1,
    3,
    6,
    9,
    10,
    10,
    8,
    9,
    10,
    9,
    7,
    6,
    6,
    7,
    6,
    4,
    2,
    1.5,
)

# How the coordinators handle a request. First status change after 0–8 working days,
# most within three.
FIRST_RESPONSE_DAYS = {0: 22, 1: 28, 2: 20, 3: 12, 4: 7, 5: 5, 6: 3, 7: 2, 8: 1}
MAX_FIRST_RESPONSE_DAYS = 8
# Small networks with few volunteers are sometimes a day or two slower.
SLOWER_NETWORKS = {"0617": 1, "0642": 2, "0684": 1}
OUTCOMES = {
    "resolved": 80,
    "unreachable": 11,
    "withdrawn": 5,
    "never_handled": 1.5,  # still new: the gap a coordinator should notice
    "never_closed": 2.5,  # contacted or in progress, then forgotten
}
RESOLVED_AFTER_DAYS = {0: 6, 1: 12, 2: 14, 3: 14, 4: 12, 5: 10, 7: 10, 10: 8, 15: 8, 20: 6}
UNREACHABLE_AFTER_DAYS = {5: 3, 7: 4, 10: 3, 14: 2}
WITHDRAWN_AFTER_DAYS = {1: 3, 2: 3, 3: 2, 5: 2, 10: 1}
IN_PROGRESS_AFTER_DAYS = {0: 4, 1: 4, 2: 3, 3: 2, 5: 1, 8: 1}
WORKDAY_START = datetime.time(8, 0)
WORKDAY_MINUTES = 8 * 60 + 30  # 8:00–16:30
WORKDAY_LAST_START = datetime.time(16, 0)  # a request after this is handled another day
FORWARD_SHARE = 0.04
ASSIGN_SHARE = 0.45

# Neighbouring municipalities: a request near a border may first reach the neighbour's
# network, which forwards it.
NEIGHBOURS = {
    "0604": ("0680", "0682", "0686", "0687"),
    "0617": ("0662", "0665", "0683"),
    "0642": ("0643", "0680"),
    "0643": ("0642", "0680"),
    "0662": ("0617", "0683"),
    "0665": ("0617", "0680", "0683", "0684"),
    "0680": ("0604", "0642", "0643", "0665", "0682"),
    "0682": ("0604", "0680", "0684", "0685", "0686"),
    "0683": ("0617", "0662", "0665", "0684"),
    "0684": ("0665", "0682", "0683", "0685"),
    "0685": ("0682", "0684", "0686"),
    "0686": ("0604", "0682", "0685", "0687"),
    "0687": ("0604", "0686"),
}


def exist():
    """Whether demo referrals were created already."""
    return Referral.objects.filter(reference__startswith=REFERENCE_PREFIX).exists()


def seed_year(today=None, rng_seed=2026):
    """Create about TOTAL made-up referrals spread over the DAYS days before `today`
    (a date; the local date by default), with their history. Returns how many were
    created: 0 when demo referrals exist already, or when there is nothing to refer to
    (no municipality served by a network, no Swedish language entry)."""
    if exist():
        return 0
    today = today or timezone.localdate()
    rng = random.Random(rng_seed)
    world = _World.load()
    if not world.networks or SWEDISH not in world.languages:
        return 0
    with transaction.atomic():
        return _create(rng, world, today)


@dataclass
class _World:
    """What the referrals refer to, read once."""

    municipalities: dict  # code → municipality, for those a network serves
    networks: dict  # municipality code → the network that serves it
    coordinator: dict  # network pk → the user who handles its referrals (or None)
    recipients: dict  # network pk → who its notification emails go to
    topics: dict  # slug → Swedish help topic
    languages: dict  # code → Swedish language entry
    places: dict  # municipality code → its live Swedish support points
    status_label: dict  # status value → its label as the history shows it

    @classmethod
    def load(cls):
        municipalities, networks = {}, {}
        for municipality in Municipality.objects.order_by("code"):
            network = Network.objects.filter(municipalities=municipality).order_by("slug").first()
            if network is not None:
                municipalities[municipality.code] = municipality
                networks[municipality.code] = network
        by_pk = {network.pk: network for network in networks.values()}
        places = {}
        for point in (
            SupportPointPage.originals.live().select_related("municipality").order_by("pk")
        ):
            places.setdefault(point.municipality.code, []).append(point)
        with translation.override(WORKING_LANGUAGE):
            status_label = {status.value: str(status.label)[:200] for status in ReferralStatus}
        return cls(
            municipalities=municipalities,
            networks=networks,
            coordinator={
                pk: network.coordinators.filter(is_active=True).order_by("pk").first()
                for pk, network in by_pk.items()
            },
            recipients={pk: ", ".join(recipients(network))[:200] for pk, network in by_pk.items()},
            topics={topic.slug: topic for topic in HelpTopic.objects.order_by("pk")},
            languages={language.code: language for language in Language.objects.all()},
            places=places,
            status_label=status_label,
        )

    def explanation(self, rule, network, municipality):
        """The routing explanation a coordinator reads, as routing writes it."""
        with translation.override(WORKING_LANGUAGE):
            return str(EXPLANATIONS[rule]) % {
                "network": network.name,
                "municipality": municipality.name,
            }


def _create(rng, world, today):
    tz = timezone.get_current_timezone()
    cutoff = datetime.datetime.combine(today, datetime.time.min, tzinfo=tz)
    codes = list(world.networks)
    municipality_weights = [POPULATION.get(code, 10_000) for code in codes]
    days = [today - datetime.timedelta(days=back) for back in range(1, DAYS + 1)]
    day_weights = [_day_weight(day) for day in days]

    # Draw every request's day and municipality first, then make them day by day, so
    # primary keys follow the dates as they would on a real site.
    drawn = sorted(
        zip(
            rng.choices(days, weights=day_weights, k=TOTAL),
            rng.choices(codes, weights=municipality_weights, k=TOTAL),
            strict=True,
        )
    )
    references = set()
    referrals, histories, topic_lists = [], [], []
    for number, (day, code) in enumerate(drawn, start=1):
        referral, history, topics = _referral(rng, world, number, day, code, cutoff, tz)
        while referral.reference in references:
            referral.reference = _reference(rng)
        references.add(referral.reference)
        referrals.append(referral)
        histories.append(history)
        topic_lists.append(topics)

    # auto_now_add and auto_now overwrite the dates on insert: write them again after.
    times = [(referral.created_at, referral.updated_at) for referral in referrals]
    Referral.objects.bulk_create(referrals, batch_size=500)
    _set_times(
        Referral,
        ["created_at", "updated_at"],
        [(*pair, referral.pk) for referral, pair in zip(referrals, times, strict=True)],
    )

    Through = Referral.topics.through
    Through.objects.bulk_create(
        [
            Through(referral_id=referral.pk, helptopic_id=topic.pk)
            for referral, topics in zip(referrals, topic_lists, strict=True)
            for topic in topics
        ],
        batch_size=1000,
    )

    events, event_times = [], []
    for referral, history in zip(referrals, histories, strict=True):
        for at, fields in history:
            events.append(ReferralEvent(referral_id=referral.pk, **fields))
            event_times.append(at)
    ReferralEvent.objects.bulk_create(events, batch_size=1000)
    _set_times(
        ReferralEvent,
        ["at"],
        [(at, event.pk) for event, at in zip(events, event_times, strict=True)],
    )
    return len(referrals)


def _set_times(model, field_names, rows):
    """Write the given times over what auto_now(_add) put there: rows are (*times, pk).

    One prepared UPDATE run for every row: bulk_update's CASE expressions take seconds
    for the ~10,000 history entries."""
    fields = [model._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    # Only the model's own quoted table and column names go into the text; the values
    # are parameters.
    sql = f"UPDATE {table} SET {assignments} WHERE {pk} = %s"  # noqa: S608 - names only
    params = [
        [
            *(
                field.get_db_prep_value(value, connection)
                for field, value in zip(fields, row[:-1], strict=True)
            ),
            row[-1],
        ]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _day_weight(day):
    weight = WEEKDAY_WEIGHT[day.weekday()] * MONTH_WEIGHT[day.month - 1]
    return weight * HOLIDAY_WEIGHT if (day.month, day.day) in HOLIDAYS else weight


def _pick(rng, weights):
    """One key of a {value: weight} dict."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _reference(rng):
    return REFERENCE_PREFIX + "".join(
        rng.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH)
    )


# --- One referral ------------------------------------------------------------------------


def _referral(rng, world, number, day, code, cutoff, tz):
    """An unsaved referral made on `day` in the municipality, its history as
    [(time, event fields)] and its topics."""
    municipality = world.municipalities[code]
    network = world.networks[code]
    newcomer = rng.random() < OTHER_LANGUAGE_SHARE.get(code, OTHER_LANGUAGE_SHARE_ELSEWHERE)
    language_code = SWEDISH
    if newcomer:
        language_code = _pick(
            rng, NEWCOMER_LANGUAGES if code in NEWCOMER_MUNICIPALITIES else LANGUAGES_ELSEWHERE
        )
    elif rng.random() < SIGN_LANGUAGE_SHARE:
        language_code = "swl"
    if language_code not in world.languages:
        language_code, newcomer = SWEDISH, False
    needs_interpreter = rng.random() < INTERPRETER_SHARE.get(language_code, 0)

    age_band = (
        ""
        if rng.random() < NO_AGE_SHARE
        else _pick(rng, AGES_NEWCOMERS if newcomer else AGES_SWEDISH)
    )
    oldest = age_band in OLDEST
    phone_share = PHONE_SHARE_OLDEST if oldest else PHONE_SHARE
    source = ReferralSource.WEB
    if day.weekday() < 5 and rng.random() < phone_share:
        source = ReferralSource.PHONE
    created_at = _arrival(rng, day, source, tz)

    contact_method = _pick(
        rng,
        {"phone": 85, "sms": 10, "email": 5} if oldest else {"phone": 50, "sms": 25, "email": 25},
    )
    email = f"demoperson{number}@example.org" if contact_method == ContactMethod.EMAIL else ""
    phone = f"070-000 {number // 100 % 100:02d} {number % 100:02d}"
    if contact_method == ContactMethod.EMAIL and rng.random() < 0.3:
        phone = ""
    made_in = settings.LANGUAGE_CODE
    if source == ReferralSource.WEB and language_code in SITE_LANGUAGE and rng.random() < 0.65:
        made_in = SITE_LANGUAGE[language_code]

    # A few web requests near a border first reach the neighbour's network (a service
    # area drawn a little wide), which forwards them within a working day.
    first_network, forwarded_at = network, None
    if source == ReferralSource.WEB and rng.random() < FORWARD_SHARE:
        neighbours = [c for c in NEIGHBOURS.get(code, ()) if c in world.networks]
        at = _later(rng, created_at, rng.choice((0, 0, 1)), tz)
        if neighbours and at < cutoff:
            first_network, forwarded_at = world.networks[rng.choice(neighbours)], at
    coordinator = world.coordinator[network.pk]

    rule = RULE_SERVICE_AREA if forwarded_at else RULE_MUNICIPALITY
    explanation = world.explanation(rule, first_network, municipality)[:500]
    referral = Referral(
        reference=_reference(rng),
        submission_token=f"demo-{rng.getrandbits(128):032x}",
        source=source,
        for_whom=_pick(rng, FOR_WHOM),
        message=MESSAGE,
        language=world.languages[language_code],
        needs_interpreter=needs_interpreter,
        made_in_language=made_in,
        accessibility_needs=_needs(rng, age_band, newcomer),
        contact_method=contact_method,
        contact_times=sorted(
            rng.sample(list(ContactTime.values), rng.choice((1, 1, 2))),
            key=list(ContactTime.values).index,
        ),
        name=f"Demoperson {number}",
        phone=phone,
        email=email,
        municipality=municipality,
        age_band=age_band,
        gender=_pick(rng, GENDERS),
        consent=True,
        consent_at=created_at,
        network=network,
        routing_rule="forwarded" if forwarded_at else rule,
        routing_explanation=explanation,
        created_by=coordinator if source == ReferralSource.PHONE else None,
        created_at=created_at,
        updated_at=created_at,
        due_on=deadlines.response_deadline(
            forwarded_at or created_at, network.promise_working_days
        ),
    )

    history = [
        (
            created_at,
            {
                "kind": ReferralEvent.Kind.CREATED,
                "user": referral.created_by,
                "to_value": first_network.name[:200],
                "note": explanation,
            },
        )
    ]
    notified_at = _notified(rng, world, history, first_network, created_at, cutoff)
    changes = []  # (time, event fields) of the changes a coordinator made
    if forwarded_at:
        changes.append(
            (
                forwarded_at,
                {
                    "kind": ReferralEvent.Kind.FORWARDED,
                    "user": world.coordinator[first_network.pk],
                    "from_value": first_network.name[:200],
                    "to_value": network.name[:200],
                    "note": f"Personen bor i {municipality.name}; {network.name} tar ärendet.",
                },
            )
        )
        notified_at = _notified(rng, world, history, network, forwarded_at, cutoff)

    changes.extend(_handling(rng, world, referral, forwarded_at or created_at, cutoff, tz))
    changes.sort(key=lambda change: change[0])
    history.extend(changes)
    history.sort(key=lambda entry: entry[0])

    referral.notified_at = notified_at
    referral.notification_attempts = 1
    referral.version = 1 + len(changes)  # every change a coordinator makes counts
    referral.updated_at = changes[-1][0] if changes else created_at
    return referral, history, _topics(rng, world, age_band, newcomer)


def _handling(rng, world, referral, since, cutoff, tz):
    """What the coordinators did with a referral that reached its network at `since`,
    up to the cutoff: its status changes and perhaps an assignment to a help point, as
    [(time, event fields)]. Sets the referral's status, closed_at and assigned_to."""
    code = referral.municipality.code
    coordinator = world.coordinator[referral.network.pk]
    # Only what happened before the cutoff: the most recent requests are still open.
    steps = [
        step
        for step in _status_steps(rng, code, referral.created_at, since, tz)
        if step[0] < cutoff
    ]
    changes, status, closed_at = [], ReferralStatus.NEW, None
    previous = ReferralStatus.NEW
    for at, new_status in steps:
        changes.append(
            (
                at,
                {
                    "kind": ReferralEvent.Kind.STATUS,
                    "user": coordinator,
                    "from_value": world.status_label[previous],
                    "to_value": world.status_label[new_status],
                },
            )
        )
        previous = status = new_status
        if new_status in CLOSED_STATUSES:
            closed_at = at
    places = world.places.get(code)
    if (
        steps
        and places
        and steps[0][1] != ReferralStatus.WITHDRAWN
        and rng.random() < ASSIGN_SHARE
    ):
        # Handed to a local help point soon after the first contact.
        at = steps[0][0] + datetime.timedelta(minutes=rng.randint(2, 30))
        following = steps[1][0] if len(steps) > 1 else cutoff
        if at < following:
            place = rng.choice(places)
            referral.assigned_to = place
            changes.append(
                (
                    at,
                    {
                        "kind": ReferralEvent.Kind.ASSIGNED,
                        "user": coordinator,
                        "to_value": place.title[:200],
                    },
                )
            )
    referral.status = status
    referral.closed_at = closed_at
    return changes


def _notified(rng, world, history, network, after, cutoff):
    """Record the coordinators' email as sent a minute or two after `after` (at once
    when that would be after the cutoff)."""
    at = after + datetime.timedelta(seconds=rng.randint(20, 180))
    if at >= cutoff:
        at = after
    history.append(
        (at, {"kind": ReferralEvent.Kind.NOTIFIED, "to_value": world.recipients[network.pk]})
    )
    return at


def _arrival(rng, day, source, tz):
    """When a request made on `day` arrived: web requests at any hour (mostly daytime and
    early evening), phone calls in office hours."""
    if source == ReferralSource.PHONE:
        minute = rng.randint(8 * 60, 16 * 60 - 1)
    else:
        minute = rng.choices(range(24), weights=HOUR_WEIGHT)[0] * 60 + rng.randint(0, 59)
    at = datetime.datetime.combine(day, datetime.time(minute // 60, minute % 60), tzinfo=tz)
    return at + datetime.timedelta(seconds=rng.randint(0, 59))


def _needs(rng, age_band, newcomer):
    shares = dict(ACCESSIBILITY_SHARE.get(age_band, NEEDS_YOUNGER))
    if newcomer:
        shares["reading"] = max(shares.get("reading", 0), NEWCOMER_READING_SHARE)
    return [need for need in AccessibilityNeed.values if rng.random() < shares.get(need, 0)]


def _topics(rng, world, age_band, newcomer):
    """1–3 different topics, weighted by what people of the age band ask about."""
    weights = TOPIC_WEIGHTS.get(age_band, TOPIC_WEIGHTS["65-74"])
    candidates = {}
    for slug, topic in world.topics.items():
        weight = weights.get(slug, 1)
        if newcomer:
            weight *= NEWCOMER_TOPIC_FACTOR.get(slug, 1)
        candidates[topic] = weight
    chosen = []
    for _ in range(min(_pick(rng, TOPIC_COUNTS), len(candidates))):
        topic = _pick(rng, candidates)
        chosen.append(topic)
        del candidates[topic]
    return chosen


# --- Handling: the status changes a coordinator makes ------------------------------------


def _status_steps(rng, code, created_at, since, tz):
    """[(time, status)] a coordinator sets on a request made at `created_at` that reached
    them at `since` (later when it was forwarded): all of them, however far ahead."""
    outcome = _pick(rng, OUTCOMES)
    if outcome == "never_handled":
        return []
    # Working days are counted from the day the request was made, as the deadline shown
    # to the resident is (networks.deadlines).
    delay = _pick(rng, FIRST_RESPONSE_DAYS)
    if rng.random() < 0.5:
        delay += SLOWER_NETWORKS.get(code, 0)
    first_at = _later(rng, created_at, min(delay, MAX_FIRST_RESPONSE_DAYS), tz, since)
    if outcome == "withdrawn" and rng.random() < 0.4:
        # The person called back: they had got help elsewhere.
        return [(first_at, ReferralStatus.WITHDRAWN)]
    first = ReferralStatus.CONTACTED
    if outcome == "resolved" and rng.random() < 0.2:
        first = ReferralStatus.IN_PROGRESS
    steps = [(first_at, first)]
    last = first_at
    handled = outcome in ("resolved", "never_closed") and first == ReferralStatus.CONTACTED
    if handled and rng.random() < 0.55:
        last = _later(rng, last, _pick(rng, IN_PROGRESS_AFTER_DAYS), tz)
        steps.append((last, ReferralStatus.IN_PROGRESS))
    if outcome == "never_closed":
        return steps
    after_days, closed = {
        "resolved": (RESOLVED_AFTER_DAYS, ReferralStatus.RESOLVED),
        "unreachable": (UNREACHABLE_AFTER_DAYS, ReferralStatus.UNREACHABLE),
        "withdrawn": (WITHDRAWN_AFTER_DAYS, ReferralStatus.WITHDRAWN),
    }[outcome]
    steps.append((_later(rng, last, _pick(rng, after_days), tz), closed))
    return steps


def _later(rng, start, working_days, tz, after=None):
    """A time in office hours `working_days` working days after the local date of
    `start` (0: that same day, unless it is a weekend or past office hours), later than
    `after` (default: `start`)."""
    local = timezone.localtime(start, tz)
    if working_days == 0 and (local.weekday() >= 5 or local.time() >= WORKDAY_LAST_START):
        working_days = 1
    return _working_time(rng, _working_day(local.date(), working_days), after or start, tz)


def _working_day(day, working_days):
    """The day `working_days` working days after `day`, counted as the resident's
    deadline is."""
    return deadlines.add_working_days(day, working_days)


def _working_time(rng, day, after, tz):
    """A time in office hours on `day`, or a little after `after` when that is later."""
    minute = rng.randint(0, WORKDAY_MINUTES)
    at = datetime.datetime.combine(day, WORKDAY_START, tzinfo=tz) + datetime.timedelta(
        minutes=minute, seconds=rng.randint(0, 59)
    )
    if at <= after:
        at = after + datetime.timedelta(minutes=rng.randint(5, 90))
    return at
