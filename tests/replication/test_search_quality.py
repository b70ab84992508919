"""Catalog search quality (issue #18): the evaluation set of replication/catalog/search_evaluation
measured with today's search must not fall below the figures recorded in its baseline.yaml."""

from __future__ import annotations

import pytest

from replication.catalog.search_evaluation.evaluate import (
    CatalogItem,
    EvaluationDataError,
    Query,
    check,
    evaluate,
    load_baseline,
    load_catalog,
    load_queries,
    ndcg_at,
    recall_at,
)

TOLERANCE = 0.005


def test_the_evaluation_files_agree_with_each_other_and_the_regions(db):
    from regions.models import Region

    items, queries = load_catalog(), load_queries()
    assert 300 <= len(items) <= 500
    assert len(queries) >= 60
    assert len({item.region for item in items}) >= 60
    assert len({item.affair for item in items}) >= 25
    check(items, queries, set(Region.objects.values_list("code", flat=True)))


def test_check_names_what_contradicts(db):
    items = [CatalogItem("a", "99.99", "A", "Dinas", "no-such-affair", "", "")]
    queries = [Query("x", "", {"b": 2}), Query("y", "", {"a": 3})]
    with pytest.raises(EvaluationDataError) as raised:
        check(items, queries, {"63.03"})
    message = str(raised.value)
    for expected in ("unknown region 99.99", "unknown affair", "unknown entry b", "grade 3"):
        assert expected in message


def test_measures():
    judged = {"a": 2, "b": 1, "c": 2}
    # The ideal order is a, c, b: its nDCG is 1 whatever the order among equal grades.
    assert ndcg_at(["c", "a", "b"], judged) == pytest.approx(1.0)
    assert ndcg_at(["x", "y"], judged) == 0.0
    # One grade-2 entry at rank 2 (discount log2 3), ideal 2 + 2/log2 3 + 1/2.
    assert ndcg_at(["x", "a"], judged) == pytest.approx((2 / 1.5849625) / (2 + 2 / 1.5849625 + 0.5))
    assert recall_at(["a", "x", "b"], judged) == pytest.approx(2 / 3)
    # More than 20 relevant entries: 20 of them in the first 20 hits is full recall.
    many = {f"k{n}": 1 for n in range(30)}
    assert recall_at([f"k{n}" for n in range(20)], many) == 1.0


def test_search_quality_does_not_drop_below_the_baseline(db):
    from replication.catalog import search_vocabulary

    # The vocabulary is cached per process for a minute: one an earlier test built (with its own
    # synonym groups) must not judge this catalog.
    search_vocabulary.forget()
    report = evaluate()
    baseline = load_baseline()
    account = "\n".join(report.lines(worst=15))
    print(account)
    assert report.ndcg >= baseline["ndcg_at_10"] - TOLERANCE, account
    assert report.recall >= baseline["recall_at_20"] - TOLERANCE, account
