"""The relevance metrics follow their textbook definitions."""

from __future__ import annotations

import math

import pytest

from resource_directory.search.evaluation import dcg, mean, ndcg_at, recall_at

JUDGED = {"a": 2, "b": 1, "c": 1}


def test_dcg_discounts_by_log_rank_with_exponential_gain():
    assert dcg([2, 1, 0]) == pytest.approx(3 / math.log2(2) + 1 / math.log2(3))


def test_ideal_ranking_scores_one():
    assert ndcg_at(10, ["a", "b", "c"], JUDGED) == pytest.approx(1.0)
    assert ndcg_at(10, ["a", "c", "b", "x"], JUDGED) == pytest.approx(1.0)


def test_worse_orderings_score_less():
    assert ndcg_at(10, ["b", "c", "a"], JUDGED) < ndcg_at(10, ["a", "b", "c"], JUDGED)
    assert ndcg_at(10, ["x", "a", "b", "c"], JUDGED) < 1.0


def test_ndcg_only_looks_at_the_first_k():
    assert ndcg_at(1, ["x", "a"], JUDGED) == 0.0
    assert ndcg_at(1, ["a", "x"], JUDGED) == pytest.approx(1.0)


def test_ndcg_without_relevant_documents_is_zero():
    assert ndcg_at(10, ["a"], {"a": 0}) == 0.0


def test_recall_counts_relevant_documents_in_the_first_k():
    assert recall_at(2, ["a", "x", "b"], JUDGED) == pytest.approx(1 / 3)
    assert recall_at(20, ["c", "b", "a"], JUDGED) == 1.0
    assert recall_at(20, ["a"], {"a": 0}) == 0.0


def test_mean_of_nothing_is_zero():
    assert mean([]) == 0.0
    assert mean([0.5, 1.0]) == 0.75
