"""The statistics computed from known referrals and the demo directory: demand and its
crossings, handling, supply, gaps, suppression, and the same figures after retention."""

import datetime

import pytest
from django.utils import timezone
from django.utils.translation import gettext

from directory.models import HelpTopic, Language, SupportPointPage
from figures import privacy, rollup
from figures.access import Scope
from figures.tables import Figures, Filters, Period
from geography.models import Municipality
from networks.deadlines import response_deadline
from networks.models import Network, Referral, ReferralEvent
from networks.referrals import change_status
from networks.retention import apply_retention
from tests.networks.test_coordinator_permissions import make_referral

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
THIS_MONTH = TODAY.replace(day=1)
PERIOD = Period.ending(THIS_MONTH)


def rows(table):
    """{row label: [cells]} of a table."""
    return {str(row[0]): [str(cell) for cell in row[1:]] for row in table.rows}


def table(tables, key):
    return next(found for found in tables if found.key == key)


def cell(found, row, column):
    """The cell of a two-way table at a row label and a column heading."""
    headings = [str(heading) for heading in found.headings]
    return rows(found)[row][headings.index(column) - 1]


def referrals(count, municipality="0680", **changes):
    return [make_referral(municipality, **changes) for _ in range(count)]


def figures(scope=None, **filters):
    rollup.update()
    return Figures(scope or Scope(), Filters(period=PERIOD, **filters))


# --- Protecting people -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, "0"), (1, "<5"), (4, "<5"), (5, "5"), (7, "5"), (8, "10"), (12, "10"), (13, "15")],
)
def test_counts_below_five_are_suppressed_and_the_rest_rounded_to_five(count, shown):
    assert privacy.display(privacy.protect(count)) == shown


def test_a_suppressed_cell_cannot_be_worked_out_from_the_total():
    # 13 women 85+, 3 men 85+: the total (16) is published as 15, the women as 15 and
    # the men as "<5"; 15 - 15 = 0 does not give the men's 3.
    referrals(13, age_band="85+", gender="woman")
    referrals(3, age_band="85+", gender="man")
    demand = figures().demand()
    ages = rows(table(demand, "age_band"))
    genders = rows(table(demand, "gender"))
    assert ages["85 eller äldre"][0] == "15"
    assert genders["Kvinna"][0] == "15"
    assert genders["Man"][0] == "<5"
    assert cell(table(demand, "gender_age"), "Man", "85 eller äldre") == "<5"


# --- Demand ------------------------------------------------------------------------------


def test_demand_counts_each_dimension_and_crossing():
    bankid = HelpTopic.objects.get(slug="bankid")
    arabic = Language.objects.get(code="ar")
    referrals(10, topics=[bankid], age_band="85+", gender="woman", language=arabic,
              needs_interpreter=True, accessibility_needs=["hearing"])  # fmt: skip
    referrals(5, municipality="0685", age_band="30-49", gender="man", for_whom="someone")
    demand = figures().demand()

    assert rows(table(demand, "summary"))[str(PERIOD)] == ["15"]
    assert rows(table(demand, "months"))[f"{THIS_MONTH:%Y-%m}"] == ["15"]
    assert rows(table(demand, "municipality"))["Jönköping"][0] == "10"
    assert rows(table(demand, "municipality"))["Vetlanda"][0] == "5"
    assert rows(table(demand, "municipality"))["Aneby"][0] == "0"
    assert rows(table(demand, "language"))["Arabiska"][0] == "10"
    assert rows(table(demand, "interpreter"))["Ja"][0] == "10"
    assert rows(table(demand, "need"))["Jag hör dåligt"][0] == "10"
    assert rows(table(demand, "for_whom"))["Någon jag hjälper, till exempel en anhörig"][0] == "5"
    assert cell(table(demand, "topic_age"), bankid.name, "85 eller äldre") == "10"
    assert cell(table(demand, "language_municipality"), "Arabiska", "Jönköping") == "10"
    assert cell(table(demand, "language_municipality"), "Arabiska", "Vetlanda") == "0"


def test_the_previous_period_stands_beside_this_one():
    old = referrals(6)
    year_ago = timezone.now() - datetime.timedelta(days=400)
    Referral.objects.filter(pk__in=[r.pk for r in old]).update(created_at=year_ago)
    referrals(10)
    summary = rows(table(figures().demand(), "summary"))
    assert summary[str(PERIOD)] == ["10"]
    previous = PERIOD.previous()
    assert str(previous) in summary
    assert summary[str(previous)] == (["5"] if previous.first <= year_ago.date() else ["0"])


