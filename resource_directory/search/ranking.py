"""Ranking by coordination: services matching more of what was asked come first.

No word is required. Each concept's best-matching alternative gives a service a BM25F score
(computed by the backend) and a credit: 1 when the service says it (the words, a synonym, a
spelling fix), less when only its taxonomy category matches. A service's score is the sum over
concepts, times the share of the query's weight its credits cover, squared. A concept's weight
is the idf of the words as typed: missing "hospice" costs more than missing "care", and a word
no service uses (a Spanish word the lexicon translates) counts fully. Services covering less
than 45% of what the best service covers are dropped, so a long query keeps its near misses
without a tail of one-word matches.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from resource_directory.search.query_analysis import Concept
from resource_directory.search.understanding import concept_weight

COORDINATION_POWER = 2.0
KEEP_FROM_SHARE = 0.45
OPTIONAL_SHARE = 0.5  # an optional concept ("free", "seniors") lifts by half its score


@dataclass(frozen=True)
class Ranked:
    score: float
    coverage: float  # share of the required concepts' weight this service matched


def rank(
    concepts: Sequence[Concept],
    scores: Sequence[Mapping[Hashable, tuple[float, float]]],
    typed_frequencies: Sequence[int],
    collection_size: int,
) -> tuple[dict[Hashable, Ranked], bool]:
    """Combine per-concept (score, credit) pairs (one mapping per concept, in order) into one
    score per service; ``typed_frequencies`` are how many services use each concept's words as
    typed. Return the kept services and whether some service fully matched every concept."""
    required = [i for i, c in enumerate(concepts) if not c.optional]
    optional = [i for i, c in enumerate(concepts) if c.optional]
    weights = {i: concept_weight(typed_frequencies[i], collection_size) for i in required}
    total_weight = sum(weights.values())
    candidates: set[Hashable] = set()
    for i in required or optional:
        candidates.update(scores[i])
    ranked: dict[Hashable, Ranked] = {}
    for key in candidates:
        matched = [(i, scores[i][key]) for i in required if key in scores[i]]
        covered = sum(weights[i] * credit for i, (_score, credit) in matched)
        coverage = covered / total_weight if total_weight else 1.0
        score = sum(score for _i, (score, _credit) in matched) * coverage**COORDINATION_POWER
        score += OPTIONAL_SHARE * sum(scores[i].get(key, (0.0, 0.0))[0] for i in optional)
        ranked[key] = Ranked(score, coverage)
    best = max((r.coverage for r in ranked.values()), default=0.0)
    floor = KEEP_FROM_SHARE * best - 1e-9
    kept = {key: r for key, r in ranked.items() if r.coverage >= floor}
    return kept, best >= 1.0 - 1e-9


def rank_arrays(
    concepts: Sequence[Concept],
    matched: Sequence[np.ndarray],
    scores: Sequence[np.ndarray],
    credits: Sequence[np.ndarray],
    typed_frequencies: Sequence[int],
    collection_size: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, bool]:
    """``rank`` over arrays (one entry per candidate, per concept: whether it matched, its
    score and credit), for thousands of candidates at once; the same sums in the same order.
    Return the kept positions, their scores and coverages, and whether one matched fully."""
    size = len(matched[0]) if matched else 0
    required = [i for i, c in enumerate(concepts) if not c.optional]
    optional = [i for i, c in enumerate(concepts) if c.optional]
    weights = {i: concept_weight(typed_frequencies[i], collection_size) for i in required}
    total_weight = sum(weights.values())
    candidates = np.zeros(size, dtype=bool)
    for i in required or optional:
        candidates |= matched[i]
    covered = np.zeros(size)
    summed = np.zeros(size)
    for i in required:
        covered = covered + np.where(matched[i], weights[i] * credits[i], 0.0)
        summed = summed + np.where(matched[i], scores[i], 0.0)
    coverage = covered / total_weight if total_weight else np.ones(size)
    score = summed * coverage**COORDINATION_POWER
    if optional:
        lift = np.zeros(size)
        for i in optional:
            lift = lift + np.where(matched[i], scores[i], 0.0)
        score = score + OPTIONAL_SHARE * lift
    positions = np.flatnonzero(candidates)
    best = float(coverage[positions].max()) if positions.size else 0.0
    kept = positions[coverage[positions] >= KEEP_FROM_SHARE * best - 1e-9]
    return kept, score[kept], coverage[kept], best >= 1.0 - 1e-9
