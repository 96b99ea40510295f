"""Ranking quality against graded judgements: nDCG@k and Recall@k, averaged over queries."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

Judgements = Mapping[str, int]  # document id → grade (0 = not relevant; unlisted ids are 0)


def dcg(grades: Sequence[int]) -> float:
    """Discounted cumulative gain with exponential gain: a grade 2 counts three times a 1."""
    return sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(grades))


def ndcg_at(k: int, ranking: Sequence[str], judgements: Judgements) -> float:
    """DCG of the first ``k`` results over the best DCG the judgements allow (0 when none)."""
    ideal = dcg(sorted(judgements.values(), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([judgements.get(doc_id, 0) for doc_id in ranking[:k]]) / ideal


def recall_at(k: int, ranking: Sequence[str], judgements: Judgements) -> float:
    """Share of the relevant documents (grade > 0) found in the first ``k`` results."""
    relevant = {doc_id for doc_id, grade in judgements.items() if grade > 0}
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranking[:k])) / len(relevant)


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0