def test_filters_narrow_to_a_municipality_network_and_topic():
    bankid = HelpTopic.objects.get(slug="bankid")
    referrals(10, topics=[bankid])
    referrals(10, municipality="0685")
    vetlanda = Network.objects.get(slug="vetlanda")
    assert rows(table(figures(network=vetlanda).demand(), "summary"))[str(PERIOD)] == ["10"]
    jonkoping = Municipality.objects.get(code="0680")
    by_place = figures(municipality=jonkoping).demand()
    assert rows(table(by_place, "summary"))[str(PERIOD)] == ["10"]
    by_topic = figures(topic=bankid).demand()
    assert rows(table(by_topic, "summary"))[str(PERIOD)] == ["10"]
    assert "topic" not in [found.key for found in by_topic]


def test_a_coordinator_scope_counts_only_their_networks():
    referrals(10)
    referrals(10, municipality="0685")
    vetlanda = Network.objects.get(slug="vetlanda")
    scope = Scope(
        network_ids=frozenset([vetlanda.pk]),
        municipality_ids=frozenset(vetlanda.municipalities.values_list("pk", flat=True)),
    )
    demand = figures(scope).demand()
    assert rows(table(demand, "summary"))[str(PERIOD)] == ["10"]
    assert list(rows(table(demand, "municipality"))) == ["Vetlanda"]


# --- Handling ----------------------------------------------------------------------------


def made_days_ago(days):
    """A referral's creation moved back, with the deadline it was promised then."""
    created = timezone.now() - datetime.timedelta(days=days)
    return {"created_at": created, "due_on": response_deadline(created)}


def test_handling_measures_first_contact_and_how_referrals_ended():
    contacted = referrals(5)
    for referral in contacted:
        change_status(referral, referral.version, None, "resolved")
    late = referrals(5)
    for referral in late:
        Referral.objects.filter(pk=referral.pk).update(**made_days_ago(20))
        referral.refresh_from_db()
        change_status(referral, referral.version, None, "unreachable")
    waiting = referrals(5)
    Referral.objects.filter(pk__in=[r.pk for r in waiting]).update(**made_days_ago(20))
    handling = figures().handling()
    contact = rows(table(handling, "contact"))
    assert contact[gettext("Contacted within the promised time")][0] == "5"
    assert contact[gettext("Contacted later than promised")][0] == "5"
    assert contact[gettext("Waiting, past the promised time")][0] == "5"
    outcome = rows(table(handling, "outcome"))
    assert outcome["Klar"][0] == "5"
    assert outcome["Nåddes inte"][0] == "5"
    assert outcome[gettext("Still open")][0] == "5"
    times = rows(table(handling, "times"))
    # Five contacted at once, five after twenty days: on average ten days.
    assert times[gettext("From request to first contact")][0] == "10,0"


# --- Supply ------------------------------------------------------------------------------


def test_supply_counts_the_live_places_and_their_hours():
    rollup.update()
    found = Figures(Scope(), Filters(period=PERIOD)).supply_tables()
    jonkoping = Municipality.objects.get(code="0680")
    live = SupportPointPage.originals.live().filter(municipality=jonkoping)
    expected_hours = sum(
        (row.closes.hour * 60 + row.closes.minute - row.opens.hour * 60 - row.opens.minute) / 60
        for point in live
        for row in point.opening_hours.all()
    )
    by_municipality = rows(table(found, "supply_municipality"))
    assert by_municipality["Jönköping"][0] == str(live.count())
    assert by_municipality["Jönköping"][1] == str(round(expected_hours))
    assert by_municipality["Jönköping"][-1] == gettext("population not loaded")
    bankid = HelpTopic.objects.get(slug="bankid")
    by_topic = rows(table(found, "supply_topic"))
    assert by_topic[bankid.name] == [
        str(SupportPointPage.originals.live().filter(topics=bankid).count())
    ]


def test_an_unpublished_place_leaves_the_supply():
    point = SupportPointPage.originals.live().filter(municipality__code="0604").first()
    before = rows(table(figures().supply_tables(), "supply_municipality"))["Aneby"][0]
    point.unpublish()
    after = rows(table(figures().supply_tables(), "supply_municipality"))["Aneby"][0]
    assert int(after) == int(before) - 1


# --- Gaps --------------------------------------------------------------------------------


def test_a_language_asked_for_where_no_place_offers_it_is_a_gap():
    tigrinya = Language.objects.get(code="ti")
    SupportPointPage.originals.filter(municipality__code="0604").first()  # Aneby
    offered = (
        SupportPointPage.originals.live()
        .filter(municipality__code="0604", languages=tigrinya)
        .exists()
    )
    referrals(6, municipality="0604", language=tigrinya)
    gaps = rows(table(figures().gaps(), "gap_language"))
    assert ("Aneby" in gaps) is not offered
    if not offered:
        assert gaps["Aneby"] == [str(tigrinya.name), "5"]


