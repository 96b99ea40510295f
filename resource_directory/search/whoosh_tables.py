"""What the Whoosh backend reads once per index version: per-document tables and filter sets.

A query touches thousands of matching documents; reading each one's id, facets and place from
the index columns costs more than the text matching. These tables hold them in lists indexed
by document number, and the documents of filter clauses ("speaks spanish", "free", one map
cell) are boolean arrays, remembered, so a repeated filter costs an array ``&``, not a posting
walk. A clause of terms (a term, or any of several: the map cells around a point) is read
term by term from the postings (``TermScores.docs``, each term remembered on its own, so the
cells two nearby searches share are read once); others go through Whoosh's matchers. Both
belong to one index generation and are dropped when the index changes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from whoosh import query as q

from resource_directory.search.document import WeeklyOpening
from resource_directory.search.whoosh_schema import read_facets, read_place
from resource_directory.search.whoosh_scores import TermScores

# Filter clauses and sets of them remembered per index version (each a boolean array).
FILTER_CACHE_SIZE = 256

# Latitude, longitude, weekly openings and the weekdays any schedule opens on.
Place = tuple[float | None, float | None, tuple[WeeklyOpening, ...], frozenset[int]]


def index_version(reader) -> tuple:
    """What identifies the documents a reader sees: its segments and their deletions.

    Generation numbers alone are not enough: a rebuilt index starts counting again.
    """
    segments = []
    for leaf, _offset in reader.leaf_readers():
        segment = leaf.segment()
        segments.append((segment.segment_id(), segment.deleted_count()) if segment else None)
    return reader.generation(), tuple(segments)


class FacetPairs(NamedTuple):
    docs: np.ndarray  # document number of each (document, value) row
    values: np.ndarray  # the value's number (its index in ``names``)
    slots: np.ndarray  # the value's place among its document's values
    names: list[str]
    width: int  # more than any slot


def ranked_order(matches: list[tuple], id_ranks: np.ndarray) -> list[tuple]:
    """``matches`` (score, docnum, distance, opens on a day asked for) sorted as
    ``sorted(key=(not on_day, -round(score, 9), id))`` sorts them, by arrays."""
    if not matches:
        return []
    rounded = np.array([round(match[0], 9) for match in matches])
    docnums = np.fromiter((match[1] for match in matches), dtype=np.int64, count=len(matches))
    off_day = np.fromiter((not match[3] for match in matches), dtype=bool, count=len(matches))
    order = np.lexsort((id_ranks[docnums], -rounded, off_day))
    return [matches[i] for i in order.tolist()]


def facet_counts(pairs: FacetPairs, position: np.ndarray) -> dict[str, int]:
    """How many matches have each value, most first, ties in the order the matches first
    show them (as ``Counter.most_common`` over the matches in order gives them);
    ``position``: each document's place among the matches, -1 when not one."""
    at = position[pairs.docs]
    kept = at >= 0
    values = pairs.values[kept]
    counts = np.bincount(values, minlength=len(pairs.names))
    first = np.full(len(pairs.names), np.iinfo(np.int64).max)
    np.minimum.at(first, values, at[kept] * pairs.width + pairs.slots[kept])
    present = np.flatnonzero(counts)
    order = present[np.lexsort((first[present], -counts[present]))]
    return {pairs.names[i]: int(counts[i]) for i in order.tolist()}


