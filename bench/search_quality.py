"""The directory's search quality set (bench/search_quality.csv): everyday queries, written
by the team, each with what it should find: a help topic (its slug), a language (its
code), an accessibility feature (its field), a target group (its slug) or a place (the
start of its name).

A query is right when it finds something, and each of its first five places offers what
it should (for a place: one of the first five is it). The test runs the set on the demo
data on both databases (tests/directory/test_search_quality.py); the benchmark reports
the same figures on its generated data, where the places' names differ and only the
other kinds count.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

QUALITY_SET = Path(__file__).with_name("search_quality.csv")
FIRST = 5


@dataclass(frozen=True)
class Case:
    query: str
    expects: str
    value: str
    why: str


def cases(kinds=None):
    with QUALITY_SET.open(encoding="utf-8") as handle:
        found = [Case(**row) for row in csv.DictReader(handle)]
    return [case for case in found if kinds is None or case.expects in kinds]


def _offers(case, point):
    if case.expects == "topic":
        return any(topic.slug == case.value for topic in point.topics.all())
    if case.expects == "language":
        return any(language.code == case.value for language in point.languages.all())
    if case.expects == "group":
        return any(group.slug == case.value for group in point.target_groups.all())
    if case.expects == "feature":
        return getattr(point, case.value)
    return point.title.startswith(case.value)


def judge(case):
    """(found anything, first five right) for one case, on the current database."""
    from directory.models import SupportPointPage
    from directory.search import DirectorySearch

    search = DirectorySearch({"q": case.query})
    first = [pk for pk, _distance in search.ordered[:FIRST]]
    points = SupportPointPage.originals.filter(pk__in=first).prefetch_related(
        "topics", "languages", "target_groups"
    )
    offers = [_offers(case, point) for point in points]
    if case.expects == "place":
        return bool(first), any(offers)
    return bool(first), bool(offers) and all(offers)


def evaluate(kinds=None):
    """{"queries", "zero_results", "first_five_right", "wrong": [(case, found)]}."""
    wrong, zero, right = [], 0, 0
    found_cases = cases(kinds)
    for case in found_cases:
        found, first_right = judge(case)
        zero += not found
        right += first_right
        if not first_right:
            wrong.append((case, found))
    return {
        "queries": len(found_cases),
        "zero_results": zero / len(found_cases),
        "first_five_right": right / len(found_cases),
        "wrong": wrong,
    }
