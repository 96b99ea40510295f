"""The Whoosh backend's array scoring gives what Whoosh's own matchers give, and reads each
term's postings once per index version."""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
import pytest
from whoosh import query as q

from resource_directory.search.backend import SearchQuery
from resource_directory.search.query_analysis import Concept
from resource_directory.search.ranking import rank, rank_arrays
from resource_directory.search.understanding import understand
from resource_directory.search.whoosh_backend import (
    CATEGORY_CREDIT,
    TIEBREAK,
    WhooshBackend,
    WhooshVocabulary,
    alternative_query,
    analyze_terms,
    in_index,
)
from resource_directory.search.whoosh_best_of import BestOf
from resource_directory.search.whoosh_indexing import stemmed_positions
from resource_directory.search.whoosh_schema import whoosh_fields

TEXTS = [
    "food", "free groceries", "counseling in spanish", "help paying the electric bill",
    "birth control for teens", "senior meals", "family planning", "grief", "bike repair",
]


def matcher_scores(searcher, concept) -> dict[int, tuple[float, float]]:
    """What Whoosh's matcher trees score for a concept (the backend's former way)."""
    found: dict[int, tuple[float, float]] = {}
    direct = [a for a in concept.alternatives if a.via != "category"]
    category = [a for a in concept.alternatives if a.via == "category"]
    for alternatives, credit in ((direct, 1.0), (category, CATEGORY_CREDIT)):
        if not alternatives:
            continue
        query = BestOf([alternative_query(a) for a in alternatives], tiebreak=TIEBREAK)
        for score, docnum in searcher.search(query, limit=None).top_n:
            before = found.get(docnum)
            if before is None:
                found[docnum] = (score, credit)
            else:
                best, other = max(before[0], score), min(before[0], score)
                found[docnum] = (best + TIEBREAK * other, max(before[1], credit))
    return found


def array_scores(backend, searcher, concept):
    tables = backend._pool.tables(searcher)
    matches, scores, credits = backend._concept_scores(searcher, tables, concept, None)
    return {int(d): (scores[d], credits[d]) for d in matches.nonzero()[0]}


@pytest.fixture
def whoosh(tmp_path, documents, locate_zip):
    """A Whoosh index of several segments with a replaced (deleted and re-added) service."""
    backend = WhooshBackend(tmp_path / "index", locate_zip=locate_zip)
    backend.parallel_from, backend.parallel_batch = 3, 2
    backend.rebuild(documents, procs=2)
    pantry = next(document for document in documents if document.id == "pantry")
    backend.upsert([replace(pantry, description="Free groceries and family planning advice.")])
    return backend


@pytest.mark.parametrize("text", TEXTS)
def test_array_scores_equal_whoosh_matcher_scores(whoosh, text):
    searcher = whoosh._pool.searcher()
    assert len(searcher.reader().leaf_readers()) > 1 and searcher.reader().has_deletions()
    plan = understand(text, whoosh.synonyms, analyze_terms, WhooshVocabulary(searcher),
                      whoosh._hints())
    concepts = [c for c in plan.concepts if in_index(searcher, c)]
    assert concepts
    for concept in concepts:
        expected = matcher_scores(searcher, concept)
        found = array_scores(whoosh, searcher, concept)
        assert found.keys() == expected.keys()
        for docnum, (score, credit) in expected.items():
            assert found[docnum] == (pytest.approx(score, rel=1e-12), credit)


def test_each_terms_postings_are_read_once_per_index_version(whoosh, documents):
    query = SearchQuery(text="help paying the electric bill")
    filtered = SearchQuery(text=query.text, free=True)
    first = whoosh.search(query)
    first_filtered = whoosh.search(filtered)  # reads the filter's term too
    scores = whoosh._pool.tables(whoosh._pool.searcher()).term_scores
    read = scores.postings_read
    assert read > 0
    assert whoosh.search(query) == first
    assert whoosh.search(filtered) == first_filtered
    assert first_filtered.total <= first.total
    assert scores.postings_read == read  # the same terms again, filtered or not: no re-reading
    utility = next(document for document in documents if document.id == "utility")
    whoosh.upsert([replace(utility, name="Energy Bill Assistance Annex")])
    whoosh.search(query)
    again = whoosh._pool.tables(whoosh._pool.searcher()).term_scores
    assert again is not scores and again.postings_read > 0  # a new index version, read afresh