class DocTables:
    """Per-document values of one index version, each read from its column on first use."""

    def __init__(self, reader) -> None:
        self.version = index_version(reader)
        self.size = reader.doc_count_all()
        self._reader_lock = threading.Lock()
        self._columns: dict[str, list] = {}  # column name → one decoded value per document
        self._filters: OrderedDict[str, np.ndarray] = OrderedDict()
        self._masks: OrderedDict[str, np.ndarray] = OrderedDict()
        self.term_scores: TermScores | None = None
        self._id_ranks: np.ndarray | None = None
        self._facet_pairs: list[FacetPairs] | None = None

    def _column(self, reader, name: str, decode: Callable[[bytes], object]) -> list:
        """Every document's value of one column, decoded once for this index version."""
        rows = self._columns.get(name)
        if rows is None:
            with self._reader_lock:
                rows = self._columns.get(name)
                if rows is None and not self.size:
                    # An empty index (a fresh instance) has no columns to read: Whoosh raises
                    # NotImplementedError for them. No documents, no values.
                    rows = []
                elif rows is None:
                    column = reader.column_reader(name)
                    rows = [decode(column[docnum]) for docnum in range(self.size)]
                self._columns[name] = rows
        return rows

    def ids(self, reader) -> list[str]:
        return self._column(reader, "id", lambda value: value)

    def facets(self, reader) -> list[tuple[tuple[str, ...], ...]]:
        names: dict[str, str] = {}  # one string object per distinct value

        def decode(value: bytes) -> tuple[tuple[str, ...], ...]:
            return tuple(
                tuple(names.setdefault(v, v) for v in set(values))
                for values in read_facets(value)
            )

        return self._column(reader, "facets", decode)

    def id_ranks(self, reader) -> np.ndarray:
        """Each document's place in the order of ids (ties in ranking are broken by id)."""
        if self._id_ranks is None:
            ids = self.ids(reader)
            ranks = np.empty(len(ids), dtype=np.int64)
            ranks[sorted(range(len(ids)), key=ids.__getitem__)] = np.arange(len(ids))
            self._id_ranks = ranks
        return self._id_ranks

    def facet_pairs(self, reader) -> list[FacetPairs]:
        """The facets column as arrays, one set per kind (categories, languages, audiences):
        a row per (document, value), so counting over thousands of matches is array work."""
        if self._facet_pairs is None:
            kinds = []
            rows = self.facets(reader)
            for kind in range(3):
                numbers: dict[str, int] = {}
                docs, values, slots = [], [], []
                for docnum, row in enumerate(rows):
                    for slot, name in enumerate(row[kind]):
                        docs.append(docnum)
                        values.append(numbers.setdefault(name, len(numbers)))
                        slots.append(slot)
                kinds.append(FacetPairs(np.array(docs, dtype=np.int64),
                                        np.array(values, dtype=np.int64),
                                        np.array(slots, dtype=np.int64), list(numbers),
                                        max(slots, default=0) + 1))
            self._facet_pairs = kinds
        return self._facet_pairs

    def places(self, reader) -> list[Place]:
        def decode(value: bytes) -> Place:
            lat, lon, openings, days = read_place(value)
            return lat, lon, tuple(openings), days

        return self._column(reader, "place", decode)

    def filter_mask(self, searcher, clause: q.Query) -> np.ndarray:
        """The live documents matching one filter clause, remembered for this index version."""
        key = repr(clause)
        with self._reader_lock:
            found = self._filters.get(key)
            if found is not None:
                self._filters.move_to_end(key)
                return found
        terms = clause_terms(clause)
        if terms is not None:
            found = np.zeros(self.size, dtype=bool)
            for fieldname, text in terms:
                found |= self.term_scores.docs(searcher, fieldname, text)
        else:
            found = np.zeros(self.size, dtype=bool)
            found[np.fromiter(searcher.docs_for_query(clause), dtype=np.int64)] = True
        with self._reader_lock:
            self._filters[key] = found
            while len(self._filters) > FILTER_CACHE_SIZE:
                self._filters.popitem(last=False)
        return found

    def allowed_mask(self, searcher, clauses: list[q.Query]) -> np.ndarray | None:
        """Documents passing every clause, as a boolean array over document numbers,
        remembered per set of clauses (None when there are no clauses)."""
        if not clauses:
            return None
        key = repr(clauses)
        with self._reader_lock:
            found = self._masks.get(key)
            if found is not None:
                self._masks.move_to_end(key)
                return found
        found = np.logical_and.reduce([self.filter_mask(searcher, c) for c in clauses])
        with self._reader_lock:
            self._masks[key] = found
            while len(self._masks) > FILTER_CACHE_SIZE:
                self._masks.popitem(last=False)
        return found


def clause_terms(clause: q.Query) -> list[tuple[str, object]] | None:
    """The (field, text) terms of a clause matching any of them, or None for another kind."""
    if type(clause) is q.Term:
        return [(clause.fieldname, clause.text)]
    if type(clause) is q.Or and all(type(sub) is q.Term for sub in clause.subqueries):
        return [(sub.fieldname, sub.text) for sub in clause.subqueries]
    return None


class SearcherPool:
    """One open searcher per thread, refreshed when the index changes, plus shared tables.

    Whoosh searchers are not shared between threads (refreshing one closes what another may be
    reading); the tables are read-only once built, so every thread uses the same ones.
    """

    def __init__(self, open_index: Callable[[], object], weighting) -> None:
        self._open_index = open_index
        self._weighting = weighting
        self._local = threading.local()
        self._tables: DocTables | None = None
        self._lock = threading.Lock()

    def searcher(self):
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None and not searcher.up_to_date():
            # Not ``refresh()``: whoosh-reloaded 2.7's reuses the old reader's segments, so
            # replaced documents come back. A fresh searcher costs one open.
            searcher.close()
            searcher = None
        if searcher is None:
            searcher = self._open_index().searcher(weighting=self._weighting)
            self._local.searcher = searcher
        return searcher

    def tables(self, searcher) -> DocTables:
        reader = searcher.reader()
        with self._lock:
            if self._tables is None or self._tables.version != index_version(reader):
                self._tables = DocTables(reader)
                self._tables.term_scores = TermScores(reader.doc_count_all(), self._weighting)
            return self._tables

    def reset(self) -> None:
        """Forget every thread's searcher (after the index was replaced on disk)."""
        self._local = threading.local()
        with self._lock:
            self._tables = None