def test_a_topic_with_no_place_within_reach_is_a_gap(settings):
    settings.FIGURES_GAP_DISTANCE_KM = 0.001  # nothing is that close
    bankid = HelpTopic.objects.get(slug="bankid")
    referrals(5, topics=[bankid])
    gaps = rows(table(figures().gaps(), "gap_topic"))
    assert gaps["Jönköping"] == [bankid.name, "5"]
    settings.FIGURES_GAP_DISTANCE_KM = 500  # everything is
    assert "Jönköping" not in rows(table(figures().gaps(), "gap_topic"))


def test_an_accessibility_need_no_place_meets_is_a_gap():
    SupportPointPage.originals.filter(municipality__code="0604").update(hearing_loop=False)
    referrals(5, municipality="0604", accessibility_needs=["hearing"])
    gaps = rows(table(figures().gaps(), "gap_need"))
    assert gaps["Aneby"] == ["Jag hör dåligt", "5"]


def test_referrals_that_ended_without_help_per_municipality():
    for referral in referrals(10):
        change_status(referral, referral.version, None, "unreachable")
    for referral in referrals(10):
        change_status(referral, referral.version, None, "resolved")
    unhelped = rows(table(figures().gaps(), "gap_unhelped"))
    assert unhelped["Jönköping"] == ["10", "0", "20", "50 %"]


# --- After retention ---------------------------------------------------------------------


def test_the_figures_are_the_same_after_retention_removed_the_personal_data(settings):
    bankid = HelpTopic.objects.get(slug="bankid")
    made = referrals(10, topics=[bankid], accessibility_needs=["sight", "hearing"],
                     latitude=57.78, longitude=14.16, age_band="75-84")  # fmt: skip
    for referral in made:
        change_status(referral, referral.version, None, "resolved")
    before = {found.key: found.rows for found in figures().demand() + figures().handling()}
    Referral.objects.filter(pk__in=[r.pk for r in made]).update(
        closed_at=timezone.now() - datetime.timedelta(days=400)
    )
    run = apply_retention()
    assert run.closed == 10
    assert not Referral.objects.filter(pk__in=[r.pk for r in made], anonymised_at=None).exists()
    assert all(
        r.accessibility_needs == [] for r in Referral.objects.filter(pk__in=[r.pk for r in made])
    )
    after = {found.key: found.rows for found in figures().demand() + figures().handling()}
    assert after["need"] == before["need"]
    assert rows(table(figures().demand(), "need"))["Jag ser dåligt"][0] == "10"
    assert after["age_band"] == before["age_band"]
    assert after["topic_age"] == before["topic_age"]
    # Retention running again counts nothing twice.
    apply_retention()
    assert rows(table(figures().demand(), "need"))["Jag hör dåligt"][0] == "10"


def test_the_roll_up_says_when_it_counted():
    assert rollup.freshness() is None or rollup.freshness().finished_at <= timezone.now()
    run = rollup.update()
    assert rollup.freshness() == run
    assert run.referrals == Referral.objects.count()
    assert run.support_points == SupportPointPage.originals.live().count()


def test_the_events_of_the_demo_history_are_not_needed_for_counting():
    # A referral whose history is gone (erased) is still counted, as not yet contacted.
    referral = make_referral()
    ReferralEvent.objects.filter(referral=referral).delete()
    assert rows(table(figures().demand(), "summary"))[str(PERIOD)] == ["<5"]


def test_help_hours_per_thousand_older_residents_once_population_is_loaded():
    from geography.models import Population

    aneby = Municipality.objects.get(code="0604")
    for municipality in Municipality.objects.all():
        Population.objects.create(municipality=municipality, year=2025, age=64, people=9999)
        Population.objects.create(municipality=municipality, year=2025, age=70, people=1500)
        Population.objects.create(municipality=municipality, year=2025, age=100, people=500)
    found = figures()
    hours = next(row for row in found.supply_by_municipality() if row["municipality"] == aneby)
    expected = f"{hours['hours'] * 1000 / 2000:.1f}".replace(".", ",")
    assert rows(table(found.supply_tables(), "supply_municipality"))["Aneby"][-1] == expected
    fewest = table(found.gaps(), "gap_hours")
    per_thousand = [float(row[-1].replace(",", ".")) for row in fewest.rows]
    assert per_thousand == sorted(per_thousand)  # fewest hours first
    shaded = found.map_table("hours_per_older")
    assert not shaded.note  # no gettext("population not loaded")
    assert rows(shaded)[Network.objects.get(slug="aneby").name][-1] == expected
