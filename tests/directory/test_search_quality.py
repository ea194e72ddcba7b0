"""The search quality set (bench/search_quality.csv) on the demo data, on this database:
the same thresholds on SQLite and PostgreSQL."""

import pytest

from bench import search_quality

pytestmark = pytest.mark.django_db


def test_the_quality_set_is_large_and_varied():
    cases = search_quality.cases()
    assert len(cases) >= 150
    assert {case.expects for case in cases} == {"topic", "language", "feature", "group", "place"}


def test_everyday_queries_find_the_right_places(demo_site):
    result = search_quality.evaluate()
    report = "\n".join(
        f"  {case.query!r} → {case.expects} {case.value} ({'wrong first five' if found else 'nothing'})"
        for case, found in result["wrong"]
    )
    assert result["zero_results"] <= 0.02, f"too many queries find nothing:\n{report}"
    assert result["first_five_right"] >= 0.90, f"too few queries right:\n{report}"