def test_ranking_over_arrays_equals_ranking_over_mappings():
    rng = random.Random(11)
    for _ in range(200):
        concepts = [Concept(f"c{i}", optional=rng.random() < 0.25)
                    for i in range(rng.randint(1, 4))]
        size = rng.randint(0, 30)
        matched = [np.array([rng.random() < 0.5 for _ in range(size)], dtype=bool)
                   for _ in concepts]
        scores = [np.array([rng.uniform(0.1, 20) for _ in range(size)]) for _ in concepts]
        credits = [np.array([rng.choice([1.0, CATEGORY_CREDIT]) for _ in range(size)])
                   for _ in concepts]
        typed = [rng.randint(0, 50) for _ in concepts]
        mappings = [
            {d: (float(scores[i][d]), float(credits[i][d])) for d in range(size) if matched[i][d]}
            for i in range(len(concepts))
        ]
        expected, expected_every = rank(concepts, mappings, typed, 100)
        kept, kept_scores, coverage, every = rank_arrays(concepts, matched, scores, credits,
                                                         typed, 100)
        assert every == expected_every
        assert dict(zip(kept.tolist(), zip(kept_scores.tolist(), coverage.tolist(),
                                           strict=True), strict=True)) == {
            key: (pytest.approx(r.score, rel=1e-12), pytest.approx(r.coverage, rel=1e-12))
            for key, r in expected.items()
        }



PHRASE_FIELDS = ("name", "categories", "keywords", "description", "audiences")


def test_phrases_are_found_where_whooshs_phrase_matcher_finds_them(whoosh, documents):
    """Every run of two or three words of the documents, and words far apart or reversed, at
    slop 1 to 3: the same documents as ``whoosh.query.Phrase`` (over several segments and a
    deleted document)."""
    searcher = whoosh._pool.searcher()
    scores = whoosh._pool.tables(searcher).term_scores
    rng = random.Random(7)
    found_some = 0
    for fieldname in PHRASE_FIELDS:
        phrases = set()
        for document in documents:
            stems = [stem for stem, _ in sorted(
                ((s, p) for s, ps in stemmed_positions(whoosh_fields(document)[fieldname]).items()
                 for p in ps), key=lambda item: item[1])]
            for length in (2, 3):
                for start in range(len(stems) - length + 1):
                    run = tuple(stems[start:start + length])
                    phrases |= {run, run[::-1], tuple(rng.sample(stems, length))}
        for phrase in sorted(phrases):
            for slop in (1, 2, 3):
                query = q.Phrase(fieldname, list(phrase), slop=slop)
                expected = set(searcher.docs_for_query(query))
                found = set(np.flatnonzero(scores.phrase(searcher, fieldname, phrase, slop)))
                assert found == expected, (fieldname, phrase, slop)
                found_some += bool(expected)
    assert found_some > 50


def test_filter_clauses_match_the_documents_whooshs_matchers_find(whoosh):
    from resource_directory.search.whoosh_tables import clause_terms

    searcher = whoosh._pool.searcher()
    tables = whoosh._pool.tables(searcher)
    clauses = [q.Term("free", True), q.Term("city", "redwood city"),
               q.Or([q.Term("languages", "spanish"), q.Term("languages", "chinese")]),
               q.NumericRange("minimum_age", None, 30 * 12), q.Term("languages", "klingon")]
    assert [clause_terms(c) is not None for c in clauses] == [True, True, True, False, True]
    for clause in clauses:
        expected = set(searcher.docs_for_query(clause))
        assert set(np.flatnonzero(tables.filter_mask(searcher, clause))) == expected, clause


def test_results_and_facets_are_ordered_by_arrays_as_by_sorting_and_counting():
    from collections import Counter

    from resource_directory.search.whoosh_tables import (
        FacetPairs,
        facet_counts,
        ranked_order,
    )

    rng = random.Random(11)
    size = 400
    ids = [f"s{rng.randrange(10_000)}-{n}" for n in range(size)]
    id_ranks = np.empty(size, dtype=np.int64)
    id_ranks[sorted(range(size), key=ids.__getitem__)] = np.arange(size)
    names = ["food", "housing", "legal", "health", "jobs", "seniors"]
    facets = [tuple(rng.sample(names, rng.randint(0, 3))) for _ in range(size)]
    pairs = FacetPairs(
        np.array([d for d, row in enumerate(facets) for _ in row], dtype=np.int64),
        np.array([names.index(v) for row in facets for v in row], dtype=np.int64),
        np.array([slot for row in facets for slot in range(len(row))], dtype=np.int64),
        names, 3,
    )
    for _ in range(20):
        docnums = rng.sample(range(size), rng.randint(0, size))
        # Scores with near-ties (equal after rounding to 9 places) and exact ties.
        matches = [(rng.choice([1.0, 2.5, 2.5 + 1e-12, rng.random()]), d, None,
                    rng.random() < 0.2) for d in docnums]
        expected = sorted(matches, key=lambda m: (not m[3], -round(m[0], 9), ids[m[1]]))
        assert ranked_order(matches, id_ranks) == expected
        counted: Counter[str] = Counter()
        for match in expected:
            counted.update(facets[match[1]])
        position = np.full(size, -1, dtype=np.int64)
        position[[m[1] for m in expected]] = np.arange(len(expected))
        found = facet_counts(pairs, position)
        assert list(found.items()) == counted.most_common()
